"""The selectors the reports app counts from, on a known fixture: distinct organizations, not
rows; cancelled activities never count."""

import datetime as dt

import pytest

from enterprises import selectors
from enterprises.models import Organization, PilotModel, SupportActivity

from .factories import (
    CommuneFactory,
    OrganizationFactory,
    PilotModelFactory,
    SupportActivityFactory,
    solution,
)


@pytest.fixture
def ledger(province):
    viet_tri = CommuneFactory(code="08001", name="Phường Việt Trì", parent=province)
    phu_tho = CommuneFactory(code="08002", name="Phường Phú Thọ", parent=province)
    a = OrganizationFactory(
        name="A", commune=viet_tri, industry_section="C", size_class="small", kind="enterprise"
    )
    b = OrganizationFactory(
        name="B",
        commune=viet_tri,
        industry_classification="vsic2018",
        industry_code="4690",
        industry_section="G",
        size_class="micro",
        kind="cooperative",
    )
    c = OrganizationFactory(
        name="C", commune=phu_tho, industry_section="C", size_class="medium", kind="cab"
    )
    d = OrganizationFactory(
        name="D", commune=phu_tho, industry_section="M", size_class="micro", kind="cab"
    )
    e = OrganizationFactory(name="E", commune=None, industry_section="", size_class="")
    iso, five_s, lab = solution("iso-9001"), solution("5s"), solution("cab-iso-17025")
    # 2024: A three times (one cancelled), B twice, C once (cab capacity), E only cancelled.
    SupportActivityFactory(
        organization=a,
        date=dt.date(2024, 1, 5),
        solutions=[iso],
        state_budget=10,
        own_contribution=1,
    )
    SupportActivityFactory(
        organization=a,
        date=dt.date(2024, 6, 5),
        solutions=[five_s, iso],
        state_budget=20,
        own_contribution=2,
    )
    SupportActivityFactory(
        organization=a,
        date=dt.date(2024, 7, 5),
        status="cancelled",
        cancel_reason="x",
        state_budget=1000,
    )
    SupportActivityFactory(
        organization=b,
        date=dt.date(2024, 2, 1),
        solutions=[five_s],
        state_budget=30,
        own_contribution=3,
    )
    SupportActivityFactory(
        organization=b,
        date=dt.date(2024, 12, 31),
        kind="dissemination",
        state_budget=40,
        own_contribution=4,
    )
    SupportActivityFactory(
        organization=c,
        date=dt.date(2024, 3, 3),
        solutions=[lab],
        kind="training",
        state_budget=50,
        own_contribution=5,
    )
    SupportActivityFactory(
        organization=e, date=dt.date(2024, 3, 3), status="cancelled", cancel_reason="x"
    )
    # 2023: A and D (D: capacity building, no solution); 2025: B; 2021: C.
    SupportActivityFactory(organization=a, date=dt.date(2023, 12, 31))
    SupportActivityFactory(organization=d, date=dt.date(2023, 5, 5), kind="capacity_building")
    SupportActivityFactory(organization=b, date=dt.date(2025, 1, 1))
    SupportActivityFactory(organization=c, date=dt.date(2021, 8, 8), kind="capacity_building")
    # Pilot models.
    PilotModelFactory(organization=a, selected_on=dt.date(2022, 3, 1), status="recognized")
    PilotModelFactory(organization=a, selected_on=dt.date(2024, 3, 1), status="implementing")
    PilotModelFactory(organization=b, selected_on=dt.date(2024, 5, 1), status="selected")
    PilotModelFactory(organization=c, selected_on=dt.date(2026, 1, 1), status="selected")
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "viet_tri": viet_tri, "phu_tho": phu_tho}


def names(qs):
    return sorted(qs.values_list("name", flat=True))


def test_organizations_supported_in(ledger):
    assert names(selectors.organizations_supported_in(2024)) == ["A", "B", "C"]
    assert selectors.organizations_supported_in(2024).count() == 3
    assert names(selectors.organizations_supported_in(2023)) == ["A", "D"]
    assert names(selectors.organizations_supported_in(2022)) == []
    assert names(
        selectors.organizations_supported_in(2024, solution_group="management_systems")
    ) == ["A"]
    assert names(
        selectors.organizations_supported_in(2024, solution_group="productivity_tools")
    ) == ["A", "B"]
    assert names(selectors.organizations_supported_in(2024, solution_group="cab_capacity")) == ["C"]


def test_organizations_supported_between(ledger):
    assert names(selectors.organizations_supported_between(2021, 2025)) == ["A", "B", "C", "D"]
    assert selectors.organizations_supported_between(2021, 2025).count() == 4
    assert names(selectors.organizations_supported_between(2025, 2025)) == ["B"]
    assert names(selectors.organizations_supported_between(2022, 2023)) == ["A", "D"]


def test_support_activities_in(ledger, django_assert_num_queries):
    with django_assert_num_queries(2):
        activities = list(selectors.support_activities_in(2024))
        assert len(activities) == 5
        assert all(a.status == "recorded" for a in activities)
        [a.organization.commune for a in activities]
        [list(a.solutions.all()) for a in activities]


