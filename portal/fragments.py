"""Rendered page fragments, cached until what they depend on changes.

The rule, in one place: `portal.areas` groups the program's tables into *areas* ("organizations",
"support", "courses", …). Each area has a version in the cache. An execute wrapper on every
database connection sees each INSERT, UPDATE, DELETE or COPY through Django's connection (ORM
saves and deletes, many-to-many changes, bulk operations, `.update()`, raw SQL alike) and
moves the versions of the areas of the table written, at once and again when the transaction
commits. Writes to tables of no area (sessions, sign-in attempts, visitor counters, history
tables) and a sign-in's `last_login` move nothing. Some columns are an area of their own
(`COLUMN_GROUPS`): an UPDATE that sets only an organization's contacts (a new phone number)
moves "organization-contacts", not "organizations".

A fragment names its areas (`depends_on`) and is stored with their versions; it is served only
while they are current. Writing courses keeps the registry; writing an organization rebuilds
it. While a fragment is built, every table its queries read must belong to its areas: reading
another one is an error under DEBUG and in the tests (`UndeclaredDependency`) and, in
production, the fragment is served but not kept. So a dependency cannot be forgotten silently.
The same holds for the columns of a group: a fragment whose queries read an organization's
phone (select it, filter or order by it) must name "organization-contacts" besides
"organizations"; the lists, which show no contact, select only the columns they show
(`.only()`, `.defer()`, `.values()`) and so stay kept while phone numbers change.

Fragments render without the viewer: from the data their view passes, never with the request,
its context processors, `user` or `perms` (`render_fragment`); a template reaching for them
fails loudly (`ViewerInFragment`). What a fragment may vary on besides its areas is its key:
the view's own key (path and query string), the language and the viewer's roles. Forms
inside a fragment are rendered with a placeholder CSRF token replaced by the viewer's own.

The cache entries also expire after `FRAGMENT_CACHE_SECONDS` (10 minutes by default), a
safety net for writes that do not go through Django (a psql session, another program).
`PAGE_CACHE=False` (settings, environment) turns fragments off: every page is built from the
database each time (the bench measures pages that way).

Each process also keeps the fragments it served last and, with `render_page`, the whole page
around a fragment for each viewer (their menu, name and footer): keyed by the same versions,
so they are exactly as fresh as the shared cache.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.core.signals import setting_changed
from django.db import transaction
from django.http import HttpResponse
from django.http.cookie import parse_cookie
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.shortcuts import render
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils.autoreload import file_changed
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .areas import AREAS, SCHEMA_TABLES, areas_written, column_area, column_areas, readable_by

logger = logging.getLogger(__name__)

AREA_KEY = "fragments:area:{}"
CSRF_PLACEHOLDER = "fragmentcsrftokenplaceholder0000000000000000000000000000000000000"
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|COPY|TRUNCATE(?:\s+TABLE)?)\s+"?(\w+)"?',
    re.IGNORECASE,
)
_READ = re.compile(r'\b(?:FROM|JOIN)\s+"(\w+)"', re.IGNORECASE)
_SET = re.compile(r"\bSET\b", re.IGNORECASE)
_SET_END = re.compile(r"[()]|\b(?:WHERE|RETURNING|FROM)\b", re.IGNORECASE)
_ASSIGNED = re.compile(r'"(\w+)"\s*=')
# A table named in FROM or JOIN with its alias (Django's are T1, U0, V0…), and a qualified
# column ("table"."column" or alias."column").
_ALIASED = re.compile(r'\b(?i:FROM|JOIN)\s+"(\w+)"(?:\s+(?:AS\s+)?"?([A-Z]\d+)"?(?![\w.]))?')
_QUALIFIED = re.compile(r'(?:"(\w+)"|\b([A-Z]\d+))\."(\w+)"')


class UndeclaredDependency(RuntimeError):
    """A fragment read a table of an area it does not name in `depends_on`."""


class ViewerInFragment(RuntimeError):
    """A fragment template reached for the viewer (`user`, `perms`, `request`)."""


def enabled() -> bool:
    return bool(settings.PAGE_CACHE)


def timeout() -> int:
    return int(settings.FRAGMENT_CACHE_SECONDS)


@lru_cache(maxsize=1)
def code_version() -> str:
    """Changes with the code and templates deployed: fragments rendered by another release
    (other markup, other hashed static file names) are never served."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    from .hooks import project_app_labels  # the app registry is ready when a page renders

    for folder in (*project_app_labels(), "templates"):
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in (".py", ".html", ".txt") and path.is_file():
                stat = path.stat()
                digest.update(
                    f"{path.relative_to(base)}:{stat.st_size}:{stat.st_mtime_ns};".encode()
                )
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()[:16]


