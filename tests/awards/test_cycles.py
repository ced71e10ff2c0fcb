import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import selectors, services
from awards.models import AwardCycle, Criterion

from .factories import NominationFactory, assign, past_cycle, submit_review

pytestmark = pytest.mark.django_db


GOVERNANCE = "Hiệu lực, hiệu quả của mô hình quản trị của tổ chức, doanh nghiệp"
PRODUCT = "Chất lượng, mức độ tin cậy, sự vượt trội hoặc độc đáo của sản phẩm, hàng hóa"


def test_cycles_2021_to_2025_keep_the_seven_criteria_and_their_levels():
    for year in (2021, 2025):
        cycle = past_cycle(year)
        criteria = {c.code: c.max_points for c in cycle.criteria.all()}
        assert criteria == {
            "leadership": 120,
            "strategy": 85,
            "customers": 85,
            "measurement": 90,
            "workforce": 85,
            "operations": 85,
            "results": 450,
        }
        assert set(cycle.criteria.values_list("group", flat=True)) == {""}
        levels = {level.code: level.min_points for level in cycle.levels.all()}
        assert levels == {"gold": 800, "quality": 600}
        assert "132/2008/NĐ-CP" in cycle.legal_basis
        assert set(cycle.categories) == {
            "large_manufacturing",
            "large_services",
            "sme_manufacturing",
            "sme_services",
        }


def test_a_2026_cycle_carries_the_two_criteria_groups_of_decree_37_2026():
    cycle = past_cycle(2026)
    assert cycle.legal_basis == "Nghị định số 37/2026/NĐ-CP ngày 23/01/2026"
    groups = selectors.criteria_by_group(cycle.criteria.all())
    assert [(g["group"], g["points"]) for g in groups] == [(GOVERNANCE, 600), (PRODUCT, 400)]
    assert [c.name for c in groups[0]["criteria"]] == [
        "Lãnh đạo",
        "Chiến lược",
        "Khách hàng",
        "Đo lường, phân tích và quản lý tri thức",
        "Lực lượng lao động",
        "Vận hành",
        "Kết quả",
    ]
    assert [c.code for c in groups[1]["criteria"]] == [
        "product_quality",
        "product_reliability",
        "product_distinction",
    ]
    assert services.criteria_total(cycle) == 1000
    levels = {level.code: level.min_points for level in cycle.levels.all()}
    assert levels == {"gold": 800, "silver": 700}


def test_cycle_page_shows_the_groups_with_their_points(staff_client):
    cycle = past_cycle(2026)
    html = staff_client.get(reverse("awards:cycle_detail", args=[cycle.pk])).content.decode()
    rows = re.findall(r"<tr[^>]*data-criteria-group><th[^>]*>([^<]*)</th><th[^>]*>(\d+)</th>", html)
    assert rows == [(GOVERNANCE, "600"), (PRODUCT, "400")]
    assert "Nghị định số 37/2026/NĐ-CP" in html
    legacy = past_cycle(2025)
    html = staff_client.get(reverse("awards:cycle_detail", args=[legacy.pk])).content.decode()
    assert "data-criteria-group" not in html


def test_staff_regroup_and_rebalance_a_2026_cycle_on_its_criteria_page(staff_client):
    cycle = past_cycle(2026)
    url = reverse("awards:cycle_criteria", args=[cycle.pk])
    page = staff_client.get(url).content.decode()
    assert 'name="criteria-0-group"' in page
    data = _formset_data(cycle, results=220, product_quality=250)
    data["criteria-9-group"] = "Sản phẩm, hàng hóa"
    data["criteria-8-group"] = "Sản phẩm, hàng hóa"
    data["criteria-7-group"] = "Sản phẩm, hàng hóa"
    assert staff_client.post(url, data).status_code == 302
    groups = selectors.criteria_by_group(cycle.criteria.all())
    assert [(g["group"], g["points"]) for g in groups] == [
        (GOVERNANCE, 550),
        ("Sản phẩm, hàng hóa", 450),
    ]


def test_dates_must_follow_each_other():
    with pytest.raises(ValidationError):
        services.award_cycle_create(
            by=None,
            year=2027,
            registration_opens=dt.date(2027, 5, 1),
            registration_closes=dt.date(2027, 4, 1),
            dossier_deadline=dt.date(2027, 6, 1),
            review_deadline=dt.date(2027, 7, 1),
        )
    assert not AwardCycle.objects.exists()


def test_one_cycle_per_year():
    past_cycle(2024)
    with pytest.raises(ValidationError) as excinfo:
        past_cycle(2024)
    assert "year" in excinfo.value.message_dict


def _rows(cycle, **changes):
    rows = [
        {
            "id": c.pk,
            "code": c.code,
            "name": c.name,
            "description": "",
            "max_points": c.max_points,
            "order": c.order,
        }
        for c in cycle.criteria.all()
    ]
    for row in rows:
        if row["code"] in changes:
            row["max_points"] = changes[row["code"]]
    return rows


