"""Rendered page fragments, cached until the records change.

A *generation* number in the cache moves whenever a project table is written: an execute
wrapper on every database connection sees each INSERT, UPDATE, DELETE or COPY through
Django's connection (ORM saves, bulk operations, `.update()`, raw SQL alike) and moves the
generation at once and again when the transaction commits. A fragment is stored with the
generation it was rendered at and served only while that generation is still current, so a
page never shows records older than the last committed write, and a page whose records did
not change costs one cache round trip instead of its queries and template work.

What a fragment may depend on is part of its key: the view's own key (path and query
string), the language and the viewer's roles. Fragments never depend on a single user's
identity (use them for pages every member of a role sees alike). Forms inside a fragment
are rendered with a placeholder CSRF token that is replaced by the viewer's own token.

The cache entries also expire after `FRAGMENT_CACHE_SECONDS` (10 minutes by default), a
safety net for writes that do not go through Django (a psql session, another program).

Each process also keeps the fragments it served last and, with `render_page`, the whole page
around a fragment for each viewer (their menu, name and footer): both keyed by the
generation, so they are exactly as fresh as the shared cache, and a page nobody changed is
served from memory with one cache round trip for the session and the generation.
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.signals import setting_changed
from django.db import transaction
from django.http import HttpResponse
from django.http.cookie import parse_cookie
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.autoreload import file_changed
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

GENERATION_KEY = "fragments:generation"
# Moves only with writes to the people and their roles (the signed-in user's kept row).
USERS_GENERATION_KEY = "fragments:users-generation"
USER_TABLES = frozenset(
    {"portal_user", "portal_user_groups", "portal_user_user_permissions", "auth_group"}
)
CSRF_PLACEHOLDER = "fragmentcsrftokenplaceholder0000000000000000000000000000000000000"
# Project tables whose writes change what pages show; the visitor counters' daily rows are
# written by a periodic task and shown only in the footer (outside every fragment), and the
# cache's own repair list is written when Redis is unreachable (portal.cache), and export jobs
# (portal.exports) are shown only to their owner, never in a kept fragment.
WATCHED_PREFIXES = ("portal_", "enterprises_", "trainings_", "awards_", "reports_")
IGNORED_TABLES = frozenset({"portal_visitday", "portal_cacherepair", "portal_exportjob"})
_WRITE = re.compile(
    r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|COPY|TRUNCATE(?:\s+TABLE)?)\s+"?(\w+)"?',
    re.IGNORECASE,
)


def timeout() -> int:
    return int(getattr(settings, "FRAGMENT_CACHE_SECONDS", 600))


@lru_cache(maxsize=1)
def code_version() -> str:
    """Changes with the code and templates deployed: fragments rendered by another release
    (other markup, other hashed static file names) are never served."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for folder in ("portal", "enterprises", "trainings", "awards", "reports", "templates"):
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

# The generation, the program settings row, the footer's visitor figures and the visitor's
# session: every page needs them, so a request reads them together once (None outside a
# request: Celery tasks and commands always read the cache).
_request_values: ContextVar[dict | None] = ContextVar("portal_request_values", default=None)
PREFETCHED_KEYS = (
    GENERATION_KEY,
    USERS_GENERATION_KEY,
    "portal:program-settings",
    "visits:stats",
)
SESSION_PREFIX = "django.contrib.sessions.cached_db"
_SESSION_ID = re.compile(r"^[a-z0-9]{32}$")


def request_started(environ=None, **kwargs) -> None:
    keys = list(PREFETCHED_KEYS)
    if environ and getattr(settings, "SESSION_ENGINE", "") == "portal.sessions":
        cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
        session_id = cookies.get(settings.SESSION_COOKIE_NAME, "")
        if _SESSION_ID.match(session_id):
            keys.append(SESSION_PREFIX + session_id)
    _request_values.set({"__keys__": keys})


def request_finished(**kwargs) -> None:
    _request_values.set(None)


def _prefetched() -> dict | None:
    values = _request_values.get()
    if values is not None and "__loaded__" not in values:
        values.update(cache.get_many(values["__keys__"]))
        values["__loaded__"] = True
    return values


def request_cached(key: str):
    """`cache.get(key)` for the keys every page reads, read together once per request."""
    values = _request_values.get()
    if values is None or key not in values["__keys__"]:
        return cache.get(key)
    return _prefetched().get(key)


def prefetched_session(cache_key: str) -> tuple[bool, dict | None]:
    """(whether this request read the session with the others, its data or None)."""
    values = _request_values.get()
    if values is None or cache_key not in values["__keys__"]:
        return False, None
    return True, _prefetched().get(cache_key)


