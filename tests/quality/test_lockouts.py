"""Sign-in lock-outs and rate limits behind the reverse proxy (issue 13, items 1 and 2).

In production every request reaches gunicorn from the proxy's address. The lock-outs and rate
limits must count the client's address as the trusted proxy forwarded it, lock an e-mail
only together with that address, ignore a forged X-Forwarded-For when no proxy is configured,
and count an e-mail the way sign-in finds it (without regard to case)."""

import pytest
from django.test import Client
from django.urls import reverse

from portal.clients import client_ip
from portal.models import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

PROXY = "172.18.0.5"  # the reverse proxy's address, as gunicorn sees it
PASSWORD = "Mat-khau-dung-2025"  # noqa: S105 - a test account's password


def _browser(address: str, proxy: str = PROXY) -> Client:
    """A visitor at `address`, reaching the portal through the proxy at `proxy`."""
    return Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=address)


def _sign_in(client: Client, email: str, password: str):
    return client.post(reverse("login"), {"username": email, "password": password})


@pytest.fixture
def official(db):
    return make_user(Role.OFFICIAL, "official@example.vn", password=PASSWORD)


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def test_failures_of_others_behind_the_proxy_do_not_lock_out_the_official(
    official, behind_one_proxy
):
    attacker = _browser("203.0.113.66")
    for number in range(6):
        _sign_in(attacker, f"nobody-{number}@example.vn", "wrong")

    response = _sign_in(_browser("198.51.100.20"), "official@example.vn", PASSWORD)
    assert response.status_code == 302  # signed in, not the "too many attempts" page


def test_wrong_passwords_for_an_account_lock_that_account_from_that_client_only(
    official, behind_one_proxy
):
    attacker = _browser("203.0.113.66")
    for _ in range(5):
        _sign_in(attacker, "official@example.vn", "wrong")
    locked = _sign_in(attacker, "official@example.vn", PASSWORD)
    assert locked.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in locked.content.decode()
    # The owner, at their own desk behind the same proxy, still signs in.
    assert _sign_in(_browser("198.51.100.20"), "official@example.vn", PASSWORD).status_code == 302


def test_a_forged_forwarded_for_is_ignored_without_a_trusted_proxy(official):
    # No proxy configured: the connecting address is the client, whatever the header says.
    attacker = "203.0.113.66"
    for number in range(5):
        forged = Client(REMOTE_ADDR=attacker, HTTP_X_FORWARDED_FOR=f"10.0.0.{number}")
        _sign_in(forged, "official@example.vn", "wrong")
    response = _sign_in(
        Client(REMOTE_ADDR=attacker, HTTP_X_FORWARDED_FOR="10.9.9.9"),
        "official@example.vn",
        PASSWORD,
    )
    assert response.status_code == 429


CASE_VARIANTS = [
    "official@example.vn",
    "Official@example.vn",
    "OFFICIAL@EXAMPLE.VN",
    "official@Example.VN",
    " oFFicial@example.vn ",
]


def test_changing_the_case_of_the_email_does_not_escape_the_lock_out(official):
    from axes.models import AccessAttempt

    attacker = Client(REMOTE_ADDR="203.0.113.66")
    for spelling in CASE_VARIANTS:
        _sign_in(attacker, spelling, "wrong")
    response = _sign_in(attacker, "OfficiaL@example.vn", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in attacker.session
    # One account, one count: the failures were not spread over five spellings.
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "official@example.vn"
    assert attempt.failures_since_start >= len(CASE_VARIANTS)


def test_case_variants_count_as_one_account_where_accounts_alone_are_locked(official, settings):
    # A deployment that locks accounts whatever the address (AXES_LOCKOUT_PARAMETERS =
    # ["username"]): the attacker changes address and spelling at every try.
    settings.AXES_LOCKOUT_PARAMETERS = ["username"]
    for number, spelling in enumerate(CASE_VARIANTS * 2):
        _sign_in(Client(REMOTE_ADDR=f"203.0.113.{number + 1}"), spelling, "wrong")
    owner = Client(REMOTE_ADDR="198.51.100.20")
    assert _sign_in(owner, "official@example.vn", PASSWORD).status_code == 429


def test_signing_in_in_another_case_still_works(official):
    client = Client(REMOTE_ADDR="198.51.100.20")
    assert _sign_in(client, "  Official@Example.VN ", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(official.pk)


def test_rate_limits_count_each_client_behind_the_proxy(db, settings, behind_one_proxy):
    settings.PASSWORD_RESET_RATE = "2/h"
    first = _browser("203.0.113.66")
    for _ in range(2):
        assert _sign_in_reset(first).status_code == 302
    assert "Quá nhiều yêu cầu" in _sign_in_reset(first).content.decode()
    # Another person behind the same proxy is not limited by the first one's requests.
    assert _sign_in_reset(_browser("198.51.100.20")).status_code == 302


def _sign_in_reset(client: Client):
    return client.post(reverse("password_reset"), {"email": "someone@example.vn"})


@pytest.mark.parametrize(
    ("settings_", "remote", "forwarded", "expected"),
    [
        ({}, "172.18.0.5", "203.0.113.66", "172.18.0.5"),  # no proxy trusted
        ({"TRUSTED_PROXY_COUNT": 1}, PROXY, "10.1.1.1, 203.0.113.66", "203.0.113.66"),
        ({"TRUSTED_PROXY_COUNT": 2}, PROXY, "203.0.113.66, 10.0.0.2", "203.0.113.66"),
        ({"TRUSTED_PROXY_COUNT": 2}, PROXY, "203.0.113.66", PROXY),  # fewer hops than proxies
        ({"TRUSTED_PROXY_COUNT": 1}, PROXY, "not-an-address", PROXY),
        ({"TRUSTED_PROXY_COUNT": 1}, PROXY, "[2001:db8::7]:443", "2001:db8::7"),
        (
            {"TRUSTED_PROXY_ADDRESSES": ["172.16.0.0/12"]},
            PROXY,
            "1.2.3.4, 203.0.113.66, 172.18.0.9",
            "203.0.113.66",
        ),
        # A client that is not a trusted proxy cannot pick its address with the header.
        ({"TRUSTED_PROXY_ADDRESSES": ["172.16.0.0/12"]}, "203.0.113.66", "1.2.3.4", "203.0.113.66"),
    ],
)
def test_client_address(rf, settings, settings_, remote, forwarded, expected):
    for name, value in settings_.items():
        setattr(settings, name, value)
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
