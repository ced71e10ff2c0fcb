"""Hostile input: generated data posted to every form of the project, as each role sees it.

For every page in the access matrix that a role may open, the POST forms on it are filled with
hypothesis-generated values (very long strings, mixed Unicode and combining marks, markup and
script, SQL fragments, negative and huge numbers, impossible dates, files of the wrong type,
spreadsheet formulas, control and text-direction characters)
and submitted. Whatever happens: never a 500, nothing saved when the form is refused, and no
markup echoed unescaped.
"""

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.hooks import project_app_labels
from tests.access_matrix import all_rows

from .forms import post_forms

MARKUP = '<script>alert("nscl-xss")</script>'
HOSTILE_TEXT = [
    MARKUP,
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE portal_user; --",
    "1 OR 1=1",
    "Cộng hòa xã hội chủ nghĩa Việt Nam",
    "Ê̄̃ ể ự ỡ\u0301\u0323\u0306",  # stacked combining marks
    "\u202eevil\u202c",
    "x" * 5000,
    "０１２３",  # full-width digits
    "",
    " ",
    "\x00nul",
    "-1",
    "99999999999999999999999",
    "1e309",
    "31/02/2025",
    "2025-13-45",
    "00/00/0000",
    "NaN",
    # Issue 13: formulas for the Excel exports, impossible dates, a name turned around.
    '=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "0001-01-01",
    "1066-10-14",
    "1899-12-31",
    "2999-12-31",
    "Công ty \u202eABC\u202c",
    "Công ty\x07\x1b[31m",
    "y" * 20_000,  # beyond the free-text cap
]
SKIP_FIELDS = {"csrfmiddlewaretoken"}
MAX_EXAMPLES = 8


@pytest.fixture
def world(shared_world):
    """One world for the whole module, each test in a savepoint of its own (tests/conftest.py)."""
    return shared_world


def _value_strategy(field):
    hostile = st.sampled_from(HOSTILE_TEXT)
    text = st.text(min_size=0, max_size=300)
    if field.kind in ("select", "radio", "checkbox") and field.options:
        return st.one_of(st.sampled_from(field.options), hostile)
    if field.kind == "number":
        return st.one_of(st.integers(min_value=-(10**20), max_value=10**20).map(str), hostile)
    if field.kind == "file":
        payloads = [
            (b"MZ\x90\x00 not a pdf", "report.pdf"),
            (b"PK\x03\x04" + b"\x00" * 64, "archive.zip"),
            (b"<html><script>alert(1)</script></html>", "page.png"),
            (b"", "empty.pdf"),
        ]
        return st.sampled_from(payloads)
    return st.one_of(hostile, text)


def _row_count():
    total = 0
    for label in project_app_labels():
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue
            total += model._default_manager.count()
    return total


def _pages():
    seen = set()
    for row in all_rows():
        if row.method != "get" or row.query:
            continue
        for role, outcome in row.expect.items():
            if outcome == 200 and (row.url_name, role) not in seen:
                seen.add((row.url_name, role))
                yield pytest.param(row, role, id=f"{row.url_name}[{role}]")


# Forms whose *valid* submission legitimately changes state without a redirect are listed
# here with the reason; everything else must redirect after a successful POST.
NOT_A_DATA_FORM = {"set_language", "logout"}


@pytest.mark.parametrize(("row", "role"), list(_pages()))
def test_hostile_posts_never_break_a_form(row, role, world):
    with override_settings(**row.settings):  # e.g. the national pages in national mode
        _hostile_posts(row, role, world)


def _hostile_posts(row, role, world):
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    url = reverse(row.url_name, kwargs=row.resolve_kwargs(world) or None)
    page = client.get(url)
    assert page.status_code == 200
    if not page.get("Content-Type", "").startswith("text/html"):
        return  # a download (PDF, Excel), not a page with forms
    forms = [form for form in post_forms(page.content.decode()) if set(form.fields) - SKIP_FIELDS]
    if not forms:
        return
    for form in forms:
        action = form.action or url
        if any(action.rstrip("/").endswith(reverse(name).rstrip("/")) for name in NOT_A_DATA_FORM):
            continue
        fields = {name: f for name, f in form.fields.items() if name not in SKIP_FIELDS}
        _fuzz_form(client, action, fields)


FUZZED: list[tuple[str, int]] = []  # (action, examples), printed in the terminal summary


def _fuzz_form(client, action, fields):
    strategy = st.fixed_dictionaries({name: _value_strategy(f) for name, f in fields.items()})

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=strategy)
    def post_once(data):
        payload = {}
        for name, value in data.items():
            if fields[name].kind == "file":
                content, filename = value
                payload[name] = SimpleUploadedFile(filename, content)
            else:
                payload[name] = value
        before = _row_count()
        response = client.post(action, payload)
        assert response.status_code < 500, f"{action} answered {response.status_code}"
        body = response.content.decode(errors="replace")
        assert MARKUP not in body, f"{action} echoed markup unescaped"
        if response.status_code == 200:
            # The form came back (refused): nothing may have been written.
            assert _row_count() == before, f"{action} saved rows from a refused post"

    post_once()
    FUZZED.append((action, MAX_EXAMPLES))


def test_form_discovery_finds_the_sign_in_form(client, db):
    forms = post_forms(client.get(reverse("login")).content.decode())
    sign_in = [form for form in forms if "password" in form.fields]
    assert len(sign_in) == 1
    assert sign_in[0].fields["username"].kind == "email"
    assert sign_in[0].fields["password"].kind == "password"
