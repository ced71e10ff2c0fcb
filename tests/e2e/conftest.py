"""Browser journeys: Playwright drives Debian's Chromium against `live_server`, with a real
Celery worker on the same PostgreSQL test database and Redis.

Every journey asserts that no request left 127.0.0.1, that the page raised no Content
Security Policy violation, console or script error and that no response was a server error;
a failing journey leaves a screenshot in test-artifacts/. `mailbox` reads the e-mails the live
server and the worker sent.
"""

import email
import email.policy
import os
import subprocess
import sys
import time
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
    """Records every request's host, every CSP violation, console or script error and every
    server error (5xx) of a page."""

    def __init__(self, page):
        self.hosts: set[str] = set()
        self.csp_violations: list[str] = []
        self.console_errors: list[str] = []
        self.script_errors: list[str] = []
        self.server_errors: list[str] = []
        page.on("request", lambda request: self.hosts.add(urlsplit(request.url).hostname or ""))
        page.on("console", self._on_console)
        page.on("pageerror", lambda error: self.script_errors.append(str(error)))
        page.on("response", self._on_response)

    def _on_response(self, response):
        if response.status >= 500:
            self.server_errors.append(f"{response.status} {response.url}")

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
        assert not self.server_errors, f"server errors: {self.server_errors}"
        assert not self.script_errors, f"uncaught script errors: {self.script_errors}"
        assert not self.console_errors, f"console errors: {self.console_errors}"


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


class Mailbox:
    """The e-mails the live server and the worker wrote with Django's file-based backend
    (one file per connection, messages separated by a line of 79 dashes)."""

    SEPARATOR = b"\n" + b"-" * 79 + b"\n"

    def __init__(self, directory: Path):
        self.directory = directory

    def messages(self) -> list[email.message.EmailMessage]:
        found = []
        settled = time.time() - 0.3  # a file still being written is read on the next look
        paths = [p for p in self.directory.iterdir() if p.stat().st_mtime < settled]
        for path in sorted(paths, key=lambda p: p.stat().st_mtime):
            for raw in path.read_bytes().split(self.SEPARATOR):
                if raw.strip():
                    found.append(email.message_from_bytes(raw, policy=email.policy.default))
        return found

    def wait_for(self, *, to: str, subject: str, timeout: float = 20) -> "Mail":
        """The first message to `to` whose subject contains `subject`, once it arrives."""
        deadline = time.monotonic() + timeout
        while True:
            for message in self.messages():
                if to in str(message["To"]) and subject in str(message["Subject"]):
                    return Mail(message)
            if time.monotonic() > deadline:
                seen = [(m["To"], m["Subject"]) for m in self.messages()]
                raise AssertionError(f"no e-mail to {to} about {subject!r}; got {seen}")
            time.sleep(0.2)


class Mail:
    def __init__(self, message):
        self.message = message
        self.subject = str(message["Subject"])
        self.to = str(message["To"])
        self.body = message.get_body(("plain",)).get_content()

    def __repr__(self):
        return f"<Mail to {self.to}: {self.subject}>"


@pytest.fixture
def mailbox(tmp_path, settings):
    """E-mails of the live server and of the worker process, readable by the test."""
    directory = tmp_path / "mail"
    directory.mkdir()
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(directory)
    return Mailbox(directory)


@pytest.fixture
def celery_worker(live_server, settings, mailbox):
    """A real worker process on the live server's test database and the suite's Redis; its
    e-mails land in `mailbox`."""
    db = settings.DATABASES["default"]
    require_service("PostgreSQL (DATABASE_URL)", db["ENGINE"].endswith("postgresql"))
    require_service("Redis (REDIS_URL)", bool(settings.REDIS_URL))
    from portal.celery import app

    app.control.purge()  # no task left over from an earlier run reaches this worker
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
        "SIGNING_DEMO_DIR": str(settings.SIGNING_DEMO_DIR),  # the run's demo certificate
        "SITE_URL": live_server.url,
        "CONN_MAX_AGE": "0",
        # django-environ drops the first slash of a filemail path: three, then the absolute path.
        "EMAIL_URL": f"filemail:///{mailbox.directory}",
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
