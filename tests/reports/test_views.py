"""The monitoring pages as staff and officials see them."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from reports import services
from reports.models import AnnualReport, Indicator, ManualActual, Target, YearClosing

from .conftest import card, drilldown_url
from .factories import OrganizationFactory, SupportActivityFactory

pytestmark = pytest.mark.django_db


def test_dashboard_shows_each_indicator_with_its_status(plan, official_client):
    response = official_client.get(reverse("reports:dashboard"), {"year": 2025})
    assert response.status_code == 200
    html = response.content.decode()
    assert card(html, "SUPPORTED_ORGS")
    assert "295.000.000\u00a0đ" in html  # budget settled, as money
    assert "2.505" in html  # awareness reach, with the Vietnamese thousands separator
    assert "Không đạt" in html  # NQA winners: 2 of at least 3 after the phase
    assert 'id="dashboard-data"' in html  # chart data through json_script
    assert "reports/dashboard.js" in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert "<script>" not in html  # no inline script
    assert 'data-breakdown="commune"' in html
    assert "Phường Việt Trì" in html
    assert drilldown_url("SUPPORTED_ORGS", 2025) in html


def _dashboard_queries(client) -> int:
    # Cold: neither the page nor the figures it counts come from the cache.
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(reverse("reports:dashboard"), {"year": 2025})
    assert response.status_code == 200
    return len(context.captured_queries)


def test_dashboard_query_count_does_not_grow_with_data(plan, official_client):
    _dashboard_queries(official_client)  # warm the per-site caches (settings, visitor counts)
    few = _dashboard_queries(official_client)
    for index in range(30):
        SupportActivityFactory(
            organization=OrganizationFactory(commune=plan.communes[index % 2]),
            date=dt.date(2025, 7, 1),
        )
        SupportActivityFactory(organization=OrganizationFactory(), date=dt.date(2024, 7, 1))
    many = _dashboard_queries(official_client)
    assert few == many
    assert many < 120


def test_locked_year_dashboard_shows_the_snapshot(plan, official_client, staff_user, lead_user):
    closing = services.year_submit(year=2025, by=staff_user)
    services.year_approve(closing=closing, by=lead_user)
    for _index in range(5):
        SupportActivityFactory(organization=OrganizationFactory(), date=dt.date(2025, 12, 1))
    html = official_client.get(reverse("reports:dashboard"), {"year": 2025}).content.decode()
    assert "đã khóa sổ" in html
    assert 'data-testid="actual">12<' in card(html, "SUPPORTED_ORGS")


def test_excel_export_holds_the_target_against_actual_table(
    plan, official_client, django_capture_on_commit_callbacks
):
    from portal.models import ExportJob

    # The export is a job (portal.exports): the address starts it and goes to its page.
    with django_capture_on_commit_callbacks(execute=True):
        started = official_client.get(reverse("reports:dashboard_export"), {"year": 2025})
    job = ExportJob.objects.get()
    assert started["Location"] == reverse("portal:export_detail", args=[job.pk])
    response = official_client.get(reverse("portal:export_download", args=[job.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Chỉ tiêu"
    names = dict(Indicator.objects.values_list("code", "name"))
    by_key = {(row[0], row[3]): row for row in rows[1:]}
    assert by_key[(names["SUPPORTED_ORGS"], 2025)][7] == 12
    assert by_key[(names["SUPPORTED_ORGS"], 2024)][7] == 11
    assert by_key[(names["BUDGET_SPENT"], 2025)][7] == 295_000_000
    assert by_key[(names["NQA_WINNERS"], 2025)][9] == "Không đạt"
    assert len(rows) == 1 + 8 * 5  # every indicator for 2021–2025
    breakdowns = [row[1:] for row in workbook.worksheets[1].iter_rows(values_only=True)]
    assert ("Phường Việt Trì", 6) in breakdowns


def test_drilldown_lists_the_records_counted_and_paginates(plan, official_client):
    for index in range(55):
        SupportActivityFactory(
            organization=OrganizationFactory(name=f"Hợp tác xã Chè {index:02d}"),
            date=dt.date(2025, 7, 1),
        )
    url = drilldown_url("SUPPORTED_ORGS", 2025)
    html = official_client.get(url).content.decode()
    assert "67 bản ghi" in html
    assert "Công ty TNHH Cơ khí Phú Thọ 00" in html
    # Paged by name and id (portal.keyset): the next page follows the last row shown.
    assert 'data-testid="keyset-pagination"' in html
    following = html.split('rel="next" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    second = official_client.get(url + following).content.decode()
    assert second.count("<tr>") - 1 == 17
    assert "67 bản ghi" in second
    people = official_client.get(drilldown_url("EXPERTS_TRAINED", 2025))
    assert "ChuyenGia0@Example.vn".lower() not in people.content.decode()  # e-mails not shown
    assert people.status_code == 200
    tabs = official_client.get(
        drilldown_url("AWARENESS_REACH", 2025), {"section": "seminars"}
    ).content.decode()
    assert "5 bản ghi" in tabs
    assert (
        official_client.get(reverse("reports:drilldown", args=[999_999, 2025])).status_code == 404
    )


def test_locked_drilldown_lists_the_frozen_records(plan, official_client, staff_user, lead_user):
    closing = services.year_submit(year=2025, by=staff_user)
    services.year_approve(closing=closing, by=lead_user)
    SupportActivityFactory(
        organization=OrganizationFactory(name="Doanh nghiệp bổ sung sau khóa sổ"),
        date=dt.date(2025, 12, 1),
    )
    html = official_client.get(drilldown_url("SUPPORTED_ORGS", 2025)).content.decode()
    assert "12 bản ghi" in html
    assert "Doanh nghiệp bổ sung sau khóa sổ" not in html


def test_staff_change_a_target_with_a_reason(plan, staff_client):
    target = Target.objects.get(indicator__code="PILOT_MODELS", phase__code="2026-2030")
    url = reverse("reports:target_edit", args=[target.pk])
    response = staff_client.post(url, {"kind": "at_least", "value": "6", "reason": ""})
    assert response.status_code == 200
    assert "Trường này là bắt buộc." in response.content.decode()
    target.refresh_from_db()
    assert target.value == 5
    response = staff_client.post(
        url, {"kind": "range", "minimum": "9", "maximum": "3", "reason": "Điều chỉnh"}
    )
    assert "Giá trị tối đa không được nhỏ hơn giá trị tối thiểu." in response.content.decode()
    target.refresh_from_db()
    assert (target.kind, target.value) == ("at_least", 5)
    response = staff_client.post(
        url, {"kind": "at_least", "value": "6", "reason": "Văn bản số 99/UBND-KGVX"}, follow=True
    )
    html = response.content.decode()
    assert "Văn bản số 99/UBND-KGVX" in html
    target.refresh_from_db()
    assert target.value == 6
    assert target.revisions.first().old_terms["value"] == "5.00"


def test_staff_add_a_target(plan, staff_client):
    from reports.models import Indicator

    response = staff_client.post(
        reverse("reports:target_create"),
        {
            "indicator": Indicator.objects.get(code="EXPERTS_TRAINED").pk,
            "phase": Target.objects.get(
                indicator__code="PILOT_MODELS", phase__code="2026-2030"
            ).phase_id,
            "year": "",
            "kind": "range",
            "minimum": "20",
            "maximum": "30",
            "reason": "Kế hoạch giai đoạn 2026–2030",
        },
    )
    assert response.status_code == 302
    target = Target.objects.get(indicator__code="EXPERTS_TRAINED", phase__code="2026-2030")
    assert (target.minimum, target.maximum, target.year) == (20, 30, None)


def test_staff_enter_a_manual_figure_with_evidence(plan, staff_client, official_user):
    from django.test import Client

    official_client = Client()
    official_client.force_login(official_user)
    from reports.models import Indicator

    indicator = Indicator.objects.get(code="MGMT_TRAINED")
    url = reverse("reports:manual_actual_create")
    response = staff_client.post(
        url, {"indicator": indicator.pk, "year": 2025, "value": "7", "reason": "Danh sách lớp"}
    )
    assert "Trường này là bắt buộc." in response.content.decode()  # the evidence file
    bad = SimpleUploadedFile("virus.exe", b"MZ")
    response = staff_client.post(
        url, {"indicator": indicator.pk, "year": 2025, "value": "7", "reason": "x", "evidence": bad}
    )
    assert "Hãy đính kèm tệp PDF, ảnh, Word hoặc Excel." in response.content.decode()
    assert not ManualActual.objects.exists()
    evidence = SimpleUploadedFile("danh-sach.pdf", b"%PDF-1.4 danh sach")
    response = staff_client.post(
        url,
        {
            "indicator": indicator.pk,
            "year": 2025,
            "value": "7",
            "reason": "Danh sách lớp của Bộ",
            "evidence": evidence,
        },
    )
    assert response.status_code == 302
    manual = ManualActual.objects.get()
    assert manual.value == Decimal(7)
    download = official_client.get(reverse("reports:manual_actual_evidence", args=[manual.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 danh sach"


def test_year_closing_through_the_pages(plan, client, staff_user, lead_user):
    client.force_login(staff_user)
    response = client.post(reverse("reports:year_submit", args=[2025]), follow=True)
    assert "đã được trình phê duyệt" in response.content.decode()
    response = client.post(reverse("reports:year_approve", args=[2025]), follow=True)
    assert "Chỉ lãnh đạo mới được phê duyệt" in response.content.decode()
    client.force_login(lead_user)
    # Approving locks the year: the page asks first (without JavaScript, a confirmation page).
    response = client.post(reverse("reports:year_approve", args=[2025]))
    assert "Phê duyệt và khóa năm 2025?" in response.content.decode()
    assert YearClosing.objects.get(year=2025).status == "submitted"
    client.post(reverse("reports:year_approve", args=[2025]), {"confirmed": "1"})
    assert YearClosing.objects.get(year=2025).status == "locked"
    response = client.post(reverse("reports:year_unlock", args=[2025]), {"reason": ""}, follow=True)
    assert "Hãy nêu lý do mở khóa." in response.content.decode()
    response = client.post(
        reverse("reports:year_unlock", args=[2025]), {"reason": "Sửa số liệu hợp đồng"}, follow=True
    )
    html = response.content.decode()
    assert "Sửa số liệu hợp đồng" in html
    assert YearClosing.objects.get(year=2025).status == "open"


def _report(status, **extra):
    return AnnualReport.objects.create(
        year=2025,
        version=AnnualReport.objects.count() + 1,
        status=status,
        figures={},
        figures_source="provisional",
        figures_checksum="a" * 64,
        **extra,
    )


def test_report_status_polls_while_running_and_stops_when_done(official_client, db):
    report = _report(AnnualReport.Status.RUNNING)
    url = reverse("reports:report_status", args=[report.pk])
    html = official_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert f'hx-get="{url}"' in html
    assert 'hx-trigger="every 2s"' in html
    report.status = AnnualReport.Status.FAILED
    report.error = "RuntimeError: hỏng"
    report.save()
    html = official_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in html
    assert "RuntimeError: hỏng" in html
    assert "Tạo lại báo cáo" not in html  # officials read; only staff retry


def test_staff_request_and_download_a_report(
    plan, staff_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(reverse("reports:report_request"), {"year": 2025}, follow=True)
    html = response.content.decode()
    assert "Đang tạo phiên bản 1 của báo cáo năm 2025" in html
    assert 'hx-trigger="every 2s"' in html  # queued when the page was drawn
    report = AnnualReport.objects.get()
    assert report.status == "succeeded"
    html = staff_client.get(reverse("reports:report_list")).content.decode()
    assert reverse("reports:report_download", args=[report.pk]) in html
    assert "hx-trigger" not in html
    download = staff_client.get(reverse("reports:report_download", args=[report.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_staff_retry_a_failed_build(plan, staff_client, django_capture_on_commit_callbacks):
    report = services.annual_report_request(by=None, year=2025, enqueue=False)
    services.annual_report_mark_failed(report_id=report.pk, error="OSError: đĩa đầy")
    html = staff_client.get(reverse("reports:report_list")).content.decode()
    assert "OSError: đĩa đầy" in html
    assert "Tạo lại báo cáo" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("reports:report_retry", args=[report.pk]), HTTP_HX_REQUEST="true"
        )
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.status == "succeeded"
    assert report.version == 1


def test_no_download_before_the_file_exists(official_client, db):
    report = _report(AnnualReport.Status.QUEUED)
    assert (
        official_client.get(reverse("reports:report_download", args=[report.pk])).status_code == 404
    )


def test_navigation_workspace_and_home(plan, staff_user, official_user, client):
    from portal.hooks import collect_work
    from reports import navigation

    staff_items = {(item.url_name, item.section) for item in navigation.items(staff_user)}
    assert ("reports:year_list", "staff") in staff_items
    assert ("reports:dashboard", "staff") in staff_items
    official_items = {(item.url_name, item.section) for item in navigation.items(official_user)}
    assert official_items == {
        ("reports:dashboard", "official"),
        ("reports:report_list", "official"),
        ("reports:target_list", "official"),
    }
    _report(AnnualReport.Status.FAILED, error="x")
    staff_work = {item.label: item.count for item in collect_work("staff_tasks", staff_user)}
    assert staff_work["Báo cáo tạo bị lỗi"] == 1
    assert staff_work["Số liệu năm chờ phê duyệt"] == 0
    done = _report(AnnualReport.Status.SUCCEEDED)
    official_work = collect_work("official_tasks", official_user)
    assert any(
        item.url == reverse("reports:report_download", args=[done.pk]) for item in official_work
    )

    html = client.get("/").content.decode()
    assert 'data-testid="home-progress"' in html
    year = dt.date.today().year
    assert f"Năm {year}:" in html


def _actual_on_dashboard(html: str, code: str) -> str:
    return card(html, code).split('data-testid="actual">', 1)[1].split("<", 1)[0]


def test_dashboard_reuses_counted_figures_for_a_while_and_says_when(
    plan, official_client, monkeypatch
):
    from reports.figures import computed_cache_key
    from reports.registry import Scope
    from reports.views import dashboard

    url = reverse("reports:dashboard")
    html = official_client.get(url, {"year": 2025}).content.decode()
    assert _actual_on_dashboard(html, "SUPPORTED_ORGS") == "12"
    assert 'data-testid="computed-at"' in html
    assert "10 phút" in html  # counted again every 10 minutes

    SupportActivityFactory(organization=OrganizationFactory(), date=dt.date(2025, 8, 1))
    html = official_client.get(url, {"year": 2025}).content.decode()
    assert _actual_on_dashboard(html, "SUPPORTED_ORGS") == "12"  # the count of minutes ago

    # Five minutes later: the reused count has expired and the page is built again.
    cache.delete(computed_cache_key("SUPPORTED_ORGS", Scope(year=2025, start_year=2025)))
    period = dashboard.figures_period()
    monkeypatch.setattr(dashboard, "figures_period", lambda: period + 1)
    html = official_client.get(url, {"year": 2025}).content.decode()
    assert _actual_on_dashboard(html, "SUPPORTED_ORGS") == "13"  # counted again


def test_a_target_change_shows_on_the_dashboard_at_once(plan, official_client, staff_user):
    url = reverse("reports:dashboard")
    official_client.get(url, {"year": 2025})  # cached
    target = Target.objects.get(indicator__code="PILOT_MODELS", phase__code="2021-2025")
    services.target_update(
        target=target, by=staff_user, reason="Điều chỉnh theo Kế hoạch sửa đổi", value=4
    )
    html = official_client.get(url, {"year": 2025}).content.decode()
    assert "≥ 4" in card(html, "PILOT_MODELS")


def test_dashboard_lists_the_largest_groups_and_sums_the_others():
    from reports.views.dashboard import BREAKDOWN_ROWS_SHOWN, _largest

    rows = [{"key": n, "label": f"Xã {n}", "count": 100 - n} for n in range(30)]
    shown = _largest(rows)
    assert len(shown) == BREAKDOWN_ROWS_SHOWN + 1
    assert shown[:BREAKDOWN_ROWS_SHOWN] == rows[:BREAKDOWN_ROWS_SHOWN]
    assert shown[-1]["other"]
    assert shown[-1]["count"] == sum(100 - n for n in range(20, 30))
    assert _largest(rows[:21]) == rows[:21]  # nothing to sum
