"""Walk every URL pattern of the project against the access matrix."""

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .access_matrix import ROLES, all_rows, read_only_urls

# Django's own admin has its own login and is only for superusers; it is not part of the matrix.
EXCLUDED_NAMESPACES = {"admin"}


@pytest.fixture
def world(shared_world):
    """One world for the whole module, each test in a savepoint of its own (tests/conftest.py)."""
    return shared_world


def _named_urls(resolver=None, namespace=None) -> set[str]:
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            if ns in EXCLUDED_NAMESPACES:
                continue
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            names |= _named_urls(pattern, full)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


ROWS = all_rows()


def test_every_url_has_a_row():
    declared = {row.url_name for row in ROWS}
    missing = sorted(_named_urls() - declared)
    assert not missing, f"URLs without a row in the access matrix: {missing}"


def test_every_row_names_a_real_url():
    unknown = sorted({row.url_name for row in ROWS} - _named_urls())
    assert not unknown, f"Rows for URLs that do not exist: {unknown}"


def test_every_url_that_changes_state_has_a_post_row():
    """A URL either only shows something (its app's READ_ONLY) or has a POST row."""
    posted = {row.url_name for row in ROWS if row.method == "post"}
    read_only = read_only_urls()
    missing = sorted(_named_urls() - posted - read_only)
    assert not missing, f"URLs with neither a POST row nor a READ_ONLY entry: {missing}"
    assert not sorted(read_only - _named_urls()), "READ_ONLY names a URL that does not exist"
    assert not sorted(read_only & posted), "a READ_ONLY URL has a POST row"


def test_rows_are_complete():
    for row in ROWS:
        assert set(row.expect) == set(ROLES), row.url_name


def _outcome(response):
    if response.status_code in (301, 302, 303):
        location = response["Location"]
        return "login" if location.startswith(reverse(settings.LOGIN_URL)) else "redirect"
    return response.status_code


@pytest.mark.parametrize("row", ROWS, ids=lambda row: f"{row.method} {row.url_name}")
def test_access(row, world, client):
    with override_settings(**row.settings):
        _check_access(row, world, client)


def _check_access(row, world, client):
    url = reverse(row.url_name, kwargs=row.resolve_kwargs(world) or None)
    if row.query:
        url = f"{url}?{row.query}"
    mismatches = []
    for role in ROLES:
        client.logout()
        user = world.users[role]
        if user is not None:
            client.force_login(user)
        if row.method == "post":
            # Each role's POST is rolled back: one role's change must not hide another's outcome.
            with transaction.atomic():
                response = client.post(url, row.resolve_data(world))
                transaction.set_rollback(True)
        else:
            response = client.get(url)
        got = _outcome(response)
        # Every select's empty choice is named ("Tất cả" in filters, "— Chọn —" in forms).
        html = got == 200 and "text/html" in response.get("Content-Type", "")
        if html and "---------" in response.content.decode():
            mismatches.append(f"{role}: the page shows '---------'")
        if got != row.expect[role]:
            mismatches.append(f"{role}: expected {row.expect[role]}, got {got}")
    assert not mismatches, f"{row.url_name} ({url}): " + "; ".join(mismatches)
