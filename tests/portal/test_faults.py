"""Redis down: pages still serve, and tasks run in-process instead of failing the request."""

import socket

import pytest
from django.core.cache import caches
from django.urls import reverse

from portal.queueing import QueueUnavailable, enqueue


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_down(settings):
    """Cache and broker pointing at a port where nothing listens."""
    url = f"redis://127.0.0.1:{_closed_port()}/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    # (Django's setting_changed signal rebuilds the cache handlers.)
    from portal.celery import app

    def fresh_pools():
        # Connection and producer pools are bound to the broker URL they were created with.
        app._pool = None
        app.amqp._producer_pool = None

    previous = app.conf.broker_url
    app.conf.broker_url = url
    app.conf.task_always_eager = False
    fresh_pools()
    yield url
    app.conf.broker_url = previous
    fresh_pools()


def test_pages_serve_when_redis_is_down(client, db, redis_down):
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    assert "Tổng" in response.content.decode() or "Total" in response.content.decode()
    assert client.get(reverse("login")).status_code == 200


def test_cache_reads_miss_and_writes_are_dropped_when_redis_is_down(db, redis_down):
    cache = caches["default"]
    assert cache.get("anything", "fallback") == "fallback"
    cache.set("key", 1)
    assert cache.add("key", 1) is False
    with pytest.raises(ValueError, match="not found"):
        cache.incr("key")


def test_enqueue_runs_the_task_in_process_when_the_broker_is_down(db, redis_down):
    from portal.tasks import ping_task

    assert enqueue(ping_task, 1) is False  # not queued, but run


def test_enqueue_can_report_the_outage_instead(db, redis_down):
    from portal.tasks import ping_task

    with pytest.raises(QueueUnavailable):
        enqueue(ping_task, 1, run_inline_if_unavailable=False)


@pytest.mark.django_db(transaction=True)  # the queueing happens on commit, as in production
def test_requesting_a_report_with_redis_down_says_so_and_keeps_the_request(
    staff_client, redis_down
):
    from reports.models import AnnualReport

    year = 2025
    response = staff_client.post(reverse("reports:report_request"), {"year": year}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "không thể đưa vào hàng đợi" in page
    report = AnnualReport.objects.get(year=year)
    assert report.status == AnnualReport.Status.FAILED
    assert report.could_not_be_queued
    assert report.figures  # the frozen figures are kept: nothing is lost
    assert "Tạo lại báo cáo" in page  # the retry button
