"""The national pages: the dashboard with the 34 provinces and the national totals, a
province's page, the register of provincial portals, the national PDF, and none of it outside
national mode."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from national import services
from national.models import ProvincialFigure, ProvincialPortal, Pull
from portal.hooks import navigation_for

from .fake_api import FakeApi, province_api

pytestmark = pytest.mark.django_db

HANOI = {2024: {"SUPPORTED_ORGS": "120", "EXPERTS_TRAINED": "14", "BUDGET_SPENT": "950000000"}}
SAIGON = {2024: {"SUPPORTED_ORGS": "305", "EXPERTS_TRAINED": "40", "BUDGET_SPENT": "2000000000"}}


@pytest.fixture
def pulled(register):
    """Hà Nội and Hồ Chí Minh pulled, Đà Nẵng registered but its pull failed."""
    for code, name, actuals in (("01", "Hà Nội", HANOI), ("79", "Hồ Chí Minh", SAIGON)):
        portal = register(code)
        api = FakeApi(province_api(code, name, actuals))
        services.portal_pull(
            by=None, portal=portal, trigger=Pull.Trigger.COMMAND, session=api.session()
        )
    danang = register("48")
    services.portal_pull(
        by=None,
        portal=danang,
        trigger=Pull.Trigger.COMMAND,
        session=FakeApi(province_api("48", "Đà Nẵng", HANOI), fail_at=1).session(),
    )


def test_dashboard_sums_the_provinces_and_lists_who_has_not_reported(pulled, official_client):
    page = official_client.get(reverse("national:dashboard"), {"year": 2024})
    assert page.status_code == 200
    html = page.content.decode()
    table = html[html.index('id="national-table"') :]
    # 34 provinces, one row each.
    assert table.count('scope="row"') == 34 + 1  # and the whole country's row
    assert "425" in table  # 120 + 305 organizations
    assert "2.950.000.000\u00a0đ" in table  # 950 million + 2 billion đồng
    assert "2/34" in table
    assert table.count("chưa báo cáo") >= 32 * 3  # every indicator of the 32 others
    assert "chưa đăng ký" in html  # provinces whose portal is not registered
    assert "Đà Nẵng" in html[html.index("Các tỉnh chưa báo cáo") :]
    assert "Hà Nội" not in html[html.index("Các tỉnh chưa báo cáo") :]
    assert "không cộng được" in html  # the explanation of what is not added up


def test_a_percentage_is_not_added_up(register, official_client):
    for code, share in (("01", "12.5"), ("79", "30"), ("48", "20")):
        routes = province_api(code, "", {2024: {"SUPPORTED_ORGS": "10"}})
        routes["/api/v1/years/2024/figures/"]["figures"].append(
            {
                "indicator": "ISO_SHARE",
                "unit": "percent",
                "target": None,
                "actual": share,
                "status": "tracked",
            }
        )
        services.portal_pull(
            by=None,
            portal=register(code),
            trigger=Pull.Trigger.COMMAND,
            session=FakeApi(routes).session(),
        )
    html = official_client.get(reverse("national:dashboard"), {"year": 2024}).content.decode()
    footer = html[html.index("<tfoot") :]
    assert "không cộng được" in footer
    assert "62,5" not in footer  # never the sum
    assert "thấp nhất 12,5 · trung vị 20 · cao nhất 30" in footer


def test_stale_and_provisional_provinces_are_marked(pulled, official_client):
    html = official_client.get(reverse("national:dashboard"), {"year": 2024}).content.decode()
    row = html[html.index(reverse("national:province_detail", args=["48"])) :][:2000]
    assert "số liệu cũ" in row


def test_province_page_drills_down_to_its_report_and_figures(pulled, official_client):
    html = official_client.get(reverse("national:province_detail", args=["01"])).content.decode()
    assert "http://p01.example/api/v1/years/2024/figures/" in html
    portal = ProvincialPortal.objects.get(province_code="01")
    assert portal.base_url in html
    failed = official_client.get(reverse("national:province_detail", args=["48"])).content.decode()
    assert "HTTP 500" in failed  # the pull log says why
    assert official_client.get(reverse("national:province_detail", args=["99"])).status_code == 404


def test_province_page_links_the_reports_pdf(register, official_client):
    routes = province_api("01", "Hà Nội", {2024: {"SUPPORTED_ORGS": "1"}, 2025: {}})
    services.portal_pull(
        by=None,
        portal=register("01"),
        trigger=Pull.Trigger.COMMAND,
        session=FakeApi(routes).session(),
    )
    html = official_client.get(reverse("national:province_detail", args=["01"])).content.decode()
    assert 'href="http://p01.example/api/v1/reports/2024/pdf/"' in html


def test_the_national_pdf_lists_the_provinces_and_totals(pulled, official_client):
    response = official_client.get(reverse("national:report_pdf", args=[2024]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "BÁO CÁO" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Hà Nội" in text
    assert "Hồ Chí Minh" in text
    assert "425" in text
    assert "chưa báo cáo" in text
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert fonts
    assert all(name.startswith(("Liberation-Serif", "LiberationSerif")) for name in fonts), fonts


def test_register_a_portal_the_token_never_shown_back(staff_client):
    response = staff_client.post(
        reverse("national:portal_create"),
        {
            "name": "Cổng Hà Nội",
            "province_code": "01",
            "base_url": "https://nscl.hanoi.gov.vn/",
            "token": "nscl_abc_very-secret-value-7777",
            "active": "on",
        },
    )
    assert response.status_code == 302
    portal = ProvincialPortal.objects.get()
    assert portal.created_by.email == "staff@example.vn"
    listing = staff_client.get(reverse("national:portal_list")).content.decode()
    edit = staff_client.get(reverse("national:portal_edit", args=[portal.pk])).content.decode()
    for html in (listing, edit):
        assert "very-secret-value" not in html
        assert "7777" in html  # only its last characters


@pytest.mark.parametrize(
    ("data", "field_error"),
    [
        ({"province_code": "99"}, "province_code"),
        ({"base_url": "not a url"}, "base_url"),
        ({"token": ""}, "token"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_input_saves_nothing(staff_client, data, field_error):
    valid = {
        "name": "Cổng Hà Nội",
        "province_code": "01",
        "base_url": "https://x.example/",
        "token": "nscl_abc_secret",
        "active": "on",
    }
    response = staff_client.post(reverse("national:portal_create"), {**valid, **data})
    assert response.status_code == 200
    assert field_error in response.context["form"].errors
    assert not ProvincialPortal.objects.exists()


def test_a_province_registered_twice_is_refused(register, staff_client):
    register("01")
    response = staff_client.post(
        reverse("national:portal_create"),
        {
            "name": "Lần nữa",
            "province_code": "01",
            "base_url": "https://x.example/",
            "token": "nscl_abc_secret",
            "active": "on",
        },
    )
    assert response.status_code == 200
    assert "province_code" in response.context["form"].errors
    assert ProvincialPortal.objects.count() == 1


def test_removing_a_portal_removes_what_was_pulled(pulled, staff_client):
    portal = ProvincialPortal.objects.get(province_code="01")
    response = staff_client.post(reverse("national:portal_delete", args=[portal.pk]))
    assert response.status_code == 302
    assert not ProvincialFigure.objects.filter(portal_id=portal.pk).exists()
    assert ProvincialFigure.objects.filter(portal__province_code="79").exists()


def test_staff_start_a_pull_from_the_province_page(
    register, staff_client, monkeypatch, django_capture_on_commit_callbacks
):
    portal = register("01")
    api = FakeApi(province_api("01", "Hà Nội", HANOI))
    monkeypatch.setattr("national.client.new_session", api.session)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("national:portal_pull", args=[portal.pk]))
    assert response.status_code == 302
    pull = Pull.objects.get(portal=portal)
    assert pull.status == Pull.Status.SUCCEEDED
    assert pull.trigger == Pull.Trigger.STAFF
    assert pull.started_by.email == "staff@example.vn"
    assert ProvincialFigure.objects.get(
        portal=portal, indicator="SUPPORTED_ORGS"
    ).actual == Decimal("120")


def test_nothing_national_outside_national_mode(settings, staff_client, staff_user):
    settings.NATIONAL_MODE = False
    for url in (
        reverse("national:dashboard"),
        reverse("national:portal_list"),
        reverse("national:report_pdf", args=[2024]),
    ):
        assert staff_client.get(url).status_code == 404
    labels = [item.url_name for _s, _l, items in navigation_for(staff_user) for item in items]
    assert "national:dashboard" not in labels
    settings.NATIONAL_MODE = True
    labels = [item.url_name for _s, _l, items in navigation_for(staff_user) for item in items]
    assert "national:dashboard" in labels
    assert "national:portal_list" in labels