def test_supported_breakdown(ledger):
    # By kind of support, not kind of organization: A (twice) and B were trained, B also
    # disseminated to, C trained; the cancelled activities of A and E do not count.
    by_kind = {
        r["key"]: (r["label"], r["count"]) for r in selectors.supported_breakdown(2024, "kind")
    }
    assert by_kind == {"training": ("Đào tạo", 3), "dissemination": ("Phổ biến, tuyên truyền", 1)}
    by_commune = selectors.supported_breakdown(2024, "commune")
    assert by_commune[0] == {"key": "08001", "label": "Phường Việt Trì", "count": 2}
    assert by_commune[1] == {"key": "08002", "label": "Phường Phú Thọ", "count": 1}
    by_size = {
        r["key"]: (r["label"], r["count"])
        for r in selectors.supported_breakdown(2024, "size_class")
    }
    assert by_size == {"small": ("Nhỏ", 1), "micro": ("Siêu nhỏ", 1), "medium": ("Vừa", 1)}
    by_section = {
        r["key"]: r["count"] for r in selectors.supported_breakdown(2024, "industry_section")
    }
    # B's VSIC 2018 code is converted: every section is counted in VSIC 2025.
    assert by_section == {"vsic2025:C": 2, "vsic2025:G": 1}
    labels = [r["label"] for r in selectors.supported_breakdown(2024, "industry_section")]
    assert "C – Công nghiệp chế biến, chế tạo" in labels
    by_group = {r["key"]: r["count"] for r in selectors.supported_breakdown(2024, "solution_group")}
    # A counts once for management systems although two activities used ISO 9001.
    assert by_group == {"management_systems": 1, "productivity_tools": 2, "cab_capacity": 1}
    with pytest.raises(ValueError, match="by must be one of"):
        selectors.supported_breakdown(2024, "colour")


def test_breakdown_is_aggregated_in_sql(ledger, django_assert_max_num_queries):
    for by in selectors.BREAKDOWNS:
        # By industry, two more reads whatever the rows: the program settings (which
        # classification) and the concordance that converts the other version's codes.
        with django_assert_max_num_queries(3 if by == "industry_section" else 1):
            selectors.supported_breakdown(2024, by)


def test_pilot_models(ledger):
    assert selectors.pilot_models_by_status() == {
        "selected": 2,
        "implementing": 1,
        "evaluated": 0,
        "recognized": 1,
    }
    assert selectors.pilot_models_by_status(2024) == {
        "selected": 1,
        "implementing": 1,
        "evaluated": 0,
        "recognized": 0,
    }
    assert names(selectors.organizations_with_pilot_model(2021, 2025)) == ["A", "B"]
    assert selectors.organizations_with_pilot_model(2021, 2025).count() == 2
    assert names(selectors.organizations_with_pilot_model(2026, 2030)) == ["C"]


def test_conformity_assessment_bodies_strengthened(ledger):
    assert names(selectors.conformity_assessment_bodies_strengthened(2021, 2025)) == ["C", "D"]
    assert names(selectors.conformity_assessment_bodies_strengthened(2024, 2024)) == ["C"]
    assert names(selectors.conformity_assessment_bodies_strengthened(2022, 2022)) == []
    # An enterprise with capacity building is not a conformity assessment body.
    SupportActivityFactory(
        organization=ledger["a"], date=dt.date(2022, 1, 1), kind="capacity_building"
    )
    assert names(selectors.conformity_assessment_bodies_strengthened(2022, 2022)) == []


def test_support_budget_in(ledger):
    assert selectors.support_budget_in(2024) == {
        "state_budget": 150,
        "own_contribution": 15,
        "activities": 5,
        "total": 165,
    }
    assert selectors.support_budget_in(2019) == {
        "state_budget": 0,
        "own_contribution": 0,
        "activities": 0,
        "total": 0,
    }


def test_signatures_the_reports_app_relies_on(db):
    import inspect

    sig = inspect.signature
    assert list(sig(selectors.organizations_supported_in).parameters) == ["year", "solution_group"]
    assert (
        sig(selectors.organizations_supported_in).parameters["solution_group"].kind
        == inspect.Parameter.KEYWORD_ONLY
    )
    assert list(sig(selectors.organizations_supported_between).parameters) == [
        "start_year",
        "end_year",
    ]
    assert list(sig(selectors.support_activities_in).parameters) == ["year"]
    assert list(sig(selectors.supported_breakdown).parameters) == [
        "year",
        "by",
        "organizations",
        "other_support",
    ]
    assert list(sig(selectors.pilot_models_by_status).parameters) == ["year"]
    assert list(sig(selectors.organizations_with_pilot_model).parameters) == [
        "start_year",
        "end_year",
    ]
    assert list(sig(selectors.conformity_assessment_bodies_strengthened).parameters) == [
        "start_year",
        "end_year",
    ]
    assert list(sig(selectors.support_budget_in).parameters) == ["year"]
    assert isinstance(selectors.organizations_supported_in(2024).model(), Organization)
    assert selectors.support_activities_in(2024).model is SupportActivity
    assert PilotModel.Status.values == list(selectors.pilot_models_by_status())


def test_breakdown_ties_are_in_vietnamese_alphabetical_order(province):
    # Equal counts: "Đông" after "Dương" and "Ấp" after "An" (in code point order "Đ" comes
    # after every Latin letter and "Ấ" after "B").
    names = ["Xã Đông Thành", "Xã Dương Xá", "Xã Bình An", "Xã Ấp Bắc", "Xã An Hòa"]
    for number, name in enumerate(names):
        commune = CommuneFactory(code=f"0810{number}", name=name, parent=province)
        SupportActivityFactory(
            organization=OrganizationFactory(commune=commune), date=dt.date(2024, 3, 1)
        )
    labels = [r["label"] for r in selectors.supported_breakdown(2024, "commune")]
    assert labels == ["Xã An Hòa", "Xã Ấp Bắc", "Xã Bình An", "Xã Dương Xá", "Xã Đông Thành"]