# --- what every page reads from the cache, in one round trip ----------------------------------

# The areas' versions, the program settings row, the footer's visitor figures and the
# visitor's session: every page needs them, so a request reads them together once, in one
# MGET (None outside a request: Celery tasks and commands always read the cache). /ping and
# the other pages that read none of them make no round trip at all.
_request_values: ContextVar[dict | None] = ContextVar("portal_request_values", default=None)
PREFETCHED_KEYS = (
    *(AREA_KEY.format(area) for area in AREAS),
    "portal:program-settings",
    "visits:stats",
)
_PREFETCHED = frozenset(PREFETCHED_KEYS)
SESSION_PREFIX = "django.contrib.sessions.cached_db"
_SESSION_ID = re.compile(r"^[a-z0-9]{32}$")


def request_started(environ=None, **kwargs) -> None:
    session = ""
    if environ and settings.SESSION_ENGINE == "portal.sessions":
        cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
        session_id = cookies.get(settings.SESSION_COOKIE_NAME, "")
        if _SESSION_ID.match(session_id):
            session = SESSION_PREFIX + session_id
    _request_values.set({"__session__": session})


def request_finished(**kwargs) -> None:
    _request_values.set(None)


def _read_together(values: dict) -> dict:
    if "__loaded__" not in values:
        keys = [*PREFETCHED_KEYS, *filter(None, [values["__session__"]])]
        # The keys are the project's own (no validation needed): made here, read in one MGET
        # (`ResilientRedisCache.get_many_made`; Django's get_many validates each key's every
        # character first: about 5 % of a kept page's Python).
        backend = caches[DEFAULT_CACHE_ALIAS]  # one lookup (each `cache.x` is one)
        if not hasattr(backend, "get_many_made"):
            values.update(backend.get_many(keys))
        else:
            made = backend.__dict__.get("_portal_prefetched")
            if made is None:  # per backend instance: a change of CACHES makes new ones
                made = {backend.make_key(key): key for key in PREFETCHED_KEYS}
                backend.__dict__["_portal_prefetched"] = made
            if values["__session__"]:
                made = {**made, backend.make_key(values["__session__"]): values["__session__"]}
            values.update(backend.get_many_made(made))
        values["__loaded__"] = True
    return values


def _prefetched(key: str) -> dict | None:
    """The values read together for this request if `key` is one of them, else None."""
    values = _request_values.get()
    if values is None:
        return None
    if key in _PREFETCHED or (values["__session__"] and key == values["__session__"]):
        return _read_together(values)
    return None


def request_cached(key: str):
    """`cache.get(key)` for the keys every page reads, read together once per request."""
    values = _prefetched(key)
    if values is None:
        return cache.get(key)
    return values.get(key)


def prefetched_session(cache_key: str) -> tuple[bool, dict | None]:
    """(whether this request read the session with the others, its data or None)."""
    values = _prefetched(cache_key)
    if values is None:
        return False, None
    return True, values.get(cache_key)


# --- the areas' versions ----------------------------------------------------------------------


def _check_areas(areas) -> tuple[str, ...]:
    areas = tuple(areas)
    unknown = [area for area in areas if area not in AREAS]
    if unknown:
        raise ValueError(f"Unknown areas {unknown}; see portal.areas.AREAS")
    return areas


