"""Item 8 of issue 12: a report for every closed year. Officials find every closed year of the
plan with its download and may request a new version of a closed year's report (not of the
current year's: staff build that one); the request answers at once and shows its progress
(htmx polling, a spinner, the button disabled) instead of blocking."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from portal.models import Role
from reports import permissions, services
from reports.models import AnnualReport
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year
CLOSED_YEARS = list(range(2021, THIS_YEAR))  # 2021–2025 in 2026


def ready_report(year: int, version: int = 1) -> AnnualReport:
    report = AnnualReport(
        year=year,
        version=version,
        status=AnnualReport.Status.SUCCEEDED,
        figures={"year": year},
        figures_source=AnnualReport.FiguresSource.LOCKED,
        figures_checksum="b" * 64,
        page_count=12,
    )
    report.file.save(report.download_name, ContentFile(b"%PDF-1.7 " + str(year).encode()), False)
    report.save()
    return report


def section(html: str, year: int) -> str:
    start = html.index(f'id="report-year-{year}"')
    end = html.find('<section class="mb-4 report-year"', start)
    return html[start : end if end != -1 else len(html)]


def test_officials_find_every_closed_year_with_its_download(official_client):
    reports = {year: ready_report(year) for year in CLOSED_YEARS if year != 2022}
    newer = ready_report(2024, version=2)
    html = official_client.get(reverse("reports:report_list")).content.decode()
    for year in CLOSED_YEARS:
        part = section(html, year)
        assert "Năm đã kết thúc" in part
        if year == 2022:
            # A closed year without a report yet: an official can have it built.
            assert "Chưa có báo cáo cho năm này." in part
            assert "Tạo báo cáo" in part
            assert reverse("reports:report_year_request", args=[2022]) in part
            continue
        latest = newer if year == 2024 else reports[year]
        assert reverse("reports:report_download", args=[latest.pk]) in part
        assert f"Tải phiên bản mới nhất (v{latest.version})" in part
        assert "Yêu cầu tạo phiên bản mới" in part
        assert reverse("reports:report_year_request", args=[year]) in part
    # The current year is there too, built by staff only.
    current = section(html, THIS_YEAR)
    assert "Năm hiện tại" in current
    assert reverse("reports:report_year_request", args=[THIS_YEAR]) not in current
    assert "Báo cáo năm hiện tại do cán bộ Chương trình tạo" in current
    # Every version stays downloadable.
    download = official_client.get(reverse("reports:report_download", args=[reports[2024].pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.7 2024"


def test_an_official_rebuilds_a_closed_year_and_watches_it_progress(
    plan, official_client, official_user, django_capture_on_commit_callbacks
):
    first = ready_report(2024)
    url = reverse("reports:report_year_request", args=[2024])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = official_client.post(url, HTTP_HX_REQUEST="true")
    # The answer comes at once: the year's section with the new version queued.
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="mb-4 report-year" id="report-year-2024"')
    assert "Đang tạo phiên bản 2 của báo cáo năm 2024." in html
    second = AnnualReport.objects.get(year=2024, version=2)
    assert second.status == AnnualReport.Status.QUEUED
    assert second.requested_by == official_user
    status_url = reverse("reports:report_status", args=[second.pk])
    assert f'hx-get="{status_url}"' in html
    assert 'hx-trigger="every 2s"' in html
    assert "spinner-border" in html
    # The button is disabled while the version is being built.
    assert "Đang tạo một phiên bản…" in html
    assert "disabled" in html
    assert f'hx-post="{url}"' not in html
    # A second click meanwhile is refused with a message, nothing queued twice.
    again = official_client.post(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Một phiên bản báo cáo năm 2024 đang được tạo" in again
    assert AnnualReport.objects.filter(year=2024).count() == 2

    for callback in callbacks:  # the worker builds it
        callback()
    second.refresh_from_db()
    assert second.status == AnnualReport.Status.SUCCEEDED, second.error
    poll = official_client.get(status_url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in poll  # polling stops
    assert reverse("reports:report_download", args=[second.pk]) in poll
    # ... and the year's actions come back out of band, the button enabled again.
    assert 'id="report-actions-2024"' in poll
    assert 'hx-swap-oob="true"' in poll
    assert f'hx-post="{url}"' in poll
    assert "Tải phiên bản mới nhất (v2)" in poll
    # The old version is kept as it was.
    first.refresh_from_db()
    assert first.file.read() == b"%PDF-1.7 2024"


def test_an_official_may_not_build_the_current_year_but_staff_may(
    plan, official_client, client, staff_user
):
    url = reverse("reports:report_year_request", args=[THIS_YEAR])
    assert official_client.post(url, HTTP_HX_REQUEST="true").status_code == 403
    assert not AnnualReport.objects.exists()
    client.force_login(staff_user)
    response = client.post(url, follow=True)
    assert f"Đang tạo phiên bản 1 của báo cáo năm {THIS_YEAR}." in response.content.decode()
    assert AnnualReport.objects.get().year == THIS_YEAR


def test_request_permissions_say_why(staff_user, official_user):
    enterprise = make_user(Role.ENTERPRISE, "dn@example.vn")
    assert permissions.is_closed_year(THIS_YEAR - 1)
    assert not permissions.is_closed_year(THIS_YEAR)
    assert permissions.can_request_report(staff_user, THIS_YEAR) == (True, "")
    assert permissions.can_request_report(official_user, THIS_YEAR - 1) == (True, "")
    allowed, reason = permissions.can_request_report(official_user, THIS_YEAR)
    assert not allowed
    assert "cán bộ Chương trình" in reason
    allowed, reason = permissions.can_request_report(enterprise, THIS_YEAR - 1)
    assert not allowed
    assert reason
    allowed, reason = permissions.can_request_report_now(
        official_user, THIS_YEAR - 1, building=True
    )
    assert not allowed
    assert "đang được tạo" in reason
    # The service checks the same rule itself (a 403 page with the reason in the portal).
    with pytest.raises(PermissionDenied, match="cán bộ Chương trình"):
        services.annual_report_request(year=THIS_YEAR, by=official_user)