def test_criteria_must_total_1000_points_and_nothing_is_half_saved():
    cycle = past_cycle(2024)
    with pytest.raises(ValidationError) as excinfo:
        services.criteria_replace(by=None, cycle=cycle, rows=_rows(cycle, results=400))
    assert "950" in excinfo.value.messages[0]
    assert cycle.criteria.get(code="results").max_points == 450


def test_criteria_can_be_rebalanced_renamed_and_replaced():
    cycle = past_cycle(2024)
    rows = _rows(cycle, results=400, leadership=170)
    rows[1]["name"] = "Chiến lược và kế hoạch"
    rows = [row for row in rows if row["code"] != "workforce"]
    rows.append({"id": None, "code": "people", "name": "Con người", "max_points": 85, "order": 8})
    services.criteria_replace(by=None, cycle=cycle, rows=rows)
    assert services.criteria_total(cycle) == 1000
    assert cycle.criteria.get(code="strategy").name == "Chiến lược và kế hoạch"
    assert not cycle.criteria.filter(code="workforce").exists()


def test_criteria_are_locked_once_scored(council_user):
    cycle = past_cycle(2024)
    review = assign(NominationFactory(cycle=cycle), council_user)
    submit_review(review)
    with pytest.raises(ValidationError):
        services.criteria_replace(by=None, cycle=cycle, rows=_rows(cycle))


def test_levels_need_distinct_thresholds_within_1000():
    cycle = past_cycle(2024)
    with pytest.raises(ValidationError):
        services.levels_replace(
            by=None,
            cycle=cycle,
            rows=[
                {"code": "gold", "name": "Vàng", "min_points": 800, "order": 1},
                {"code": "silver", "name": "Bạc", "min_points": 800, "order": 2},
            ],
        )
    with pytest.raises(ValidationError):
        services.levels_replace(
            by=None,
            cycle=cycle,
            rows=[{"code": "gold", "name": "Vàng", "min_points": 1200, "order": 1}],
        )
    services.levels_replace(
        by=None,
        cycle=cycle,
        rows=[
            {"code": "gold", "name": "Giải Vàng", "min_points": 850, "order": 1},
            {"code": "silver", "name": "Giải Bạc", "min_points": 720, "order": 2},
        ],
    )
    assert services.level_for_points(cycle, 730).code == "silver"
    assert services.level_for_points(cycle, 900).code == "gold"
    assert services.level_for_points(cycle, 500) is None


def test_copying_last_year_shifts_dates_and_copies_criteria_and_levels():
    source = services.award_cycle_create(
        by=None,
        year=2023,
        name="Giải thưởng Chất lượng Quốc gia 2023",
        registration_opens=dt.date(2023, 3, 1),
        registration_closes=dt.date(2023, 4, 30),
        dossier_deadline=dt.date(2023, 5, 31),
        review_deadline=dt.date(2023, 7, 31),
    )
    services.criteria_replace(
        by=None, cycle=source, rows=_rows(source, results=440, leadership=130)
    )
    copy = services.award_cycle_copy(by=None, source=source)
    assert copy.year == 2024
    assert copy.name == "Giải thưởng Chất lượng Quốc gia 2024"
    assert copy.registration_opens == dt.date(2024, 3, 1)
    assert copy.review_deadline == dt.date(2024, 7, 31)
    assert copy.copied_from == source
    assert {c.code: c.max_points for c in copy.criteria.all()}["results"] == 440
    assert list(copy.levels.values_list("code", "min_points")) == list(
        source.levels.values_list("code", "min_points")
    )
    with pytest.raises(ValidationError):
        services.award_cycle_copy(by=None, source=source)


def test_copy_handles_29_february():
    source = services.award_cycle_create(
        by=None,
        year=2028,
        registration_opens=dt.date(2028, 2, 29),
        registration_closes=dt.date(2028, 4, 30),
        dossier_deadline=dt.date(2028, 5, 31),
        review_deadline=dt.date(2028, 7, 31),
    )
    assert services.award_cycle_copy(by=None, source=source).registration_opens == dt.date(
        2029, 2, 28
    )


# --- Staff pages --------------------------------------------------------------------------


def test_staff_create_a_cycle_from_the_page(staff_client):
    response = staff_client.post(
        reverse("awards:cycle_create"),
        {
            "year": 2027,
            "name": "",
            "legal_basis": "Nghị định số 37/2026/NĐ-CP",
            "categories": ["sme_manufacturing", "sme_services"],
            "registration_opens": "2027-03-01",
            "registration_closes": "2027-04-30",
            "dossier_deadline": "2027-05-31",
            "review_deadline": "2027-07-31",
        },
        follow=True,
    )
    cycle = AwardCycle.objects.get(year=2027)
    assert cycle.categories == ["sme_manufacturing", "sme_services"]
    content = response.content.decode()
    assert "Lãnh đạo" in content
    assert "Giải Vàng" in content
    # A cycle under Decree 37/2026/NĐ-CP: the governance aspects and the product criteria.
    assert GOVERNANCE in content
    assert PRODUCT in content
    assert cycle.criteria.count() == 10


