"""Pickers (portal/pickers.py): server-side autocompletes that search without accents, page
their results, keep staff data for staff, and sort communes in Vietnamese order."""

import re

import pytest
from django.urls import reverse

from enterprises.models import Organization, SupportActivity
from portal.models import ProgramSettings, Role
from portal.pickers import ASSETS_JS, PAGE_SIZE
from portal.text import vietnamese_sort_key
from tests.conftest import make_user
from tests.enterprises.factories import (
    CommuneFactory,
    OrganizationFactory,
    ProvinceFactory,
    SupportActivityFactory,
)
from trainings.models import Course

pytestmark = pytest.mark.django_db


def texts(response) -> list[str]:
    assert response.status_code == 200, response.content[:300]
    return [result["text"] for result in response.json()["results"]]


@pytest.fixture
def province():
    province = ProvinceFactory()
    program = ProgramSettings.load()
    program.province_code = province.code
    program.save()
    from django.core.cache import cache

    cache.clear()
    return province


# --- Vietnamese order ------------------------------------------------------------------------


def test_vietnamese_order_puts_each_letter_after_its_base_and_tones_after_letters():
    names = [
        "Xã Đông Thành",
        "Xã Dương Liễu",
        "Ăn",
        "An",
        "Âu",
        "Bá",
        "Xã Hà Nam",
        "Xã Hạ Hòa",
        "Xã Hà Hòa",
        "Ôn",
        "Ơn",
        "On",
        "Ưu",
        "Uy",
    ]
    assert sorted(names, key=vietnamese_sort_key) == [
        "An",
        "Ăn",
        "Âu",
        "Bá",
        "On",
        "Ôn",
        "Ơn",
        "Uy",
        "Ưu",
        "Xã Dương Liễu",
        "Xã Đông Thành",
        "Xã Hà Hòa",
        "Xã Hạ Hòa",
        "Xã Hà Nam",
    ]


def test_the_province_s_units_list_sorts_communes_in_vietnamese_order(client, staff_user, province):
    for name in ("Xã Đông Thành", "Xã Dương Liễu", "Phường Âu Cơ", "Phường An Bình"):
        CommuneFactory(name=name, parent=province)
    client.force_login(staff_user)
    html = client.get(reverse("portal:administrative_unit_list")).content.decode()
    positions = [html.index(n) for n in ("Phường An Bình", "Phường Âu Cơ", "Xã Dương Liễu")]
    assert positions == sorted(positions)
    assert html.index("Xã Dương Liễu") < html.index("Xã Đông Thành")


# --- Communes: public, accents ignored, Vietnamese order, paged -------------------------------


def test_commune_picker_finds_a_commune_typed_without_accents(client, province):
    CommuneFactory(name="Xã Hạ Hòa", parent=province)
    CommuneFactory(name="Xã Hà Lộc", parent=province)
    CommuneFactory(name="Xã Hạ Hòa", parent=ProvinceFactory(code="01", name="Thành phố Hà Nội"))
    url = reverse("portal:pick_commune")
    # Anonymous: the public registration form uses it.
    assert texts(client.get(url, {"q": "ha hoa"})) == ["Xã Hạ Hòa"]
    assert texts(client.get(url, {"q": "HẠ HÒA"})) == ["Xã Hạ Hòa"]
    # The whole country when asked (an expert may live anywhere).
    assert texts(client.get(url, {"q": "ha hoa", "scope": "country"})) == ["Xã Hạ Hòa"] * 2


def test_commune_picker_lists_in_vietnamese_order_a_page_at_a_time(client, province):
    CommuneFactory(name="Xã Đông Thành", parent=province)
    CommuneFactory(name="Xã Dương Liễu", parent=province)
    CommuneFactory(name="Phường Âu Cơ", parent=province)
    CommuneFactory(name="Phường An Bình", parent=province)
    for n in range(PAGE_SIZE):
        CommuneFactory(name=f"Xã Yên {n:02d}", parent=province)
    url = reverse("portal:pick_commune")
    first = client.get(url).json()
    names = [r["text"] for r in first["results"]]
    assert names[:4] == ["Phường An Bình", "Phường Âu Cơ", "Xã Dương Liễu", "Xã Đông Thành"]
    assert len(names) == PAGE_SIZE
    assert first["pagination"]["more"] is True
    second = client.get(url, {"page": 2}).json()
    assert len(second["results"]) == 4
    assert second["pagination"]["more"] is False


# --- Organizations: staff only, by name or tax code, accents ignored --------------------------