# --- the generation ---------------------------------------------------------------------------


def generation(key: str = GENERATION_KEY) -> int:
    value = request_cached(key)
    if value is None:
        value = _start(key)
        values = _request_values.get()
        if values is not None:
            values[key] = value
    return value


def users_generation() -> int:
    return generation(USERS_GENERATION_KEY)


def _start(key: str = GENERATION_KEY) -> int:
    """A generation no earlier fragment can carry (the key was evicted or never set)."""
    value = time.time_ns()
    if not cache.add(key, value, None):
        value = cache.get(key) or value
    return value


def bump(key: str = GENERATION_KEY) -> None:
    """The records changed: every cached fragment is out of date."""
    try:
        value = cache.incr(key)
    except ValueError:
        value = _start(key)
    values = _request_values.get()
    if values:
        values[key] = value


def bump_users() -> None:
    bump(USERS_GENERATION_KEY)


def _bump_after_commit(using: str, function=bump) -> None:
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return
    for _ids, registered, _robust in connection.run_on_commit:
        if registered is function:
            return
    transaction.on_commit(function, using=using)


def watch_writes(execute, sql, params, many, context):
    """Execute wrapper: a write to a project table moves the generation (now, for reads in
    the same transaction, and after commit, for everyone else)."""
    result = execute(sql, params, many, context)
    match = _WRITE.match(sql) if isinstance(sql, str) else None
    if match:
        table = match.group(1).lower()
        alias = context["connection"].alias
        if table in USER_TABLES:
            bump_users()
            _bump_after_commit(alias, bump_users)
        if table.startswith(WATCHED_PREFIXES) and table not in IGNORED_TABLES:
            records_changed(alias)
    return result


def records_changed(using: str = "default") -> None:
    """Call after writing records around Django's cursor (e.g. COPY on the raw driver)."""
    bump()
    _bump_after_commit(using)


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


def render_fragment(request, template_name: str, context: dict) -> str:
    """Render a fragment template; its forms get the placeholder CSRF token (`request` may be
    None for parts that need no context processors)."""
    return render_to_string(
        template_name, {**context, "csrf_token": CSRF_PLACEHOLDER}, request=request
    )


def request_csrf_token(request) -> str:
    """The request's masked CSRF token, made once per request (masking is not free): the same
    token for the page's own forms, its fragments and the layout around them."""
    token = getattr(request, "_portal_csrf_token", None)
    if token is None:
        token = request._portal_csrf_token = get_token(request)
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


def _fragment(request, key: str, build: Callable[[], dict[str, str]]) -> tuple[tuple, dict]:
    """((fragment key, generation), parts with the CSRF placeholder still in them)."""
    full_key = "|".join((code_version(), key, get_language() or "", audience(request.user)))
    identity = ("fragment:" + hashlib.sha256(full_key.encode()).hexdigest(), generation())
    parts = local_fragments.get(identity)
    if parts is None:
        fragment_key, current = identity
        entry = cache.get(fragment_key)
        if entry is not None and entry[0] == current:
            parts = entry[1]
        else:
            parts = build()
            cache.set(fragment_key, (current, parts), timeout())
        local_fragments.put(identity, parts)
    return identity, parts


def cached(request, key: str, build: Callable[[], dict[str, str]]) -> dict[str, SafeString]:
    """The named HTML parts `build()` renders, from the cache while the records are unchanged.

    `key` names the page and everything its content depends on besides the records, the
    language and the viewer's roles (which are added here)."""
    _identity, parts = _fragment(request, key, build)
    return _filled_in(request, parts)


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


def render_page(request, template_name: str, key: str, build: Callable[[], dict[str, str]]):
    """`render(request, template_name, cached(request, key, build))`, with the whole page kept
    in this process for the viewer while nothing it shows changed.

    Laying out a page (menu, account menu, footer around the cached fragment) costs more
    than serving it; the page is the same for the same viewer, address, language, records,
    people and footer figures, so it is rendered once for them and reused, its CSRF token
    filled in per request. A request with one-off messages to show is rendered normally."""
    identity, parts = _fragment(request, key, build)
    if get_messages(request):
        return render(request, template_name, _filled_in(request, parts))
    page_key = (template_name, identity, get_language(), _viewer(request))
    html = local_pages.get(page_key)
    if html is None:
        context = {name: mark_safe(part) for name, part in parts.items()}  # noqa: S308
        html = render_fragment(request, template_name, context)
        local_pages.put(page_key, html)
    if CSRF_PLACEHOLDER in html:
        html = html.replace(CSRF_PLACEHOLDER, request_csrf_token(request))
    return HttpResponse(html)
