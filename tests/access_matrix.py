"""The one table of who may reach what.

Every named URL of the project has a row here (`tests/test_access_matrix.py` fails for a URL
without one). Each app keeps its rows in `tests/<app>/access.py` next to a `build_world(w)` that
adds the objects its URLs need; org-scoped rows use organization A's objects, so the `ent_b`
column is "another organization's ids": it must never get 200.

Outcomes: 200 (page shown), "login" (redirect to sign-in), 403, 404, 405 (wrong method),
"redirect" (any other redirect, e.g. after a POST-only action or a role home).

Roles: the six below, plus three that must reach no more than they should:
- `superuser`: a Django superuser with no group; may do what program staff do (and no more
  in the enterprise or council areas, which are for people acting for an organization or on
  the council). Defaults to the staff column.
- `council_none`: a council member assigned to no nomination. Defaults to the council column;
  rows about the world's nomination say what they see instead.
- `ent_ab`: a person acting for both organization A and organization B. Defaults to the
  `ent_a` column (rows are about A's records, which are also theirs).

Every URL that changes state also has a POST row (`method="post"`): each role's POST runs in
a transaction that is rolled back, so one role's change never hides another's outcome. URLs
that only show something are listed in their app's `READ_ONLY`; `tests/test_access_matrix.py`
fails for a URL that is in neither.
"""

from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from portal.hooks import project_app_labels

BASE_ROLES = ("anonymous", "ent_a", "ent_b", "staff", "official", "council")
# New roles and the column they default to.
DERIVED_ROLES = {"superuser": "staff", "council_none": "council", "ent_ab": "ent_a"}
ROLES = (*BASE_ROLES, *DERIVED_ROLES)


@dataclass(frozen=True)
class Row:
    url_name: str
    expect: dict[str, Any]
    kwargs: Any = field(default_factory=dict)  # dict, or callable(world) -> dict
    query: str = ""
    method: str = "get"
    data: Any = field(default_factory=dict)  # POST body: dict, or callable(world) -> dict
    settings: dict = field(default_factory=dict)  # settings the row runs with (national mode)

    def __post_init__(self):
        expect = dict(self.expect)
        for role, like in DERIVED_ROLES.items():
            if role not in expect and like in expect:
                expect[role] = expect[like]
        object.__setattr__(self, "expect", expect)

    def resolve_kwargs(self, world) -> dict:
        return self.kwargs(world) if callable(self.kwargs) else dict(self.kwargs)

    def resolve_data(self, world) -> dict:
        return self.data(world) if callable(self.data) else dict(self.data)


def everyone(outcome=200, **overrides) -> dict:
    """Every base role gets `outcome` unless overridden; the derived roles follow theirs."""
    return {**{role: outcome for role in BASE_ROLES}, **overrides}


PUBLIC = everyone(200)
STAFF_ONLY = {
    "anonymous": "login",
    "ent_a": 403,
    "ent_b": 403,
    "staff": 200,
    "official": 403,
    "council": 403,
}
MONITORING = {
    "anonymous": "login",
    "ent_a": 403,
    "ent_b": 403,
    "staff": 200,
    "official": 200,
    "council": 403,
}
ENTERPRISE_ONLY = {
    "anonymous": "login",
    "ent_a": 200,
    "ent_b": 200,
    "staff": 403,
    "official": 403,
    "council": 403,
}
# An enterprise URL about organization A's record: B gets a 404 (it must not learn it exists).
ORG_A_OWN = {
    "anonymous": "login",
    "ent_a": 200,
    "ent_b": 404,
    "staff": 200,
    "official": 403,
    "council": 403,
}
COUNCIL_ONLY = {
    "anonymous": "login",
    "ent_a": 403,
    "ent_b": 403,
    "staff": 403,
    "official": 403,
    "council": 200,
}
SIGNED_IN = {
    "anonymous": "login",
    "ent_a": 200,
    "ent_b": 200,
    "staff": 200,
    "official": 200,
    "council": 200,
}


def staff_only(outcome=200) -> dict:
    return {**STAFF_ONLY, "staff": outcome}


def posted(expect: dict, ok="redirect", **overrides) -> dict:
    """The outcome of a POST for a GET row's roles: where the page is shown (200), the POST
    is handled (`ok`: "redirect" after an action, 200 when the form comes back with errors;
    405 from a POST-only row counts as shown); elsewhere the same refusal."""
    result = {role: (ok if outcome in (200, 405) else outcome) for role, outcome in expect.items()}
    result.update(overrides)
    return result


