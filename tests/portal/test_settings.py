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
            ("DJANGO_", "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS", "SIGNING_")
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


def _signing_env(pki) -> dict:
    from .pki import PASSWORD

    return {
        "SIGNING_PKCS12_PATH": str(pki.p12_path),
        "SIGNING_PKCS12_PASSWORD": PASSWORD,
        "SIGNING_TRUST_ROOTS": str(pki.ca_path),
    }


def test_check_deploy_is_clean_with_production_values(tmp_path):
    from .pki import make_pki

    env = {**PRODUCTION_ENV, **_signing_env(make_pki(tmp_path / "pki"))}
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_signing_certificate_warns(tmp_path):
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)
    assert result.returncode != 0
    assert "portal.W010" in result.stdout + result.stderr
    assert "SIGNING_PKCS12_PATH" in result.stdout + result.stderr


def test_production_refuses_to_start_with_the_demo_certificate(tmp_path):
    from portal.signing_demo import DEMO_PASSWORD, write_demo_credentials

    p12, ca = write_demo_credentials(tmp_path / "demo")
    demo = {"SIGNING_PKCS12_PATH": str(p12), "SIGNING_PKCS12_PASSWORD": DEMO_PASSWORD}
    result = _run(["manage.py", "check"], {**PRODUCTION_ENV, **demo})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "demo certificate" in result.stderr

    # Trusting the demo root is refused as well: anything signed with it would pass as valid.
    from .pki import make_pki

    env = {**PRODUCTION_ENV, **_signing_env(make_pki(tmp_path / "pki"))}
    env["SIGNING_TRUST_ROOTS"] += f",{ca}"
    result = _run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "demo certificate" in result.stderr


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
    # The console backend, replaced by the one that prints decoded subjects and bodies.
    assert email_backend == "portal.mail.ReadableConsoleEmailBackend"
    assert debug == "True"
