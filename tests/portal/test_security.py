"""Security settings the users never see but rely on."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from portal.models import Role
from tests.conftest import make_user


def _callbacks(resolver=None):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _callbacks(pattern)
        elif isinstance(pattern, URLPattern):
            yield pattern


def _read_only_api_view(callback) -> bool:
    """A REST framework view (exempt from Django's CSRF check by DRF, which checks it itself
    for session authentication) that answers only GET, HEAD and OPTIONS: nothing to forge."""
    view = getattr(callback, "cls", None)
    if view is None:
        return False
    answers = {method for method in view.http_method_names if hasattr(view, method)}
    return answers <= {"get", "head", "options"}


def test_no_view_is_exempt_from_csrf():
    exempt = [
        str(pattern.pattern)
        for pattern in _callbacks()
        if getattr(pattern.callback, "csrf_exempt", False)
        and not pattern.lookup_str.startswith("django.contrib.admin")
        and not _read_only_api_view(pattern.callback)
    ]
    assert exempt == []


def test_post_without_csrf_token_is_refused(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("password_reset"), {"email": "someone@example.vn"})
    assert response.status_code == 403


def test_pages_carry_a_content_security_policy(client, db):
    response = client.get(reverse("portal:home"))
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_password_reset_does_not_reveal_whether_an_account_exists(client, db):
    make_user(Role.ENTERPRISE, "known@example.vn")
    known = client.post(reverse("password_reset"), {"email": "known@example.vn"})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.vn"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["known@example.vn"]


def test_password_reset_is_rate_limited(client, db, settings):
    settings.PASSWORD_RESET_RATE = "3/h"
    for _ in range(3):
        assert client.post(reverse("password_reset"), {"email": "a@example.vn"}).status_code == 302
    response = client.post(reverse("password_reset"), {"email": "a@example.vn"})
    assert response.status_code == 200
    assert (
        "Quá nhiều yêu cầu" in response.content.decode() or "Too many" in response.content.decode()
    )


@pytest.mark.parametrize("attempts", [5])
def test_login_is_throttled_after_failed_attempts(client, db, attempts):
    make_user(Role.PROGRAM_STAFF, "target@example.vn")
    for _ in range(attempts):
        response = client.post(
            reverse("login"), {"username": "target@example.vn", "password": "wrong"}
        )
        assert response.status_code in (200, 429)
    # Even the right password is refused while locked out.
    response = client.post(
        reverse("login"), {"username": "target@example.vn", "password": "Secret-pass-123"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_production_cookies_and_hsts(tmp_path):
    import os
    import subprocess
    import sys

    from django.conf import settings as django_settings

    from .test_settings import PRODUCTION_ENV

    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_HTTPONLY)"
    )
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**env, **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=django_settings.BASE_DIR,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    session_secure, csrf_secure, hsts, ssl_redirect, httponly = result.stdout.split()
    assert session_secure == csrf_secure == ssl_redirect == httponly == "True"
    assert int(hsts) >= 31536000


def test_model_choice_fields_refuse_ids_beyond_64_bits(db):
    from django import forms

    from portal.models import Phase

    class PhaseForm(forms.Form):
        one = forms.ModelChoiceField(Phase.objects.all())
        many = forms.ModelMultipleChoiceField(Phase.objects.all())

    form = PhaseForm({"one": "99999999999999999999999", "many": ["1", "99999999999999999999999"]})
    assert not form.is_valid()
    assert set(form.errors) == {"one", "many"}


def test_the_policy_built_once_is_django_csps_and_follows_the_settings(rf, settings):
    """portal.middleware.CSPMiddleware writes the settings' policy built once per process:
    the same header django-csp builds, rebuilt when the settings change, and a response
    carrying its own policy (django-csp's decorators) still gets that one."""
    from csp.utils import build_policy
    from django.http import HttpResponse

    from portal.middleware import CSPMiddleware

    middleware = CSPMiddleware(lambda request: HttpResponse("ok"))
    assert middleware(rf.get("/"))["Content-Security-Policy"] == build_policy()
    assert "Content-Security-Policy-Report-Only" not in middleware(rf.get("/"))

    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert middleware(rf.get("/"))["Content-Security-Policy"] == "default-src 'none'"

    def own_policy(request):
        response = HttpResponse("ok")
        response._csp_update = {"img-src": ["https://maps.example"]}
        return response

    updated = CSPMiddleware(own_policy)(rf.get("/"))["Content-Security-Policy"]
    assert updated == "default-src 'none'; img-src https://maps.example"
