"""A real Celery worker process builds an annual report end to end (Redis broker, PostgreSQL
test database shared with the worker, the PDF written to the same private storage)."""

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


@pytest.fixture
def report_worker(settings):
    require_service("Redis (REDIS_URL)", bool(settings.REDIS_URL))
    # The worker is another process: it must reach the same test database.
    require_service("PostgreSQL (DATABASE_URL)", settings.IS_POSTGRES)
    from portal.celery import app

    app.control.purge()  # nothing left over from earlier runs reaches this worker
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_TESTING": "1",
        "DATABASE_URL": _database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }
    process = subprocess.Popen(
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
    yield process
    process.terminate()
    try:
        output, _unused = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _unused = process.communicate()
    if output:
        print(output.decode(errors="replace")[-4000:])  # noqa: T201 - shown when a test fails


def test_real_worker_builds_the_report(plan, report_worker):
    from portal.celery import app

    app.conf.task_always_eager = False
    try:
        with transaction.atomic():
            report = services.annual_report_request(year=2025)  # queued on commit
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
    assert "295.000.000 ₫" in text
