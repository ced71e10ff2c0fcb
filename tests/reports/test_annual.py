"""Annual reports: built from frozen figures into a PDF whose text says exactly those figures;
versions, failures and retries, idempotent tasks, the command and the yearly schedule."""

import datetime as dt
import hashlib
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import OperationalError
from pypdf import PdfReader

from portal.models import Role
from portal.text import date_in_words
from reports import services, tasks
from reports.models import AnnualReport
from tests.conftest import make_user

from .conftest import EXPECTED_2025
from .factories import OrganizationFactory, SupportActivityFactory

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def build(year=2025, **kwargs):
    report = services.annual_report_request(by=None, year=year, enqueue=False, **kwargs)
    return services.annual_report_build(report_id=report.pk)


def test_report_pdf_says_exactly_the_computed_figures(plan):
    report = build()
    assert report.status == AnnualReport.Status.SUCCEEDED, report.error
    data = report.file.read()
    assert data.startswith(b"%PDF")
    assert report.checksum == hashlib.sha256(data).hexdigest()
    text = pdf_text(data)
    # Decree 30 first page.
    for heading in (
        "UBND TỈNH PHÚ THỌ",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "/BC-SKHCN",
        "BÁO CÁO",
        "Kết quả thực hiện Kế hoạch số 45/KH-UBND ngày 26/02/2021",
        "năm 2025",
        "Nơi nhận:",
        "NGUYỄN VĂN BÌNH".title(),
        "TỔNG HỢP KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
        "Thông tin, tuyên truyền về năng suất chất lượng",
        "Đào tạo, tập huấn về năng suất chất lượng",
        "Giải thưởng Chất lượng Quốc gia",
        "Hợp đồng và kinh phí",
        "PHỤ LỤC I",
        "Trang 2/",
    ):
        assert heading in text, heading
    today = dt.date.today()
    assert f"Phú Thọ, {date_in_words(today)}" in text
    # Each indicator's figure as the task-group sections state it.
    figures = {f["code"]: f for f in report.figures["indicators"]}
    assert {code: f["actual"] for code, f in figures.items()} == EXPECTED_2025
    formatted = {
        "SUPPORTED_ORGS": "12",
        "EXPERTS_TRAINED": "12",
        "PILOT_MODELS": "2",
        "NQA_WINNERS": "2",
        "AWARENESS_REACH": "2.505",
        "CAB_STRENGTHENED": "1",
        "MGMT_TRAINED": "3",
        "BUDGET_SPENT": "295.000.000\u00a0đ",
    }
    # The no-break space before "đ" comes out of the PDF's text as a plain space.
    flat = text.replace("\u00a0", " ")
    for code, value in formatted.items():
        name = " ".join(figures[code]["name"].split())
        assert f"— {name}: {value.replace(chr(0xA0), ' ')} (" in flat, code
    assert "295.000.000 đ" in flat
    assert "2 hợp đồng đã được thanh quyết toán" in text
    # The checksum of the figures is printed.
    assert report.figures_checksum in text.replace(" ", "")
    assert report.page_count == len(PdfReader(io.BytesIO(data)).pages) >= 5


def test_new_versions_never_overwrite_old_ones(plan):
    first = build()
    first_bytes = first.file.read()
    SupportActivityFactory(organization=OrganizationFactory(), date=dt.date(2025, 12, 1))
    second = build()
    assert (first.version, second.version) == (1, 2)
    assert second.file.name != first.file.name
    first.refresh_from_db()
    assert first.file.read() == first_bytes
    assert first.figures_checksum != second.figures_checksum


def test_locked_year_reports_are_built_from_the_approved_figures(plan, staff_user, lead_user):
    closing = services.year_submit(year=2025, by=staff_user)
    services.year_approve(closing=closing, by=lead_user)
    SupportActivityFactory(organization=OrganizationFactory(), date=dt.date(2025, 12, 1))
    report = build()
    assert report.figures_source == AnnualReport.FiguresSource.LOCKED
    assert report.figures_checksum == closing.snapshot_checksum
    again = build()
    assert again.figures_checksum == report.figures_checksum  # issued again identically
    assert "Số liệu tạm tính" not in pdf_text(report.file.read())