def test_organization_picker_is_for_staff_only(client, db):
    url = reverse("enterprises:pick_organization")
    OrganizationFactory(name="Công ty TNHH Gốm Sứ Hạ Hòa")
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(make_user(Role.ENTERPRISE, "dn@example.vn"))
    assert client.get(url).status_code == 403
    client.force_login(make_user(Role.OFFICIAL, "ld@example.vn"))
    assert client.get(url).status_code == 403
    client.force_login(make_user(Role.PROGRAM_STAFF, "cb@example.vn"))
    assert texts(client.get(url, {"q": "gom su"})) == [
        f"Công ty TNHH Gốm Sứ Hạ Hòa – {Organization.objects.get().tax_code}"
    ]


def test_organization_picker_searches_name_and_tax_code_of_active_organizations(client, staff_user):
    found = OrganizationFactory(name="Hợp tác xã Chè Phú Thọ")
    OrganizationFactory(name="Hợp tác xã Chè Đồng Hỷ", status=Organization.Status.PENDING)
    stopped = OrganizationFactory(name="Hợp tác xã Chè Thanh Ba", status="inactive")
    OrganizationFactory(name="Công ty Cơ khí")
    client.force_login(staff_user)
    url = reverse("enterprises:pick_organization")
    assert texts(client.get(url, {"q": "che"})) == [f"{found.name} – {found.tax_code}"]
    # A tax code's first digits find it (the factory's codes share their first digits, so the
    # other active organization may match the prefix too; the full code finds it alone).
    by_prefix = texts(client.get(url, {"q": found.tax_code[:8]}))
    assert f"{found.name} – {found.tax_code}" in by_prefix
    assert not any(name.startswith(("Hợp tác xã Chè Đồng Hỷ", stopped.name)) for name in by_prefix)
    assert texts(client.get(url, {"q": found.tax_code})) == [f"{found.name} – {found.tax_code}"]
    with_inactive = texts(client.get(url, {"q": "hop tac xa che", "inactive": "1"}))
    assert with_inactive == [
        f"{found.name} – {found.tax_code}",
        f"{stopped.name} – {stopped.tax_code}",
    ]


def test_organization_picker_pages_through_many(client, staff_user, django_assert_max_num_queries):
    OrganizationFactory.create_batch(PAGE_SIZE + 5, name=factory_name())
    client.force_login(staff_user)
    url = reverse("enterprises:pick_organization")
    with django_assert_max_num_queries(8):
        first = client.get(url, {"q": "co khi"}).json()
    assert len(first["results"]) == PAGE_SIZE
    assert first["pagination"]["more"]
    second = client.get(url, {"q": "co khi", "page": 2}).json()
    assert len(second["results"]) == 5
    assert not second["pagination"]["more"]


def factory_name():
    import factory

    return factory.Sequence(lambda n: f"Công ty Cơ khí Số {n:03d}")


def test_support_activity_picker_finds_by_organization_without_accents(client, staff_user):
    org = OrganizationFactory(name="Công ty TNHH Gốm Sứ Hạ Hòa")
    kept = SupportActivityFactory(organization=org, title="Hướng dẫn ISO 9001")
    SupportActivityFactory(
        organization=org, title="Đã hủy", status=SupportActivity.Status.CANCELLED
    )
    SupportActivityFactory(title="Đào tạo 5S")
    client.force_login(staff_user)
    url = reverse("enterprises:pick_support_activity")
    found = texts(client.get(url, {"q": "gom su"}))
    assert len(found) == 1
    assert "Hướng dẫn ISO 9001" in found[0]
    assert org.name in found[0]
    by_title = texts(client.get(url, {"q": "Đào tạo"}))
    assert len(by_title) == 1
    assert "Đào tạo 5S" in by_title[0]
    assert kept.pk == int(client.get(url, {"q": "gom su"}).json()["results"][0]["id"])
    client.force_login(make_user(Role.ENTERPRISE, "dn@example.vn"))
    assert client.get(url).status_code == 403


# --- Courses, experts, cycle candidates ------------------------------------------------------


def test_course_picker_ignores_accents_and_leaves_out_what_the_form_refuses(client, staff_user):
    from tests.trainings.factories import CourseFactory

    CourseFactory(code="KH-5S", title="Thực hành 5S tại doanh nghiệp")
    CourseFactory(code="KH-NHAP", title="Thực hành Kaizen", status=Course.Status.DRAFT)
    client.force_login(staff_user)
    url = reverse("trainings:pick_course")
    # Same start date: the newest first.
    assert [t.split(" (")[0] for t in texts(client.get(url, {"q": "thuc hanh"}))] == [
        "KH-NHAP · Thực hành Kaizen",
        "KH-5S · Thực hành 5S tại doanh nghiệp",
    ]
    only = texts(client.get(url, {"q": "thuc hanh", "exclude": "draft"}))
    assert len(only) == 1
    assert only[0].startswith("KH-5S · Thực hành 5S")


