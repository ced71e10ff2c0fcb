"""Tokens: issued by staff and shown once, stored hashed, scoped, expiring, revocable, each use
logged; rate limits answer 429 with Retry-After."""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken, ApiTokenUse, Scope
from api.services import api_token_issue, api_token_revoke

from .conftest import bearer, issue

pytestmark = pytest.mark.django_db

OPEN_YEAR_URL = "/api/v1/years/{year}/figures/"


def _open_year_url():
    return OPEN_YEAR_URL.format(year=timezone.localdate().year)


def test_a_token_is_stored_only_as_its_hash(staff_user):
    issued = issue(staff_user)
    row = ApiToken.objects.get()
    assert issued.secret.startswith(f"nscl_{row.prefix}_")
    assert row.token_hash == hashlib.sha256(issued.secret.encode()).hexdigest()
    secret_part = issued.secret.split("_", 2)[2]
    for field in ApiToken._meta.concrete_fields:
        value = str(field.value_from_object(row))
        assert issued.secret not in value, field.name
        assert secret_part not in value, field.name
    assert row.created_by == staff_user


def test_a_valid_token_opens_the_open_year_and_its_use_is_logged(client, plan, staff_user):
    issued = issue(staff_user)
    url = _open_year_url()
    response = client.get(url, **bearer(issued.secret), REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    assert response.json()["provisional"] is True
    use = ApiTokenUse.objects.get()
    assert (use.token_id, use.method, use.path, use.status_code, use.ip_address) == (
        issued.token.pk,
        "GET",
        url,
        200,
        "10.1.2.3",
    )
    client.get("/api/v1/years/1990/figures/", **bearer(issued.secret))
    issued.token.refresh_from_db()
    assert issued.token.use_count == 2
    assert issued.token.last_used_at is not None
    assert list(ApiTokenUse.objects.values_list("status_code", flat=True)) == [404, 200]


def test_without_a_token_the_open_year_is_refused_with_401(client, plan):
    response = client.get(_open_year_url())
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in response.json()["detail"]


def test_a_wrong_token_is_refused_with_401_even_on_public_endpoints(client, plan, staff_user):
    issued = issue(staff_user)
    wrong = issued.secret[:-2] + ("AA" if not issued.secret.endswith("AA") else "BB")
    for url in (_open_year_url(), "/api/v1/program/"):
        response = client.get(url, **bearer(wrong))
        assert response.status_code == 401
        assert response.json()["detail"] == "Mã truy cập API không hợp lệ."
    assert client.get("/api/v1/program/", HTTP_AUTHORIZATION="Basic abc").status_code == 401
    assert client.get("/api/v1/program/", **bearer("nscl_nothing")).status_code == 401
    assert not ApiTokenUse.objects.exists()


def test_an_expired_token_is_refused(client, plan, staff_user):
    issued = issue(staff_user)
    ApiToken.objects.filter(pk=issued.token.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get(_open_year_url(), **bearer(issued.secret))
    assert response.status_code == 401
    assert ApiToken.objects.get().state == issued.token.State.EXPIRED


def test_a_revoked_token_is_refused(client, plan, staff_user):
    issued = issue(staff_user)
    assert client.get(_open_year_url(), **bearer(issued.secret)).status_code == 200
    api_token_revoke(token=issued.token, by=staff_user)
    response = client.get(_open_year_url(), **bearer(issued.secret))
    assert response.status_code == 401
    token = ApiToken.objects.get()
    assert token.state == ApiToken.State.REVOKED
    assert token.revoked_by == staff_user
    with pytest.raises(ValidationError):
        api_token_revoke(token=token, by=staff_user)


def test_a_token_without_the_scope_is_refused_with_403(client, plan, staff_user):
    reports_only = issue(staff_user, scopes=[Scope.REPORTS])
    response = client.get(_open_year_url(), **bearer(reports_only.secret))
    assert response.status_code == 403
    assert "provisional" in response.json()["detail"]
    provisional_only = issue(staff_user, scopes=[Scope.PROVISIONAL])
    assert (
        client.get("/api/v1/reports/1/pdf/", **bearer(provisional_only.secret)).status_code == 403
    )
    # The refusals are logged too.
    assert set(ApiTokenUse.objects.values_list("status_code", flat=True)) == {403}


def test_the_service_refuses_bad_terms(staff_user):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        api_token_issue(
            client_name="X",
            scopes=["everything"],
            expires_on=today - dt.timedelta(days=1),
            by=staff_user,
        )
    assert set(error.value.message_dict) == {"scopes", "expires_on"}
    with pytest.raises(ValidationError):
        api_token_issue(
            client_name="X", scopes=[], expires_on=today + dt.timedelta(days=5000), by=staff_user
        )
    assert not ApiToken.objects.exists()


def test_anonymous_requests_over_the_rate_get_429_with_retry_after(client, plan, settings):
    settings.API_THROTTLE_RATES = {"anonymous": "3/minute", "token": "5/minute"}
    codes = [client.get("/api/v1/program/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.get("/api/v1/program/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    # Another client address has its own count.
    assert client.get("/api/v1/program/", REMOTE_ADDR="10.9.9.9").status_code == 200


def test_a_token_has_its_own_rate(client, plan, staff_user, settings):
    settings.API_THROTTLE_RATES = {"anonymous": "1/minute", "token": "2/minute"}
    issued = issue(staff_user)
    assert client.get("/api/v1/program/").status_code == 200
    assert client.get("/api/v1/program/").status_code == 429
    codes = [client.get("/api/v1/program/", **bearer(issued.secret)).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert ApiTokenUse.objects.filter(status_code=429).count() == 1


# --- the staff pages ---------------------------------------------------------------------------


def test_staff_issue_a_token_shown_once(staff_client):
    expires = (timezone.localdate() + dt.timedelta(days=90)).strftime("%d/%m/%Y")
    response = staff_client.post(
        reverse("api_tokens:create"),
        {"client_name": "Tổng cục TCĐLCL", "scopes": ["provisional"], "expires_on": expires},
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get()
    secret = response.context["secret"]
    assert secret in response.content.decode()
    assert token.scopes == ["provisional"]
    assert token.client_name == "Tổng cục TCĐLCL"
    # Never again: neither the list nor the token's page shows it.
    for url in (reverse("api_tokens:list"), reverse("api_tokens:detail", args=[token.pk])):
        page = staff_client.get(url).content.decode()
        assert secret not in page
        assert token.prefix in page


def test_the_form_says_what_is_wrong(staff_client):
    response = staff_client.post(
        reverse("api_tokens:create"),
        {"client_name": "  ", "scopes": ["all"], "expires_on": "31/02/2026"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"client_name", "scopes", "expires_on"}
    assert not ApiToken.objects.exists()


def test_the_list_shows_last_use_and_the_detail_the_log(staff_client, client, plan, staff_user):
    issued = issue(staff_user, client_name="Văn phòng quốc gia")
    client.get("/api/v1/program/", **bearer(issued.secret))
    page = staff_client.get(reverse("api_tokens:list")).content.decode()
    assert "Văn phòng quốc gia" in page
    detail = staff_client.get(reverse("api_tokens:detail", args=[issued.token.pk])).content.decode()
    assert "GET /api/v1/program/" in detail


def test_staff_revoke_a_token(staff_client, client, plan, staff_user):
    issued = issue(staff_user)
    response = staff_client.post(reverse("api_tokens:revoke", args=[issued.token.pk]))
    assert response.status_code == 302
    assert ApiToken.objects.get().revoked_at is not None
    assert client.get(_open_year_url(), **bearer(issued.secret)).status_code == 401