def test_a_failing_render_leaves_the_report_failed_and_a_retry_succeeds(
    plan, monkeypatch, staff_user, django_capture_on_commit_callbacks
):
    def broken(figures, report=None):
        raise RuntimeError("Phông chữ bị thiếu")

    monkeypatch.setattr("reports.pdf.render_annual_report", broken)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.annual_report_request(year=2025, by=staff_user)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.FAILED
    assert "RuntimeError: Phông chữ bị thiếu" in report.error
    assert not report.file
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        services.annual_report_retry(report=report, by=staff_user)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.SUCCEEDED
    assert (report.version, report.attempts, report.error) == (1, 2, "")
    assert AnnualReport.objects.count() == 1
    assert report.history.filter(status="failed").exists()


def test_build_task_is_idempotent(plan, monkeypatch):
    report = build()
    name, checksum = report.file.name, report.checksum

    def must_not_run(figures, report=None):
        raise AssertionError("a built report was rebuilt")

    monkeypatch.setattr("reports.pdf.render_annual_report", must_not_run)
    assert tasks.build_annual_report_task.apply(args=[report.pk]).get() == "succeeded"
    report.refresh_from_db()
    assert (report.file.name, report.checksum, report.attempts) == (name, checksum, 1)


def test_a_report_left_running_by_a_crashed_worker_is_rebuilt_in_the_same_row(plan):
    report = services.annual_report_request(by=None, year=2025, enqueue=False)
    AnnualReport.objects.filter(pk=report.pk).update(status=AnnualReport.Status.RUNNING, attempts=1)
    assert tasks.build_annual_report_task.apply(args=[report.pk]).get() == "succeeded"
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.SUCCEEDED
    assert report.attempts == 2
    assert AnnualReport.objects.filter(year=2025).count() == 1


def test_transient_errors_are_left_for_retry_then_marked_failed(plan, monkeypatch):
    def flaky(figures, report=None):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("reports.pdf.render_annual_report", flaky)
    report = services.annual_report_request(by=None, year=2025, enqueue=False)
    task = tasks.build_annual_report_task
    # A first attempt: the error propagates (Celery retries it) and the row stays running,
    # so the next delivery picks it up again.
    task.push_request(retries=0)
    try:
        with pytest.raises(OperationalError):
            task.run(report.pk)
    finally:
        task.pop_request()
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.RUNNING
    # The last allowed attempt: the report is marked failed with the error.
    task.push_request(retries=task.max_retries)
    try:
        with pytest.raises(OperationalError):
            task.run(report.pk)
    finally:
        task.pop_request()
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.FAILED
    assert "server closed the connection" in report.error
    assert report.attempts == 2


def test_task_settings():
    task = tasks.build_annual_report_task
    assert task.acks_late is True
    assert OperationalError in task.autoretry_for
    assert 0 < task.soft_time_limit < task.time_limit


def test_command_writes_a_pdf(plan, tmp_path):
    output = tmp_path / "bao-cao-2025.pdf"
    out = io.StringIO()
    call_command("generate_annual_report", "2025", "--output", str(output), stdout=out)
    data = output.read_bytes()
    assert data.startswith(b"%PDF")
    report = AnnualReport.objects.get(year=2025)
    assert report.trigger == AnnualReport.Trigger.COMMAND
    assert hashlib.sha256(data).hexdigest() == report.checksum
    assert re.search(r"Report 2025 v1: \d+ pages", out.getvalue())
    assert "12" in pdf_text(data)


def test_command_rejects_a_year_outside_the_plan(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("generate_annual_report", "2019")


def test_january_schedule_builds_last_year_once_and_mails_officials(
    plan, settings, django_capture_on_commit_callbacks
):
    make_user(Role.OFFICIAL, "lanhdao@example.vn")
    make_user(Role.PROGRAM_STAFF, "canbo@example.vn")
    # The request queues the build on commit, and the build queues the e-mail.
    with django_capture_on_commit_callbacks(execute=True):
        report = services.annual_report_scheduled(today=dt.date(2026, 1, 5))
    assert report is not None
    assert report.year == 2025
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.SUCCEEDED
    assert [message.to for message in mail.outbox] == [["lanhdao@example.vn"]]
    assert "2025" in mail.outbox[0].subject
    assert "/reports/annual/" in mail.outbox[0].body
    assert services.annual_report_scheduled(today=dt.date(2026, 1, 5)) is None


def test_periodic_task_exists():
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="reports.tasks.annual_report_scheduled_task")
    assert task.crontab.month_of_year == "1"
    assert task.enabled
