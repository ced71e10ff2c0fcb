"""A real Celery worker process builds an annual report end to end (Redis broker, PostgreSQL
test database shared with the worker, the PDF written to the same private storage)."""

import datetime as dt
import hashlib
import io
import os
import subprocess
import sys
import time
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import transaction
from pypdf import PdfReader

from reports import services
from reports.models import AnnualReport
from tests.conftest import require_service

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
]


def _database_url() -> str:
    db = settings.DATABASES["default"]
    credentials = quote(db.get("USER") or "")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"])
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{credentials}@{host}:{port}/{db['NAME']}"


def _start_worker(settings, **extra_env) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_TESTING": "1",
        "DATABASE_URL": _database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "SIGNING_DEMO_DIR": str(settings.SIGNING_DEMO_DIR),  # the run's demo certificate
        "CELERY_TASK_ALWAYS_EAGER": "0",
        **extra_env,
    }
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "portal",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=WARNING",
            "-Q",
            "celery",
        ],
        env=env,
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        output, _unused = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _unused = process.communicate()
    if output:
        print(output.decode(errors="replace")[-4000:])  # noqa: T201 - shown when a test fails


def _require_services(settings) -> None:
    require_service("Redis (REDIS_URL)", bool(settings.REDIS_URL))
    # The worker is another process: it must reach the same test database.
    require_service("PostgreSQL (DATABASE_URL)", settings.IS_POSTGRES)


@pytest.fixture
def report_worker(settings):
    _require_services(settings)
    from portal.celery import app

    app.control.purge()  # nothing left over from earlier runs reaches this worker
    process = _start_worker(settings)
    yield process
    _stop(process)


def _wait_for(report, statuses, *, seconds: float, worker=None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status in statuses:
            return
        if worker is not None:
            assert worker.poll() is None, "the worker died"
        time.sleep(0.1)


def test_real_worker_builds_the_report(plan, report_worker):
    from portal.celery import app

    app.conf.task_always_eager = False
    try:
        with transaction.atomic():
            report = services.annual_report_request(by=None, year=2025)  # queued on commit
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            report.refresh_from_db()
            if report.status in (AnnualReport.Status.SUCCEEDED, AnnualReport.Status.FAILED):
                break
            assert report_worker.poll() is None, "the worker died"
            time.sleep(0.5)
    finally:
        app.conf.task_always_eager = True
    assert report.status == AnnualReport.Status.SUCCEEDED, report.error
    assert report.attempts == 1
    data = report.file.read()
    assert hashlib.sha256(data).hexdigest() == report.checksum
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == report.page_count
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "295.000.000 đ" in text.replace("\u00a0", " ")  # the no-break space reads as a space


def test_real_worker_signs_the_approved_report_before_it_is_ready(
    plan, staff_user, lead_user, report_worker
):
    from portal import signing
    from portal.celery import app

    closing = services.year_submit(year=2025, by=staff_user)
    services.year_approve(closing=closing, by=lead_user)
    app.conf.task_always_eager = False
    try:
        with transaction.atomic():
            report = services.annual_report_request(by=None, year=2025)
        _wait_for(
            report,
            (AnnualReport.Status.SUCCEEDED, AnnualReport.Status.FAILED),
            seconds=180,
            worker=report_worker,
        )
    finally:
        app.conf.task_always_eager = True
    assert report.status == AnnualReport.Status.SUCCEEDED, report.error
    assert report.signed_at is not None
    result = signing.verify_pdf(report.file.read())
    assert result.ok
    assert result.signatures[0].signer == report.signed_by


def test_worker_killed_mid_build_is_redelivered_and_one_version_results(plan, settings):
    """kill -9 the worker while it renders: the unacknowledged task goes back to the queue
    once the visibility timeout passes, a new worker rebuilds the same row, and exactly one
    version of the report exists."""
    import signal

    from enterprises.models import SupportActivity
    from tests.reports.factories import OrganizationFactory

    _require_services(settings)
    from portal.celery import app

    # A long annex keeps the render busy for a few seconds: time to kill it mid-build.
    organizations = [OrganizationFactory() for _ in range(300)]
    SupportActivity.objects.bulk_create(
        SupportActivity(
            organization=organization,
            date=dt.date(2025, 6, 1),
            kind=SupportActivity.Kind.TRAINING,
            title="Tập huấn 5S",
        )
        for organization in organizations
    )
    fast_redelivery = {
        "CELERY_VISIBILITY_TIMEOUT": "3",
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
        "CELERY_UNACKED_RESTORE_THROTTLE": "1",
    }
    app.control.purge()
    app.conf.task_always_eager = False
    first = _start_worker(settings, **fast_redelivery)
    second = None
    try:
        with transaction.atomic():
            report = services.annual_report_request(by=None, year=2025)
        _wait_for(report, {AnnualReport.Status.RUNNING}, seconds=90, worker=first)
        assert report.status == AnnualReport.Status.RUNNING
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=20)
        report.refresh_from_db()
        assert report.status == AnnualReport.Status.RUNNING, "the build finished before the kill"

        second = _start_worker(settings, **fast_redelivery)
        _wait_for(
            report,
            {AnnualReport.Status.SUCCEEDED, AnnualReport.Status.FAILED},
            seconds=180,
            worker=second,
        )
    finally:
        app.conf.task_always_eager = True
        if second is not None:
            _stop(second)
    assert report.status == AnnualReport.Status.SUCCEEDED, report.error
    assert AnnualReport.objects.filter(year=2025).count() == 1
    assert report.version == 1
    assert report.attempts == 2  # the killed run and the redelivered one
    data = report.file.read()
    assert data.startswith(b"%PDF")
    assert hashlib.sha256(data).hexdigest() == report.checksum