def post_rows(rows: list[Row], table: dict) -> list[Row]:
    """POST rows for the URLs in `table`, on the objects of each URL's first GET row.

    A value is the outcome where the GET row shows the page (`posted`): "redirect" or 200; a
    pair (that outcome, {role: outcome}) when some roles differ; or a full dict."""
    first = {}
    for row in rows:
        first.setdefault(row.url_name, row)
    result = []
    for url_name, spec in table.items():
        get_row = first[url_name]
        if isinstance(spec, dict):
            expect = spec
        elif isinstance(spec, tuple):
            ok, overrides = spec
            expect = posted(_base(get_row.expect), ok=ok, **overrides)
        else:
            expect = posted(_base(get_row.expect), ok=spec)
        result.append(Row(url_name, expect, kwargs=get_row.kwargs, method="post"))
    return result


def _base(expect: dict) -> dict:
    return {role: expect[role] for role in BASE_ROLES}


def post_only(expect: dict) -> dict:
    """A POST-only endpoint probed with GET: allowed roles get 405, the rest as in `expect`."""
    return {
        role: (405 if outcome in (200, "redirect") else outcome) for role, outcome in expect.items()
    }


PORTAL_ROWS = [
    Row("portal:home", PUBLIC),
    Row("portal:healthz", PUBLIC),
    Row("portal:ping", PUBLIC),
    Row("portal:after_login", {"anonymous": "login", **{r: "redirect" for r in ROLES[1:]}}),
    Row("portal:staff_home", STAFF_ONLY),
    Row("portal:official_home", MONITORING),
    Row("portal:enterprise_home", ENTERPRISE_ONLY),
    Row("portal:council_home", COUNCIL_ONLY),
    Row("login", everyone(200, **{r: "redirect" for r in ROLES[1:]})),
    Row("logout", everyone(405)),
    Row("password_change", SIGNED_IN),
    Row("password_change_done", SIGNED_IN),
    Row("password_reset", PUBLIC),
    Row("password_reset_done", PUBLIC),
    Row("password_reset_confirm", PUBLIC, kwargs={"uidb64": "MQ", "token": "invalid-token"}),
    Row("password_reset_complete", PUBLIC),
    Row("set_language", everyone("redirect")),
    Row("javascript-catalog", PUBLIC),
    Row("confirmation_resend", everyone(405)),
]

PORTAL_POST_ROWS = [
    # A sign-in with a wrong password shows the form again; signed-in people are sent home.
    Row("login", everyone("redirect", anonymous=200), method="post"),
    Row("logout", everyone("redirect"), method="post"),
    Row("password_change", posted(SIGNED_IN, ok=200), method="post"),
    Row("password_reset", PUBLIC, method="post"),
    Row(
        "password_reset_confirm",
        PUBLIC,
        kwargs={"uidb64": "MQ", "token": "invalid-token"},
        method="post",
    ),
    Row("set_language", everyone("redirect"), method="post", data={"language": "en"}),
    # "Send the confirmation link again" with a token that is not one: back to sign-in.
    Row("confirmation_resend", everyone("login"), method="post", data={"token": "x"}),
]

PORTAL_READ_ONLY = {
    "portal:home",
    "portal:healthz",
    "portal:ping",
    "portal:after_login",
    "portal:staff_home",
    "portal:official_home",
    "portal:enterprise_home",
    "portal:council_home",
    "password_change_done",
    "password_reset_done",
    "password_reset_complete",
    "javascript-catalog",
}


def _app_module(app: str):
    if app == "portal":
        return import_module("tests.portal.access")
    try:
        return import_module(f"tests.{app}.access")
    except ModuleNotFoundError as exc:
        if exc.name not in (f"tests.{app}", f"tests.{app}.access"):  # an app without rows
            raise
        return None


def all_rows() -> list[Row]:
    rows = list(PORTAL_ROWS) + list(PORTAL_POST_ROWS)
    for app in project_app_labels():
        module = _app_module(app)
        if module is not None:
            rows.extend(getattr(module, "ROWS", []))
            rows.extend(getattr(module, "POST_ROWS", []))
    return rows


def read_only_urls() -> set[str]:
    names = set(PORTAL_READ_ONLY)
    for app in project_app_labels():
        module = _app_module(app)
        if module is not None:
            names |= set(getattr(module, "READ_ONLY", ()))
    return names


def build_world(world) -> None:
    for app in project_app_labels():
        module = _app_module(app)
        if module is not None and hasattr(module, "build_world"):
            module.build_world(world)
