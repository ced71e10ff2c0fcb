"""Production settings refuse to start without their secrets and pass `check --deploy`."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "SECRET_KEY": "x" * 60 + "-a-long-random-production-secret-key-0123456789",
    "DATABASE_URL": "postgres://nscl:nscl@127.0.0.1:5432/nscl",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "nscl.example.gov.vn",
}


def _run(args, env):
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("DJANGO_", "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS")
        )
    }
    return subprocess.run(
        [sys.executable, *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=settings.BASE_DIR,
        check=False,
    )


def test_production_refuses_to_start_without_required_settings():
    result = _run(["manage.py", "check"], {"SECRET_KEY": "only-this"})
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert "REDIS_URL" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr


def test_check_deploy_is_clean_with_production_values():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_fresh_checkout_defaults_are_sqlite_and_eager(tmp_path):
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND, s.DEBUG)"
    )
    result = _run(
        ["-c", script], {"DJANGO_SETTINGS_MODULE": "portal.settings", "DJANGO_DEBUG": "1"}
    )
    assert result.returncode == 0, result.stderr
    engine, eager, email_backend, debug = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert eager == "True"
    assert email_backend == "django.core.mail.backends.console.EmailBackend"
    assert debug == "True"
