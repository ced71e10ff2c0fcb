"""The one table of who may reach what.

Every named URL of the project has a row here (`tests/test_access_matrix.py` fails for a URL
without one). Each app keeps its rows in `tests/<app>/access.py` next to a `build_world(w)` that
adds the objects its URLs need; org-scoped rows use organization A's objects, so the `ent_b`
column is "another organization's ids": it must never get 200.

Outcomes: 200 (page shown), "login" (redirect to sign-in), 403, 404, 405 (wrong method),
"redirect" (any other redirect, e.g. after a POST-only action or a role home).
"""

from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

ROLES = ("anonymous", "ent_a", "ent_b", "staff", "official", "council")
APPS = ("portal", "enterprises", "trainings", "awards", "reports")


@dataclass(frozen=True)
class Row:
    url_name: str
    expect: dict[str, Any]
    kwargs: Any = field(default_factory=dict)  # dict, or callable(world) -> dict
    query: str = ""
    method: str = "get"

    def resolve_kwargs(self, world) -> dict:
        return self.kwargs(world) if callable(self.kwargs) else dict(self.kwargs)


def everyone(outcome=200, **overrides) -> dict:
    return {role: overrides.get(role, outcome) for role in ROLES}


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
]


def _app_module(app: str):
    if app == "portal":
        return import_module("tests.portal.access")
    try:
        return import_module(f"tests.{app}.access")
    except ModuleNotFoundError as exc:
        if exc.name != f"tests.{app}.access":
            raise
        return None


def all_rows() -> list[Row]:
    rows = list(PORTAL_ROWS)
    for app in APPS:
        module = _app_module(app)
        if module is not None:
            rows.extend(getattr(module, "ROWS", []))
    return rows


def build_world(world) -> None:
    for app in APPS:
        module = _app_module(app)
        if module is not None and hasattr(module, "build_world"):
            module.build_world(world)