def test_expert_picker_finds_active_experts_without_accents(client, staff_user):
    from tests.trainings.factories import ExpertFactory

    ExpertFactory(full_name="Nguyễn Thị Hạnh")
    ExpertFactory(full_name="Nguyễn Văn Hạnh", is_active=False)
    client.force_login(staff_user)
    url = reverse("trainings:pick_expert")
    assert texts(client.get(url, {"q": "hanh"})) == ["Nguyễn Thị Hạnh"]
    assert len(texts(client.get(url, {"q": "hanh", "inactive": "1"}))) == 2


def test_cycle_candidate_picker_leaves_out_organizations_already_in_the_cycle(client, staff_user):
    from tests.awards.factories import NominationFactory, open_cycle

    nomination = NominationFactory(
        cycle=open_cycle(), organization=OrganizationFactory(name="Công ty Đã Dự")
    )
    OrganizationFactory(name="Công ty Chưa Dự")
    client.force_login(staff_user)
    url = reverse("awards:pick_cycle_candidate", kwargs={"pk": nomination.cycle_id})
    assert [t.split(" – ")[0] for t in texts(client.get(url, {"q": "cong ty"}))] == [
        "Công ty Chưa Dự"
    ]


# --- Pages with pickers ----------------------------------------------------------------------

SCRIPT = re.compile(r'<script src="[^"]*select2\.full\.min\.js"')


def assert_pickers(html: str, *names: str):
    for name in names:
        select = re.search(rf'<select[^>]*name="{name}"[^>]*>', html)
        assert select, f"no select {name}"
        assert "data-autocomplete-light-url" in select.group(0), select.group(0)
    # The picker scripts once (a second Select2 breaks every picker), all from this site.
    assert len(SCRIPT.findall(html)) == 1
    assert html.count("autocomplete_light/select2.min.js") == 1
    for path in ASSETS_JS:
        assert f'src="/static/{path}"' in html
    assert "cdn" not in html.lower()


def test_registration_form_chooses_the_commune_with_a_picker(client, province):
    html = client.get(reverse("enterprises:register")).content.decode()
    assert_pickers(html, "commune")
    assert f'data-autocomplete-light-url="{reverse("portal:pick_commune")}"' in html


def test_staff_forms_choose_with_pickers(client, staff_user, province):
    from tests.awards.factories import open_cycle
    from tests.trainings.factories import ExpertFactory

    client.force_login(staff_user)
    expert = ExpertFactory()
    cycle = open_cycle()
    OrganizationFactory()  # one to encourage
    pages = {
        reverse("trainings:expert_create"): ("organization", "commune"),
        reverse("trainings:expert_edit", args=[expert.pk]): ("organization", "commune"),
        reverse("trainings:expert_assignment_add", args=[expert.pk]): (
            "course",
            "support_activity",
        ),
        reverse("trainings:contract_create"): ("courses", "support_activities"),
        reverse("enterprises:activity_new"): ("organizations",),
        reverse("enterprises:pilot_new"): ("organization",),
        reverse("awards:encourage", args=[cycle.pk]): ("organizations",),
        reverse("enterprises:registry"): ("commune",),
        reverse("trainings:expert_list"): ("commune",),
    }
    for url, names in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert_pickers(response.content.decode(), *names)


def test_pages_without_pickers_load_no_picker_scripts(client):
    html = client.get(reverse("portal:home")).content.decode()
    assert "select2" not in html
    assert "jquery" not in html


def test_a_chosen_organization_shows_by_name_and_saves(client, staff_user, province):
    org = OrganizationFactory(name="Công ty TNHH Gốm Sứ Hạ Hòa")
    client.force_login(staff_user)
    response = client.post(
        reverse("enterprises:activity_new"),
        {
            "organizations": [org.pk, 999999],
            "date": "2026-01-05",
            "kind": SupportActivity.Kind.GUIDANCE,
            "title": "Hướng dẫn ISO 9001",
        },
    )
    # An id that is not a registered organization is refused with the form shown again,
    # the chosen organization still shown by its name, nothing saved.
    assert response.status_code == 200
    html = response.content.decode()
    assert "Công ty TNHH Gốm Sứ Hạ Hòa" in html
    assert not SupportActivity.objects.exists()