def version(area: str) -> int:
    key = AREA_KEY.format(area)
    value = request_cached(key)
    if value is None:
        value = _start(key)
        values = _request_values.get()
        if values is not None:
            values[key] = value
    return value


def versions(areas) -> tuple[int, ...]:
    return tuple(version(area) for area in _check_areas(areas))


def users_generation() -> int:
    """The people area's version: moves with the users, their roles and permissions."""
    return version("people")


def _start(key: str) -> int:
    """A version no earlier fragment can carry (the key was evicted or never set)."""
    value = time.time_ns()
    if not cache.add(key, value, None):
        value = cache.get(key) or value
    return value


def bump(*areas: str) -> None:
    """These areas' records changed (all areas when none is named)."""
    for area in _check_areas(areas or AREAS):
        key = AREA_KEY.format(area)
        try:
            value = cache.incr(key)
        except ValueError:
            value = _start(key)
        values = _request_values.get()
        if values:
            values[key] = value


class _BumpOnCommit:
    """The areas written in a transaction, bumped again once it commits."""

    def __init__(self):
        self.areas: set[str] = set()

    def __call__(self) -> None:
        bump(*sorted(self.areas))


def _bump_after_commit(using: str, areas) -> None:
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return
    for _ids, registered, _robust in connection.run_on_commit:
        if isinstance(registered, _BumpOnCommit):
            registered.areas.update(areas)
            return
    pending = _BumpOnCommit()
    pending.areas.update(areas)
    transaction.on_commit(pending, using=using)


def assigned_columns(sql: str) -> set[str] | None:
    """The columns an UPDATE sets (None for another statement or when they cannot be read).

    The SET list ends at the first WHERE, RETURNING or FROM outside parentheses (a subquery
    in a value has its own): what is read may hold more names than are set (a comparison
    inside a value), never fewer, so a write moves at least the areas it should."""
    if sql.lstrip()[:6].upper() != "UPDATE":
        return None
    start = _SET.search(sql)
    if start is None:
        return None
    depth, end = 0, len(sql)
    for token in _SET_END.finditer(sql, start.end()):
        text = token.group(0)
        if text == "(":
            depth += 1
        elif text == ")":
            depth -= 1
        elif depth == 0:
            end = token.start()
            break
    assigned = set(_ASSIGNED.findall(sql, start.end(), end))
    return assigned or None


def columns_read(sql: str) -> set[str]:
    """The grouped columns (`COLUMN_GROUPS`) this SQL reads, as "table.column"."""
    grouped = column_areas()
    if not any(f'"{table}"' in sql for table in grouped):
        return set()
    aliases = {}
    for table, alias in _ALIASED.findall(sql):
        aliases[table] = table
        if alias:
            aliases[alias] = table
    found = set()
    for quoted, alias, column in _QUALIFIED.findall(sql):
        table = aliases.get(quoted or alias, (quoted or "").lower())
        if column in grouped.get(table, ()):
            found.add(f"{table}.{column}")
    return found


# The tables read while a fragment is built (None when none is being built).
_reads: ContextVar[set | None] = ContextVar("portal_fragment_reads", default=None)


def watch_writes(execute, sql, params, many, context):
    """Execute wrapper: a write to an area's table moves that area's version (now, for reads
    in the same transaction, and after commit, for everyone else); while a fragment is built,
    note the tables its queries read."""
    result = execute(sql, params, many, context)
    if not isinstance(sql, str):
        return result
    match = _WRITE.match(sql)
    if match:
        table = match.group(1).lower()
        areas = areas_written(table, assigned_columns(sql))
        if areas:
            records_changed(context["connection"].alias, areas)
    else:
        reads = _reads.get()
        if reads is not None:
            reads.update(table.lower() for table in _READ.findall(sql))
            reads.update(columns_read(sql))
    return result


def records_changed(using: str = "default", areas=None, *, table: str | None = None) -> None:
    """Call after writing records around Django's cursor (e.g. COPY on the raw driver): name
    the areas written or the table."""
    if table is not None:
        areas = areas_written(table)
    areas = tuple(areas) if areas is not None else tuple(AREAS)
    if not areas:
        return
    bump(*areas)
    _bump_after_commit(using, areas)