def test_wrong_dates_get_a_message_not_a_500(staff_client):
    response = staff_client.post(
        reverse("awards:cycle_create"),
        {
            "year": 2027,
            "categories": ["sme_services"],
            "registration_opens": "2027-05-01",
            "registration_closes": "2027-04-30",
            "dossier_deadline": "2027-05-31",
            "review_deadline": "2027-07-31",
        },
    )
    assert response.status_code == 200
    assert "Ngày phải theo thứ tự" in response.content.decode()
    assert not AwardCycle.objects.exists()


def _formset_data(cycle, prefix="criteria", **changes):
    criteria = list(cycle.criteria.all())
    data = {
        f"{prefix}-TOTAL_FORMS": len(criteria) + 1,
        f"{prefix}-INITIAL_FORMS": len(criteria),
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for i, c in enumerate(criteria):
        data.update(
            {
                f"{prefix}-{i}-id": c.pk,
                f"{prefix}-{i}-order": c.order,
                f"{prefix}-{i}-group": c.group,
                f"{prefix}-{i}-code": c.code,
                f"{prefix}-{i}-name": c.name,
                f"{prefix}-{i}-max_points": changes.get(c.code, c.max_points),
                f"{prefix}-{i}-description": "",
            }
        )
    return data


def test_criteria_page_refuses_a_wrong_total(staff_client):
    cycle = past_cycle(2025)
    url = reverse("awards:cycle_criteria", args=[cycle.pk])
    response = staff_client.post(url, _formset_data(cycle, results=500))
    assert response.status_code == 200
    assert "1000" in response.content.decode()
    assert "1050" in response.content.decode()
    assert Criterion.objects.get(cycle=cycle, code="results").max_points == 450

    response = staff_client.post(url, _formset_data(cycle, results=400, leadership=170))
    assert response.status_code == 302
    assert Criterion.objects.get(cycle=cycle, code="leadership").max_points == 170


def test_levels_page_edits_thresholds(staff_client):
    cycle = past_cycle(2025)
    levels = list(cycle.levels.all())
    data = {
        "levels-TOTAL_FORMS": len(levels) + 1,
        "levels-INITIAL_FORMS": len(levels),
        "levels-MIN_NUM_FORMS": 0,
        "levels-MAX_NUM_FORMS": 1000,
    }
    for i, level in enumerate(levels):
        data.update(
            {
                f"levels-{i}-id": level.pk,
                f"levels-{i}-order": level.order,
                f"levels-{i}-code": level.code,
                f"levels-{i}-name": level.name,
                f"levels-{i}-min_points": 820 if level.code == "gold" else level.min_points,
            }
        )
    response = staff_client.post(reverse("awards:cycle_levels", args=[cycle.pk]), data)
    assert response.status_code == 302
    assert cycle.levels.get(code="gold").min_points == 820


def test_copy_button_makes_next_years_cycle(staff_client):
    cycle = past_cycle(2025)
    page = staff_client.get(reverse("awards:cycle_detail", args=[cycle.pk])).content.decode()
    assert reverse("awards:cycle_copy", args=[cycle.pk]) in page
    response = staff_client.post(reverse("awards:cycle_copy", args=[cycle.pk]), follow=True)
    copy = AwardCycle.objects.get(year=2026)
    assert response.redirect_chain[-1][0] == reverse("awards:cycle_edit", args=[copy.pk])
    # 2026 is under Decree 37/2026/NĐ-CP: the copy takes the new rules, not 2025's criteria.
    assert copy.legal_basis == "Nghị định số 37/2026/NĐ-CP ngày 23/01/2026"
    assert set(copy.criteria.values_list("group", flat=True)) == {GOVERNANCE, PRODUCT}
    assert set(copy.levels.values_list("code", flat=True)) == {"gold", "silver"}
    # The button is gone once next year exists; posting again says why.
    response = staff_client.post(reverse("awards:cycle_copy", args=[cycle.pk]), follow=True)
    assert "2026" in response.content.decode()
    assert AwardCycle.objects.count() == 2


def test_cycle_list_query_count_does_not_grow(staff_client, django_assert_max_num_queries):
    past_cycle(2021)
    url = reverse("awards:cycle_list")
    with django_assert_max_num_queries(8):
        staff_client.get(url)
    for year in range(2022, 2027):
        past_cycle(year)
    with django_assert_max_num_queries(8):
        response = staff_client.get(url)
    assert "2026" in response.content.decode()
