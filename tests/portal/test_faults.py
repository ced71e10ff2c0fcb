"""Redis down or hung, the broker lost, a worker killed: pages still serve quickly, tasks run
in-process or wait for a retry instead of failing the request, and nothing signed out comes
back when Redis does (issue 13, items 6, 7 and 8)."""

import contextlib
import shutil
import signal
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from portal import settings as project_settings
from portal.queueing import QueueUnavailable, enqueue
from tests.conftest import require_service

# A page must answer within this while Redis does not: one short socket timeout at most,
# then the cache degrades at once (the review measured 20-50 s with a stopped Redis).
PAGE_SECONDS = 3.0


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def _celery_at(url: str):
    """Celery's broker and result store at `url`, tasks sent for real (not run eagerly)."""
    from portal.celery import app

    def fresh_pools():
        # Connection and producer pools and the result store are bound to their URL.
        app._pool = None
        app.amqp._producer_pool = None
        app._backend_cache = None
        with contextlib.suppress(AttributeError):
            del app._local.backend

    previous = app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager
    app.conf.broker_url = app.conf.result_backend = url
    app.conf.task_always_eager = False
    fresh_pools()
    try:
        yield app
    finally:
        app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager = previous
        fresh_pools()


def _redis_caches(settings, url: str, *, timeout: float = 0.2, retry_after: float = 5) -> None:
    """The production cache settings (portal/settings.py) pointed at `url`."""
    caches_ = project_settings.redis_caches(url)
    for params in caches_.values():
        params["RETRY_AFTER"] = retry_after
        params["OPTIONS"] = {"socket_connect_timeout": timeout, "socket_timeout": timeout}
    settings.CACHES = caches_  # (Django's setting_changed signal rebuilds the cache handlers.)
    settings.SESSION_ENGINE = "portal.sessions"


@pytest.fixture
def redis_down(settings):
    """Cache, sessions, broker and result store pointing at a port where nothing listens.
    (With results stored, queueing a task waited 20 s on the result store's reconnections
    and then raised RuntimeError: a 500, and the report left "queued".)"""
    url = f"redis://127.0.0.1:{_closed_port()}/0"
    _redis_caches(settings, url)
    with _celery_at(url):
        yield url


