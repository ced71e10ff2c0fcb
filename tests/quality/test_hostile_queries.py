"""Hostile query strings and request bodies: a clear page or a 4xx, never a 500.

Found by the hostile-input review (issue 13, item 10): NUL bytes in `?q=` (PostgreSQL refuses
"\\x00" in a query), a "/" in a certificate verification code, malformed query parameters on
staff pages, a 255–320 character e-mail on the sign-in form, and a form posted in a charset
other than UTF-8. Run on PostgreSQL too (CI does): SQLite accepts NUL bytes that PostgreSQL
refuses."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.access_matrix import all_rows


@pytest.fixture
def world(shared_world):
    """One world for the whole module, each test in a savepoint of its own (tests/conftest.py)."""
    return shared_world


# The parameters the portal's pages read, and values that are not what a page expects.
PARAMS = [
    "q",
    "page",
    "year",
    "status",
    "kind",
    "commune",
    "organization",
    "request",
    "indicator",
    "section",
    "phase",
    "cycle",
    "consultant",
    "solution",
]
VALUES = ["\x00", "abc\x00", "abc", "99999999999999999999", "-1", "/"]


def _pages(roles=("staff", "anonymous", "ent_a", "official", "council")):
    seen = set()
    for row in all_rows():
        if row.method != "get":
            continue
        for role in roles:
            if row.expect.get(role) == 200 and row.url_name not in seen:
                seen.add(row.url_name)
                yield row, role


def test_hostile_query_parameters_never_break_a_page(world):
    """Every page a role may open, in one test: building the world of records once instead of
    once per page keeps this walk of ~150 pages to a minute or two of CI time."""
    clients = {}
    failures = []
    pages = list(_pages())
    assert len(pages) > 100  # the access matrix's pages, not a handful
    for row, role in pages:
        if role not in clients:
            clients[role] = Client(raise_request_exception=False)  # collect every failure
            if world.users[role] is not None:
                clients[role].force_login(world.users[role])
        client = clients[role]
        url = reverse(row.url_name, kwargs=row.resolve_kwargs(world) or None)
        # Every parameter at once per hostile value (84 requests a page were minutes of CI
        # time); `page` alone as well, since a page number a list refuses would hide the others.
        with override_settings(**row.settings):  # e.g. the national pages in national mode
            for value in VALUES:
                for query in ({name: value for name in PARAMS if name != "page"}, {"page": value}):
                    response = client.get(url, query)
                    if response.status_code >= 500:
                        failures.append(
                            f"{row.url_name}[{role}] {sorted(query)}={value!r}: "
                            f"{response.status_code}"
                        )
    assert not failures, failures


@pytest.mark.parametrize(
    ("url_name", "query"),
    [
        ("portal:article_list", {"q": "chất lượng\x00"}),
        ("portal:policy_list", {"q": "\x00"}),
        ("portal:staff_article_list", {"q": "tin\x00tức"}),
        ("trainings:verify_form", {"code": "ABC\x00DEF"}),
    ],
)
def test_nul_bytes_in_a_search_get_a_clear_answer(url_name, query, world):
    client = Client()
    client.force_login(world.users["staff"])
    response = client.get(reverse(url_name), query)
    assert response.status_code in (200, 400)
    assert response["Content-Type"].startswith("text/html")
    assert "<html" in response.content.decode()


@pytest.mark.parametrize("code", ["ABC/DEF", "../../etc", "A" * 500, "mã-số"])
def test_a_verification_code_that_cannot_exist_gets_a_form_error(code, client, db):
    response = client.get(reverse("trainings:verify_form"), {"code": code})
    assert response.status_code == 200
    assert "Mã xác minh chỉ gồm chữ cái không dấu, chữ số và dấu gạch ngang" in (
        response.content.decode()
    )


def test_a_verification_code_in_the_address_with_a_nul_byte_gets_a_clear_page(client, db):
    response = client.get("/trainings/verify/ABC%00DEF/")
    assert response.status_code == 400
    assert "Địa chỉ có một ký tự không được phép (ký tự NUL)" in response.content.decode()


@pytest.mark.parametrize("code", ["ABC DEF", "mã-số", "A" * 41])
def test_a_verification_code_in_the_address_that_cannot_exist_is_not_found(code, client, db):
    response = client.get(reverse("trainings:verify", kwargs={"code": code}))
    assert response.status_code == 404
    assert "Không tìm thấy chứng chỉ nào có mã xác thực" in response.content.decode()


@pytest.mark.parametrize("length", [255, 300, 320])
def test_a_very_long_email_on_the_sign_in_form_gets_a_form_error(length, client, db):
    email = "a" * (length - len("@example.vn")) + "@example.vn"
    response = client.post(reverse("login"), {"username": email, "password": "x" * 12})
    assert response.status_code == 200
    assert "tối đa 254 kí tự" in response.content.decode()


@pytest.mark.parametrize("charset", ["latin-1", "utf-16", "x-no-such-charset"])
def test_a_form_posted_in_another_charset_gets_a_clear_answer(charset, client, db):
    response = client.generic(
        "POST",
        reverse("login"),
        b"username=ng%E1%BB%8Dc%40example.vn&password=xxxxxxxxxxxx",
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
    )
    assert response.status_code in (200, 400)
    assert "<html" in response.content.decode()
