"""The database dropping connections between requests (a restart): the next request works,
because CONN_HEALTH_CHECKS makes Django test a kept-alive connection before reusing it.

A real gunicorn serves the test database: Django's test client bypasses the request_started
signal that arms the health check, and its live server closes connections after each request."""

import os
import socket
import subprocess
import sys
import time
import urllib.request

import psycopg2
import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import require_service


def _terminate_server_connections() -> int:
    """Kill every session on the test database except ours (what a restart does to them)."""
    db = settings.DATABASES["default"]
    ours = connection.connection.get_backend_pid()
    admin = psycopg2.connect(
        dbname=db["NAME"],
        user=db.get("USER") or "postgres",
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or 5432,
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid <> %s",
            [ours],
        )
        killed = cursor.fetchone()[0]
    admin.close()
    return killed


def _get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=20) as response:  # noqa: S310 - our live server
        return response.status


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def gunicorn_on_test_database():
    db = settings.DATABASES["default"]
    require_service("PostgreSQL (DATABASE_URL)", db["ENGINE"].endswith("postgresql"))
    port = _free_port()
    user = db.get("USER") or "postgres"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DJANGO_TESTING": "1",
        "DATABASE_URL": f"postgres://{user}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}",
        "CONN_MAX_AGE": "600",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=settings.BASE_DIR,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            _get(url + "/healthz")
            break
        except OSError:
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=20)


@pytest.mark.django_db(transaction=True)
def test_next_request_works_after_the_database_drops_connections(gunicorn_on_test_database):
    url = gunicorn_on_test_database
    connection.ensure_connection()
    assert _get(url + "/") == 200  # the worker now keeps its connection (CONN_MAX_AGE)
    assert _terminate_server_connections() >= 1
    assert _get(url + "/") == 200
    assert _get(url + "/healthz") == 200