class OwnRedis:
    """A redis-server of the test's own, to freeze (SIGSTOP), thaw, stop and start again with
    its data (append-only file, as docker-compose runs it): never the shared one."""

    def __init__(self, binary: str, folder):
        self.binary, self.folder = binary, folder
        self.port = _closed_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - a fixed local binary
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "yes", "--appendfsync", "always", "--dir", str(self.folder)]
            + ["--loglevel", "warning"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with contextlib.suppress(Exception):
                if self.client().ping():
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def freeze(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        self.thaw()
        self.process.terminate()
        self.process.wait(timeout=10)

    def client(self):
        import redis

        return redis.Redis.from_url(self.url, socket_timeout=2)


@pytest.fixture
def own_redis(tmp_path):
    binary = shutil.which("redis-server")
    require_service("redis-server (a binary to start one of the test's own)", binary is not None)
    folder = tmp_path / "redis"
    folder.mkdir()
    server = OwnRedis(binary, folder)
    yield server
    if server.process.poll() is None:
        server.stop()


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


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


# --- item 6: a hung Redis ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)  # the report request queues on commit
def test_pages_answer_quickly_while_redis_hangs(settings, own_redis, staff_user):
    """SIGSTOP the Redis that holds the cache, the sessions and the broker: the connections
    are accepted and never answered. Every page must still come back within seconds,
    signed in or not, and a report request must say the queue is unavailable or queue it."""
    _redis_caches(settings, own_redis.url, timeout=project_settings.CACHE_SOCKET_TIMEOUT)
    staff = Client()
    staff.force_login(staff_user)
    visitor = Client()
    with _celery_at(own_redis.url):
        for client, name in ((visitor, "portal:home"), (staff, "portal:staff_home")):
            assert client.get(reverse(name)).status_code == 200  # warm: sessions in Redis

        own_redis.freeze()
        try:
            timings = {}
            for label, call in {
                "home": lambda: visitor.get(reverse("portal:home")),
                "sign-in page": lambda: visitor.get(reverse("login")),
                "staff home": lambda: staff.get(reverse("portal:staff_home")),
                "reports": lambda: staff.get(reverse("reports:report_list")),
                "report request": lambda: staff.post(
                    reverse("reports:report_request"), {"year": 2025}, follow=True
                ),
            }.items():
                response, timings[label] = _timed(call)
                assert response.status_code == 200, label
            assert "Cán bộ Sở" in response.content.decode()  # still signed in, from the database
        finally:
            own_redis.thaw()
    slow = {label: round(seconds, 1) for label, seconds in timings.items()}
    # Sending the task waits for the broker's answer once (its socket timeout).
    broker_timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["socket_timeout"]
    assert timings.pop("report request") < broker_timeout + PAGE_SECONDS, slow
    assert max(timings.values()) < PAGE_SECONDS, slow


def test_a_hung_redis_costs_one_timeout_then_the_cache_degrades_at_once(settings, own_redis, db):
    _redis_caches(settings, own_redis.url, timeout=0.5, retry_after=30)
    cache = caches["default"]
    cache.set("figure", 41)
    own_redis.freeze()
    try:
        _value, first = _timed(lambda: cache.get("figure", "fallback"))
        values, rest = _timed(lambda: [cache.get("figure", "fallback") for _ in range(20)])
    finally:
        own_redis.thaw()
    assert _value == "fallback"
    assert values == ["fallback"] * 20
    assert first < 1.5
    assert rest < 0.5  # twenty calls without waiting on the socket


# --- item 8: logging out, and the rate limits, during an outage -------------------------------


def test_a_session_signed_out_during_an_outage_stays_signed_out_when_redis_returns(
    settings, own_redis, staff_user
):
    """Redis stops (its data kept on disk), the person signs out, Redis comes back with the
    session's copy: the old cookie must not sign anyone in again."""
    _redis_caches(settings, own_redis.url, timeout=0.3, retry_after=0.5)
    client = Client()
    assert (
        client.post(
            reverse("login"), {"username": staff_user.email, "password": "Secret-pass-123"}
        ).status_code
        == 302
    )
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.get(reverse("portal:staff_home")).status_code == 200  # the Redis copy

    own_redis.stop()
    response, seconds = _timed(lambda: client.post(reverse("logout")))
    assert response.status_code == 302
    assert seconds < PAGE_SECONDS
    own_redis.start()
    assert own_redis.client().keys("*cached_db*")  # the copy came back with Redis' data
    time.sleep(0.6)  # the cache tries Redis again after RETRY_AFTER

    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = cookie
    response = replay.get(reverse("portal:staff_home"))
    assert response.status_code == 302  # to the sign-in page
    assert reverse("login") in response["Location"]
    assert not own_redis.client().keys("*cached_db*")  # the stale copy was deleted


def test_another_process_deletes_what_an_outage_left_stale(settings, own_redis, db):
    """The process that dropped a write may be gone: the keys are in the database, and any
    process (the minute task) deletes them once Redis answers."""
    from portal.cache import ResilientRedisCache
    from portal.models import CacheRepair
    from portal.tasks import repair_cache_task

    _redis_caches(settings, own_redis.url, timeout=0.3, retry_after=60)
    cache = caches["default"]
    cache.set("portal:program-settings", "before the outage")
    own_redis.freeze()
    try:
        assert cache.get("portal:program-settings") is None  # times out: the cache degrades
        cache.delete("portal:program-settings")  # so this one is not even sent
    finally:
        own_redis.thaw()
    assert list(CacheRepair.objects.values_list("key", flat=True)) == [
        cache.make_key("portal:program-settings")
    ]
    # Another process's cache (never saw the outage) would read the stale copy ...
    other = ResilientRedisCache(own_redis.url, settings.CACHES["default"])
    assert other.get("portal:program-settings") == "before the outage"
    # ... until the minute task runs there.
    del caches["default"]  # this process's own cache is the one still waiting to retry
    assert repair_cache_task() == 1
    assert other.get("portal:program-settings") is None
    assert not CacheRepair.objects.exists()


@pytest.mark.parametrize(
    ("url_name", "data"),
    [
        ("password_reset", {"email": "someone@example.vn"}),
        ("enterprises:register", {"name": ""}),
        ("enterprises:join", {"tax_code": ""}),
    ],
)
def test_public_forms_are_not_refused_as_too_many_during_an_outage(
    client, db, redis_down, url_name, data
):
    response = client.post(reverse(url_name), data)
    assert response.status_code != 429
    assert "Quá nhiều" not in response.content.decode()


def test_the_rate_limit_still_counts_during_an_outage(client, db, redis_down, settings):
    settings.PASSWORD_RESET_RATE = "2/h"
    for _ in range(2):
        response = client.post(reverse("password_reset"), {"email": "a@example.vn"})
        assert response.status_code == 302
    response = client.post(reverse("password_reset"), {"email": "a@example.vn"})
    assert "Quá nhiều yêu cầu" in response.content.decode()


# --- item 7: the broker lost while a report is requested; a worker killed mid-build -----------


def test_enqueue_turns_any_publishing_error_into_queue_unavailable(monkeypatch):
    from portal.tasks import ping_task

    def lost(*args, **kwargs):
        raise RuntimeError("Retry limit exceeded while trying to reconnect to the result store")

    monkeypatch.setattr(ping_task, "apply_async", lost)
    with pytest.raises(QueueUnavailable):
        enqueue(ping_task, 1, run_inline_if_unavailable=False)


def test_a_build_left_running_by_a_dead_worker_is_offered_for_retry(
    staff_client, django_capture_on_commit_callbacks
):
    """A worker killed mid-build leaves the report "running"; the broker would hand the task
    out again only after its visibility timeout (two hours). The minute-by-minute recovery
    marks it interrupted once it has run longer than any build can, and staff retry it."""
    import datetime as dt

    from django.utils import timezone

    from reports import services
    from reports.models import AnnualReport
    from reports.tasks import recover_stalled_reports_task

    report = services.annual_report_request(by=None, year=2025, enqueue=False)
    recent = services.annual_report_request(by=None, year=2025, enqueue=False)
    long_ago = timezone.now() - services.stalled_after() - dt.timedelta(minutes=1)
    AnnualReport.objects.filter(pk=report.pk).update(
        status=AnnualReport.Status.RUNNING, started_at=long_ago, updated_at=long_ago
    )
    AnnualReport.objects.filter(pk=recent.pk).update(
        status=AnnualReport.Status.RUNNING, started_at=timezone.now()
    )
    assert services.stalled_after() < dt.timedelta(hours=1)

    assert recover_stalled_reports_task() == 1

    report.refresh_from_db()
    recent.refresh_from_db()
    assert report.status == AnnualReport.Status.FAILED
    assert report.was_interrupted
    assert recent.status == AnnualReport.Status.RUNNING  # may still be building
    page = staff_client.get(reverse("reports:report_list")).content.decode()
    assert "không hoàn tất" in page
    assert "Tạo lại báo cáo" in page
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("reports:report_retry", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.SUCCEEDED  # built (tasks run eagerly here)


def test_the_recovery_and_the_cache_repair_are_scheduled(db):
    from django_celery_beat.models import PeriodicTask

    tasks = dict(PeriodicTask.objects.values_list("task", "interval__every"))
    assert tasks["reports.tasks.recover_stalled_reports_task"] == 5
    assert tasks["portal.tasks.repair_cache_task"] == 1
