"""What serving a page costs in round trips to Redis (issue 18: cached pages at 50 users).

A page served from the page cache reads everything it needs from Redis in one MGET (the
areas' versions, the program settings, the footer figures and the visitor's session), and
/ping, the bench's reference, reads nothing at all: a regression (a second read, a
per-request write) shows here."""

import pytest
from django.core.cache import caches

from tests.conftest import require_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_commands(settings, monkeypatch):
    """The commands sent to Redis (one list per round trip; a pipeline is one)."""
    require_service("Redis (REDIS_URL)", bool(settings.REDIS_URL))
    # One visitor window for the whole test: a new window counts the visitor again (a
    # pipeline), which is right but not what is measured here.
    monkeypatch.setattr("portal.visitors._window", lambda now: 1)
    client = caches["default"]._cache.get_client(write=True)
    connection_class = client.connection_pool.connection_class
    sent: list = []
    original = connection_class.send_packed_command

    def counted(self, command, *args, **kwargs):
        sent.append(command)
        return original(self, command, *args, **kwargs)

    monkeypatch.setattr(connection_class, "send_packed_command", counted)
    return sent


def _commands(sent) -> list[bytes]:
    """The command names of what was sent, e.g. [b"MGET"]."""
    names = []
    for packed in sent:
        chunks = packed if isinstance(packed, list | tuple) else [packed]
        data = b"".join(bytes(chunk) for chunk in chunks)
        names.append(data.split(b"\r\n")[2].upper())
    return names


def test_ping_makes_no_round_trip_to_redis(client, redis_commands):
    client.get("/ping")
    redis_commands.clear()
    response = client.get("/ping")
    assert response.status_code == 200
    assert response.content == b"pong"
    assert _commands(redis_commands) == []


def test_a_kept_public_page_is_one_mget(client, redis_commands):
    client.get("/")  # builds and keeps the page, counts the visit, sets the cookies
    redis_commands.clear()
    response = client.get("/")
    assert response.status_code == 200
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert _commands(redis_commands) == [b"MGET"]


def test_a_kept_staff_page_reads_the_session_in_the_same_mget(staff_client, redis_commands):
    path = "/enterprises/staff/organizations/"
    staff_client.get(path)
    redis_commands.clear()
    response = staff_client.get(path)
    assert response.status_code == 200
    assert "Cán bộ Sở" in response.content.decode()  # the viewer, from the session
    assert _commands(redis_commands) == [b"MGET"]


def test_the_faster_csrf_masking_gives_tokens_django_accepts(rf):
    """portal.fragments masks the visitor's CSRF secret itself (one read of the random
    source, not one per character): Django's middleware must read each token back to the
    same secret, and no two requests get the same token."""
    from django.middleware.csrf import (
        CSRF_ALLOWED_CHARS,
        _get_new_csrf_string,
        _unmask_cipher_token,
    )

    from portal.fragments import request_csrf_token

    secret = _get_new_csrf_string()
    tokens = set()
    for _ in range(200):
        request = rf.get("/")
        request.META["CSRF_COOKIE"] = secret
        token = request_csrf_token(request)
        assert request_csrf_token(request) == token  # once per request
        assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True  # the cookie is renewed
        assert len(token) == 64
        assert set(token) <= set(CSRF_ALLOWED_CHARS)
        assert _unmask_cipher_token(token) == secret
        tokens.add(token)
    assert len(tokens) == 200
    # Without the cookie: Django's own get_token makes the secret (and the cookie).
    request = rf.get("/")
    assert _unmask_cipher_token(request_csrf_token(request)) == request.META["CSRF_COOKIE"]
