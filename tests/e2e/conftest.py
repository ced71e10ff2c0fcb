"""Browser journeys: Playwright drives Debian's Chromium against `live_server`, with a real
Celery worker on the same PostgreSQL test database and Redis.

Every journey asserts that no request left 127.0.0.1 and that the page raised no Content
Security Policy violation; a failing journey leaves a screenshot in test-artifacts/.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from tests.conftest import require_service

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            # Transactional: the worker and the browser must see committed data (the
            # reference data flushed after each test is restored by tests/conftest.py).
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture(autouse=True)
def _needs_chromium():
    require_service("Chromium (/usr/bin/chromium)", os.path.exists(CHROMIUM))


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


class PageWatch:
    """Records every request's host and every CSP violation or console error of a page."""

    def __init__(self, page):
        self.hosts: set[str] = set()
        self.csp_violations: list[str] = []
        self.console_errors: list[str] = []
        page.on("request", lambda request: self.hosts.add(urlsplit(request.url).hostname or ""))
        page.on("console", self._on_console)

    def _on_console(self, message):
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            self.csp_violations.append(text)
        elif message.type == "error":
            self.console_errors.append(text)

    def assert_clean(self):
        foreign = {host for host in self.hosts if host not in ("127.0.0.1", "localhost", "")}
        assert not foreign, f"requests left 127.0.0.1: {sorted(foreign)}"
        assert not self.csp_violations, f"CSP violations: {self.csp_violations}"


@pytest.fixture
def watched_page(page, request, live_server):
    watch = PageWatch(page)
    page.set_default_timeout(15_000)
    page.watch = watch
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    watch.assert_clean()


@pytest.fixture
def celery_worker(live_server, settings):
    """A real worker process on the live server's test database and the suite's Redis."""
    db = settings.DATABASES["default"]
    require_service("PostgreSQL (DATABASE_URL)", db["ENGINE"].endswith("postgresql"))
    require_service("Redis (REDIS_URL)", bool(settings.REDIS_URL))
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_TESTING": "1",
        "DATABASE_URL": f"postgres://{user}{password}@{host}:{port}/{db['NAME']}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "SITE_URL": live_server.url,
        "CONN_MAX_AGE": "0",
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
        ],
        env=env,
        cwd=settings.BASE_DIR,
    )
    settings.SITE_URL = live_server.url
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