def areas_read(sql: str) -> tuple[str, ...]:
    """The areas whose tables this SQL reads (for a value kept while they are unchanged)."""
    found: set[str] = set()
    for table in _READ.findall(sql):
        found |= readable_by(table.lower())
    for read in columns_read(sql):
        found.add(_column_area(read))
    return tuple(sorted(found))


def _column_area(read: str) -> str:
    table, column = read.split(".", 1)
    return column_area(table, column) or ""


def install(connection, **kwargs) -> None:
    """`connection_created` receiver: watch the new connection's writes."""
    if watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(watch_writes)


# --- fragments --------------------------------------------------------------------------------


def audience(user) -> str:
    """What a fragment may vary on about the viewer: signed in or not, and the roles."""
    if not user.is_authenticated:
        return "anonymous"
    roles = getattr(user, "_role_names", None)  # kept by portal.auth.ModelBackend
    if roles is None:
        roles = user.groups.values_list("name", flat=True)
    return ("superuser," if user.is_superuser else "") + ",".join(sorted(roles))


VIEWER_NAMES = frozenset({"user", "perms", "request"})


class ViewerFreeContext(Context):
    """A template context without the viewer: looking up `user`, `perms` or `request` when the
    view did not pass them raises instead of rendering an empty string."""

    def __getitem__(self, key):
        try:
            return super().__getitem__(key)
        except KeyError:
            if key in VIEWER_NAMES:
                raise ViewerInFragment(
                    f"A fragment template looked up {key!r}: fragments are shared by every "
                    "viewer with the same roles; pass what the page needs explicitly."
                ) from None
            raise

    def get(self, key, otherwise=None):
        if key in VIEWER_NAMES and not self.has_key(key):
            self[key]  # raises ViewerInFragment
        return super().get(key, otherwise)


def render_fragment(template_name: str, context: dict) -> str:
    """Render a fragment template from `context` alone (no request, no context processors);
    its forms get the placeholder CSRF token."""
    # the backend's Template wraps the engine's, whose render takes a Context
    template = get_template(template_name).template  # type: ignore[attr-defined]
    return template.render(
        ViewerFreeContext({**context, "csrf_token": CSRF_PLACEHOLDER}, autoescape=True)
    )


def render_with_placeholder(request, template_name: str, context: dict) -> str:
    """Render a part around the fragments (the layout, the menu) with the placeholder CSRF
    token; these may use the request and the viewer (they are kept per viewer)."""
    return render_to_string(
        template_name, {**context, "csrf_token": CSRF_PLACEHOLDER}, request=request
    )


_CSRF_CHARS = CSRF_ALLOWED_CHARS
_CSRF_INDEX = {char: index for index, char in enumerate(_CSRF_CHARS)}
# Random bytes below this are used (modulo the alphabet's 62): each character equally likely.
_CSRF_BYTE_LIMIT = 256 - 256 % len(_CSRF_CHARS)


def _mask_csrf_secret(secret: str) -> str:
    """Django's `_mask_cipher_secret`, the same token format, with the mask drawn from one
    read of the system's random source instead of one per character (about 5 % of a kept
    page's Python went to masking)."""
    mask: list[int] = []
    while len(mask) < CSRF_SECRET_LENGTH:
        mask += [b % len(_CSRF_CHARS) for b in os.urandom(48) if b < _CSRF_BYTE_LIMIT]
    mask = mask[:CSRF_SECRET_LENGTH]
    count = len(_CSRF_CHARS)
    return "".join(_CSRF_CHARS[m] for m in mask) + "".join(
        _CSRF_CHARS[(_CSRF_INDEX[char] + m) % count] for char, m in zip(secret, mask, strict=True)
    )


