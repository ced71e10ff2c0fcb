"""A real Celery worker process against Redis runs a task to completion."""

import os
import subprocess
import sys
import time

import pytest
from django.conf import settings

from tests.conftest import require_service

pytestmark = pytest.mark.worker


@pytest.fixture
def celery_worker_process():
    require_service("Redis (REDIS_URL)", bool(settings.REDIS_URL))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "DJANGO_TESTING": "1"}
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
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_real_worker_completes_a_task(celery_worker_process):
    from portal.tasks import ping_task

    started = time.monotonic()
    # disable_sync_subtasks: an eager task earlier in the run can leave Celery believing it is
    # still inside a task; this test is not.
    value = ping_task.delay(41).get(timeout=60, disable_sync_subtasks=False)
    assert value == 42
    assert time.monotonic() - started < 60
    assert celery_worker_process.poll() is None, "the worker died"
