"""The PostgreSQL read replica: which reads may go to it, and how a task asks for it.

With `DATABASE_REPLICA_URL` set (portal/settings.py) the project has a second database alias,
`replica`, a streaming standby of `default`. Nothing goes to it by itself: a task that reads a
lot and writes little opens a block,

    with reading_from_replica():
        export_run(job_id)

and inside that block (this thread or task only: a contextvar) the router sends reads to the
replica, except

- reads inside a transaction on the primary (`transaction.atomic`): a transaction must see its
  own writes and the rows it locked;
- reads of a model the block has already written (the export's progress, then its job row):
  the replica may not have the write yet;
- reads of the jobs' own state rows (`PRIMARY_MODELS`): a task is queued the moment its row
  is committed on the primary, and the replica may not have the row yet.

Every write goes to the primary. Outside a block, and without a replica, every query uses
`default`, exactly as without this router. When the block starts, the replica is asked how far
behind it is; unreachable, or further behind than `DATABASE_REPLICA_MAX_LAG_SECONDS`, the
block reads from the primary instead (logged): a replica outage slows the primary, it never
fails an export.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connections

logger = logging.getLogger(__name__)

PRIMARY = "default"
REPLICA = "replica"

# The rows a task is queued for, read by the task right after the commit that created them.
PRIMARY_MODELS = frozenset({"portal.exportjob", "reports.annualreport"})


@dataclass
class _Block:
    alias: str  # where this block's reads go: the replica, or the primary after a fallback
    written: set[str] = field(default_factory=set)  # models written inside the block


_block: ContextVar[_Block | None] = ContextVar("portal_replica_block", default=None)


def replica_alias() -> str | None:
    """The replica's alias when one is configured (settings.DATABASE_REPLICA), else None."""
    alias = getattr(settings, "DATABASE_REPLICA", "") or None
    if alias is not None and alias not in settings.DATABASES:
        return None
    return alias


def _label(model) -> str:
    return model._meta.label_lower


def replica_lag(alias: str) -> float:
    """Seconds the replica `alias` is behind its primary (0 when it has replayed everything
    it received, or when it is not a standby at all, e.g. the tests' mirror). Raises when the
    replica cannot be reached."""
    connection = connections[alias]
    if connection.vendor != "postgresql":
        connection.ensure_connection()
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0"
            " WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
            " ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)"
            " END"
        )
        return float(cursor.fetchone()[0])


def _usable(alias: str) -> bool:
    try:
        lag = replica_lag(alias)
    except Exception as exc:  # the replica is down or unreachable: read from the primary
        logger.warning("Read replica unreachable (%s); reading from the primary", exc)
        with contextlib.suppress(Exception):
            connections[alias].close()
        return False
    if lag > settings.DATABASE_REPLICA_MAX_LAG_SECONDS:
        logger.warning("Read replica %.1f s behind; reading from the primary", lag)
        return False
    return True


@contextlib.contextmanager
def reading_from_replica() -> Iterator[str]:
    """Within the block, reads go to the replica (see the module's docstring for the
    exceptions); yields the alias the block reads from. Nested blocks share the outer one."""
    outer = _block.get()
    if outer is not None:
        yield outer.alias
        return
    alias = replica_alias()
    target = alias if alias is not None and _usable(alias) else PRIMARY
    token = _block.set(_Block(alias=target))
    try:
        yield target
    finally:
        _block.reset(token)


def in_replica_block() -> bool:
    return _block.get() is not None


class ReplicaRouter:
    """Reads inside `reading_from_replica()` to the replica, everything else to the primary."""

    def db_for_read(self, model, **hints):
        alias = replica_alias()
        if alias is None:
            return None  # no replica: Django's own choice, as without a router
        block = _block.get()
        if block is None or block.alias == PRIMARY:
            return PRIMARY
        label = _label(model)
        if label in PRIMARY_MODELS or label in block.written:
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return block.alias

    def db_for_write(self, model, **hints):
        if replica_alias() is None:
            return None
        block = _block.get()
        if block is not None:
            block.written.add(_label(model))
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: an object read from either may point to one
        # read from the other.
        databases = {PRIMARY, replica_alias() or PRIMARY}
        if obj1._state.db in databases and obj2._state.db in databases:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # A standby is read-only and receives the schema from the primary's WAL.
        if db == REPLICA or (db != PRIMARY and db == replica_alias()):
            return False
        return None


def replica_health() -> dict:
    """The replica's check for /healthz: configured or not, reachable, how far behind."""
    alias = replica_alias()
    if alias is None:
        return {"ok": True, "configured": False}
    started = time.monotonic()
    try:
        lag = replica_lag(alias)
    except Exception as exc:
        with contextlib.suppress(Exception):
            connections[alias].close()
        return {"ok": False, "configured": True, "error": exc.__class__.__name__}
    return {
        "ok": lag <= settings.DATABASE_REPLICA_MAX_LAG_SECONDS,
        "configured": True,
        "ms": round((time.monotonic() - started) * 1000, 1),
        "lag_seconds": round(lag, 1),
    }