def request_csrf_token(request) -> str:
    """The request's masked CSRF token, made once per request (masking is not free): the same
    token for the page's own forms, its fragments and the layout around them. As Django's
    `get_token`: the visitor's secret (a new one without the cookie), masked anew for each
    request, the cookie sent again to renew it."""
    token = getattr(request, "_portal_csrf_token", None)
    if token is None:
        secret = request.META.get("CSRF_COOKIE")
        if secret and len(secret) == CSRF_SECRET_LENGTH and set(secret) <= _CSRF_INDEX.keys():
            request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
            token = _mask_csrf_secret(secret)
        else:
            token = get_token(request)
        request._portal_csrf_token = token
    return token


class ProcessMemo:
    """A small least-recently-used memo of this process, for values whose key says everything
    they depend on (the generation included). Entries are dropped after `seconds`, so the
    shared cache's expiry (the safety net for writes that bypass Django) still applies, a
    minute later at most."""

    def __init__(self, size: int, seconds: int = 60):
        self.size, self.seconds = size, seconds
        self._entries: OrderedDict[object, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry[0] < time.monotonic():
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key, value) -> None:
        with self._lock:
            self._entries[key] = (time.monotonic() + self.seconds, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def __contains__(self, key) -> bool:
        return self.get(key) is not None

    def clear(self, **kwargs) -> None:
        with self._lock:
            self._entries.clear()


# The fragments this process served last: a copy is as fresh as the shared entry (same key,
# same generation) and saves the round trip and the unpickling of a page's worth of HTML.
local_fragments = ProcessMemo(size=256)
# Whole pages as this process rendered them for one viewer (see `render_page`).
local_pages = ProcessMemo(size=512)
setting_changed.connect(local_fragments.clear)
setting_changed.connect(local_pages.clear)


def forget_code(**kwargs) -> None:
    """`runserver` saw a file change: a template edited in development shows on the next
    request (Python changes restart the server anyway)."""
    code_version.cache_clear()
    local_fragments.clear()
    local_pages.clear()


file_changed.connect(forget_code)


def _built(build: Callable[[], Any], areas: tuple[str, ...], key: str):
    """(parts, whether they may be kept): build them while noting the tables they read."""
    token = _reads.set(set())
    try:
        parts = build()
        read = _reads.get() or set()
    finally:
        _reads.reset(token)
    allowed = set(areas)
    undeclared = sorted(
        table
        for table in read
        if "." not in table and table not in SCHEMA_TABLES and not (readable_by(table) & allowed)
    )
    columns = sorted(read_ for read_ in read if "." in read_ and _column_area(read_) not in allowed)
    if not undeclared and not columns:
        return parts, True
    if undeclared:
        message = (
            f"The fragment {key!r} depends on {list(areas)} but read {undeclared} "
            f"(areas {sorted(set().union(*(readable_by(t) for t in undeclared)))}); "
            "add them to its depends_on (portal.areas)."
        )
    else:
        message = (
            f"The fragment {key!r} depends on {list(areas)} but read the columns {columns} "
            f"(area {sorted({_column_area(c) for c in columns})}, portal.areas.COLUMN_GROUPS): "
            "leave them out of its queries (.only(), .defer(), .values()) or, if the page "
            "shows them, add the area to its depends_on."
        )
    if settings.DEBUG or settings.TESTING:
        raise UndeclaredDependency(message)
    logger.error(message)
    return parts, False


def _fragment(request, key: str, build, depends_on) -> tuple[tuple | None, dict]:
    """((fragment key, versions) or None when not kept, parts with the CSRF placeholder)."""
    areas = _check_areas(depends_on)
    if not enabled():
        return None, build()
    full_key = "|".join(
        (code_version(), key, ",".join(areas), get_language() or "", audience(request.user))
    )
    identity = ("fragment:" + hashlib.sha256(full_key.encode()).hexdigest(), versions(areas))
    parts = local_fragments.get(identity)
    if parts is None:
        fragment_key, current = identity
        entry = cache.get(fragment_key)
        if entry is not None and entry[0] == current:
            parts = entry[1]
        else:
            parts, keep = _built(build, areas, key)
            if not keep:
                return None, parts
            cache.set(fragment_key, (current, parts), timeout())
        local_fragments.put(identity, parts)
    return identity, parts


def cached(
    request, key: str, build: Callable[[], dict[str, str]], *, depends_on
) -> dict[str, SafeString]:
    """The named HTML parts `build()` renders, from the cache while the areas `depends_on`
    names are unchanged.

    `key` names the page and everything its content depends on besides the records, the
    language and the viewer's roles (which are added here)."""
    _identity, parts = _fragment(request, key, build, depends_on)
    return _filled_in(request, parts)


def value(key: str, compute: Callable[[], object], *, depends_on):
    """A value (a count, a list of sentences) kept while the areas `depends_on` names are
    unchanged: the same rule as fragments, for what is not HTML."""
    areas = _check_areas(depends_on)
    if not enabled():
        return compute()
    current = versions(areas)
    full_key = "value:" + hashlib.sha256(f"{key}|{','.join(areas)}".encode()).hexdigest()
    entry = cache.get(full_key)
    if entry is not None and entry[0] == current:
        return entry[1]
    result, keep = _built(compute, areas, key)
    if keep:
        cache.set(full_key, (current, result), timeout())
    return result


def _filled_in(request, parts: dict[str, str]) -> dict[str, SafeString]:
    if any(CSRF_PLACEHOLDER in html for html in parts.values()):
        token = request_csrf_token(request)
        parts = {name: html.replace(CSRF_PLACEHOLDER, token) for name, html in parts.items()}
    return {name: mark_safe(html) for name, html in parts.items()}  # noqa: S308 - rendered templates


def _viewer(request) -> tuple:
    """Everything about the viewer the layout around a fragment shows: who they are (their
    name, roles and menu move with the people generation and the records generation, both in
    the key) and the page's own address (the language switcher returns to it)."""
    from .visitors import STATS_KEY, visitor_stats

    user = request.user
    stats = request_cached(STATS_KEY)
    if stats is None:
        stats = visitor_stats()
    return (
        user.pk if user.is_authenticated else None,
        users_generation() if user.is_authenticated else None,
        request.get_full_path(),
        tuple(sorted(stats.items())),
    )


def render_page(
    request, template_name: str, key: str, build: Callable[[], dict[str, str]], *, depends_on
):
    """`render(request, template_name, cached(request, key, build, depends_on=...))`, with the
    whole page kept
    in this process for the viewer while nothing it shows changed.

    Laying out a page (menu, account menu, footer around the cached fragment) costs more
    than serving it; the page is the same for the same viewer, address, language, records,
    people and footer figures, so it is rendered once for them and reused, its CSRF token
    filled in per request. A request with one-off messages to show is rendered normally."""
    identity, parts = _fragment(request, key, build, depends_on)
    if identity is None or get_messages(request):
        return render(request, template_name, _filled_in(request, parts))
    page_key = (template_name, identity, get_language(), _viewer(request))
    page = local_pages.get(page_key)
    if page is None:
        context = {name: mark_safe(part) for name, part in parts.items()}  # noqa: S308
        page = KeptPage(render_with_placeholder(request, template_name, context))
        local_pages.put(page_key, page)
    return HttpResponse(page.content(request))


class KeptPage:
    """A page as `render_page` keeps it: encoded once, cut at its CSRF placeholders.

    Serving it joins the bytes around the request's token. Replacing the placeholder in the
    page's text and encoding that text again on every request was about 15 % of what a kept
    page cost (a page of Vietnamese text is encoded character by character)."""

    __slots__ = ("pieces",)

    def __init__(self, html: str):
        # In the charset HttpResponse declares for it (settings changes clear local_pages).
        charset = settings.DEFAULT_CHARSET
        self.pieces = tuple(piece.encode(charset) for piece in html.split(CSRF_PLACEHOLDER))

    def content(self, request) -> bytes:
        if len(self.pieces) == 1:  # no form: no token, and no CSRF cookie to renew
            return self.pieces[0]
        # The token is ASCII letters and digits: the same bytes in any charset a page uses.
        return request_csrf_token(request).encode("ascii").join(self.pieces)
