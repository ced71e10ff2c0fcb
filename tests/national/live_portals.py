"""Provincial portals as real servers for the national roll-up test: each on a PostgreSQL
database of its own (a copy of the test database, then `seed_demo --province CODE`), served
by gunicorn on a loopback port, with a token issued for the national office. A proxy in front
of one of them can fail the n-th request (HTTP 500, or a dropped connection)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import psycopg2
import requests
from django.conf import settings
from django.db import connection, connections

BASE_DIR = Path(settings.BASE_DIR)
# A small province each (`seed_demo --organizations`): every app's demo records, past years
# closed with their frozen snapshots, in seconds rather than the full demo's minute.
ORGANIZATIONS = 50

SEED_AND_ISSUE = """
import datetime as dt
import django
django.setup()
from django.core.management import call_command
from django.test import override_settings
from api.models import Scope
from api.services import api_token_issue
from portal.models import User
# The demo accounts' passwords (never used here: the national side reads with a token) are
# hashed quickly, as in the test process; PBKDF2 was a third of the seeding's time.
with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
    call_command("seed_demo", province={code!r}, organizations={organizations})
issued = api_token_issue(
    client_name="Văn phòng Chương trình quốc gia",
    scopes=list(Scope.values),
    expires_on=dt.date.today() + dt.timedelta(days=30),
    by=User.objects.get(email="staff@nscl.local"),
)
print("TOKEN=" + issued.secret)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _admin_connection():
    params = connection.settings_dict
    admin = psycopg2.connect(
        dbname="postgres",
        user=params["USER"] or None,
        password=params["PASSWORD"] or None,
        host=params["HOST"] or None,
        port=params["PORT"] or None,
    )
    admin.autocommit = True
    return admin


def copy_test_database(names: list[str]) -> None:
    """CREATE DATABASE … TEMPLATE the (migrated) test database, once per name."""
    template = connection.settings_dict["NAME"]
    connections.close_all()  # a template must have no session open on it
    admin = _admin_connection()
    try:
        with admin.cursor() as cursor:
            for name in names:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
                for attempt in range(40):
                    try:
                        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
                        break
                    except psycopg2.errors.ObjectInUse:
                        if attempt == 39:
                            raise
                        # A session left open on the template by an earlier test's thread
                        # (a browser test's live server, a worker) would block every copy:
                        # end it; this test's own connections are closed above.
                        cursor.execute(
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE datname = %s AND pid <> pg_backend_pid()",
                            [template],
                        )
                        time.sleep(0.5)
    finally:
        admin.close()


def drop_databases(names: list[str]) -> None:
    admin = _admin_connection()
    try:
        with admin.cursor() as cursor:
            for name in names:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.close()


def database_url(name: str) -> str:
    params = connection.settings_dict
    auth = params["USER"] or "postgres"
    if params["PASSWORD"]:
        auth += ":" + params["PASSWORD"]
    return f"postgres://{auth}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{name}"


class ProvincialPortal:
    def __init__(self, code: str, database: str, workdir: Path, signing_dir: Path):
        self.code = code
        self.database = database
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/"
        self.token = ""
        self.server: subprocess.Popen | None = None
        self.log = workdir / f"portal-{code}.log"
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "DJANGO_TESTING": "1",
            "DATABASE_URL": database_url(database),
            # No Redis: caches in memory; the annual reports seed_demo asks for are queued to
            # an in-memory broker that no worker reads (building them is not this test's).
            "REDIS_URL": "",
            "CELERY_BROKER_URL": "memory://",
            "CELERY_TASK_ALWAYS_EAGER": "0",
            "MEDIA_ROOT": str(workdir / f"media-{code}"),
            "SIGNING_DEMO_DIR": str(signing_dir),
            "NATIONAL_MODE": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
        }

    def seed(self) -> subprocess.Popen:
        return subprocess.Popen(
            [
                sys.executable,
                "-c",
                SEED_AND_ISSUE.format(code=self.code, organizations=ORGANIZATIONS),
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=self.log.open("ab"),
            text=True,
        )

    def start(self) -> None:
        self.server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--threads",
                "4",
                "--timeout",
                "60",
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )

    def wait_ready(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert self.server.poll() is None, (
                f"portal {self.code} died: {self.log.read_text()[-3000:]}"
            )
            try:
                if requests.get(self.base_url + "api/v1/program/", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.3)
        raise AssertionError(f"portal {self.code} did not start: {self.log.read_text()[-3000:]}")

    def get(self, path: str):
        response = requests.get(
            self.base_url + "api/v1/" + path,
            headers={"Authorization": f"Bearer {self.token}"},
            timeout=30,
        )
        assert response.status_code == 200, (path, response.status_code, response.text[:500])
        return response.json()

    def stop(self) -> None:
        if self.server is not None and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()


class FailingProxy:
    """Forwards GET requests to `upstream`; once `fail_at` is set, the fail_at-th request
    from then on (and every later one) fails: `failure` 500, or "drop" to close the socket."""

    def __init__(self, upstream: str):
        self.upstream = upstream.rstrip("/")
        self.fail_at: int | None = None
        self.failure: int | str = 500
        self.count = 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                proxy.count += 1
                if proxy.fail_at is not None and proxy.count >= proxy.fail_at:
                    if proxy.failure == "drop":
                        self.connection.shutdown(socket.SHUT_RDWR)
                        self.connection.close()
                        return
                    self._send(500, b'{"detail": "Internal Server Error"}', "application/json")
                    return
                headers = {
                    key: value for key, value in self.headers.items() if key.lower() != "host"
                }
                answer = requests.get(proxy.upstream + self.path, headers=headers, timeout=30)
                self._send(
                    answer.status_code,
                    answer.content,
                    answer.headers.get("Content-Type", "application/json"),
                )

            def _send(self, status, body, content_type):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def fail(self, *, at: int, failure) -> None:
        self.count, self.fail_at, self.failure = 0, at, failure

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
