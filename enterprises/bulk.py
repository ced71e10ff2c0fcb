"""Fast inserts for imports: multi-row INSERT ... RETURNING id, with the history rows
django-simple-history would write, in a fraction of the ORM's per-value cost.

Only plain values are passed through; dates, datetimes, decimals and UUIDs are adapted by
their field, as the ORM would. Used inside the import's transaction (all or nothing)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import connection
from django.db.models import DateField, DateTimeField, DecimalField, Model, UUIDField

from portal.fragments import records_changed

_ADAPTED = (DateTimeField, DateField, DecimalField, UUIDField)


def _columns(model: type[Model], *, skip_pk: bool):
    fields = [
        f
        for f in model._meta.concrete_fields
        if not (skip_pk and f.primary_key and f.attname in ("id", "history_id"))
    ]
    return fields


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


_COPY_SPECIAL = re.compile(r"[\\\t\n\r]")


def _copy_value(value) -> str:
    kind = type(value)
    if kind is str:
        # Most values have nothing to escape: a search is cheaper than a translation.
        return value.translate(_COPY_ESCAPES) if _COPY_SPECIAL.search(value) else value
    if value is None:
        return "\\N"
    if kind is int:
        return str(value)
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _copy_column(values: list, adapter=None) -> list[str]:
    """`[_copy_value(v) for v in values]` (after `adapter` when given), without a call per
    value where none is needed: a column of plain strings is searched once for a character to
    escape (a 500-row batch of names is one search, not 500), a column of ints is `map(str)`,
    and any other column converts each distinct object once (the write's `now` is one object
    in three columns of every row). Objects, not equal values, are remembered: two equal
    datetimes in different time zones, or Decimal 1.0 and 1.00, keep their own text."""
    if adapter is None:
        kinds = set(map(type, values))
        if kinds == _STR:
            if _COPY_SPECIAL.search("".join(values)) is None:
                return values
            return [_copy_value(value) for value in values]
        if kinds == _INT:
            return list(map(str, values))
    texts: dict[int, str] = {}
    out = []
    for value in values:
        text = texts.get(id(value))
        if text is None:
            text = texts[id(value)] = _copy_value(value if adapter is None else adapter(value))
        out.append(text)
    return out


_STR, _INT = {str}, {int}


def _copy_lines(
    plan,
    rows: Iterable[dict],
    ids: list[int] | None,
    batch: int,
    count: int | None = None,
    taken: list[dict] | None = None,
) -> Iterator[str]:
    """`_copy_line([pk, *_values_of(plan, row)])` for each row (without the pk when `ids` is
    None), made `batch` rows at a time a column at a time: per batch, each column is one list
    comprehension and one `_copy_column`, then each line one `join`, where a line made value
    by value cost about forty calls. Exactly `count` rows (`len(ids)` when given) are read
    from `rows`, no more, a batch at a time as the lines are asked for; they are added to
    `taken` when given."""
    rows = iter(rows)
    total = len(ids) if ids is not None else count
    if total is None:
        raise ValueError("_copy_lines needs the number of rows or their ids")
    for start in range(0, total, batch):
        chunk = list(islice(rows, min(batch, total - start)))
        if len(chunk) < min(batch, total - start):
            raise ValueError(f"{total} rows were announced, {start + len(chunk)} came")
        if taken is not None:
            taken.extend(chunk)
        columns = [] if ids is None else [_copy_column(ids[start : start + batch])]
        for attname, default, adapter in plan:
            columns.append(_copy_column([row.get(attname, default) for row in chunk], adapter))
        yield from [line + "\n" for line in map("\t".join, zip(*columns, strict=True))]


def _copy_line(values: list) -> str:
    # Strings as they are, then one look at the whole line: escaping is needed only when a
    # value held a tab, line break or backslash, seen as more tabs than separators, a line
    # break, or more backslashes than the NULL markers (\\N) put there. Otherwise a row's
    # 20-odd strings cost no call each.
    parts = [v if type(v) is str else _copy_value(v) for v in values]
    line = "\t".join(parts)
    if (
        line.count("\t") != len(parts) - 1
        or line.count("\\") != values.count(None)
        or "\n" in line
        or "\r" in line
    ):
        line = "\t".join([_copy_value(v) for v in values])
    return line + "\n"


class _CopySource:
    """COPY's input, made as the driver reads it: psycopg2 sends each `read()` to the server
    as it comes, so PostgreSQL inserts (and indexes) the rows sent while this process makes the
    next ones, on another core, instead of waiting for the whole text."""

    BATCH = 500

    def __init__(self, made: Iterator[str]):
        self.made = made
        # What making the lines raised: psycopg2 ends the COPY and raises its own
        # QueryCanceled instead; `insert_rows` raises this one (a row refused by the checks
        # that run as the rows are made, say) in its place.
        self.failure: BaseException | None = None

    def read(self, size: int = -1) -> str:
        try:
            batch = list(islice(self.made, self.BATCH))
        except BaseException as exc:
            self.failure = exc
            raise
        return "".join(batch)

    def readline(self, size: int = -1) -> str:  # pragma: no cover - psycopg2 calls read()
        return self.read(size)


def _adapter(field):
    """How to turn a Python value into what the driver takes, without the ORM's per-value work."""
    ops = connection.ops
    if isinstance(field, DateTimeField):
        return lambda v: None if v is None else ops.adapt_datetimefield_value(v)
    if isinstance(field, DateField):
        return lambda v: None if v is None else ops.adapt_datefield_value(v)
    if isinstance(field, _ADAPTED):
        return lambda v: None if v is None else field.get_db_prep_save(v, connection)
    return None


def _plan(model: type[Model]):
    """(fields, per field: attname, default, adapter) of the columns an insert writes."""
    fields = _columns(model, skip_pk=True)
    return fields, [(f.attname, f.get_default(), _adapter(f)) for f in fields]


_MISSING = object()


def _values_of(plan, row: dict) -> list:
    get = row.get
    out = []
    for attname, default, adapter in plan:
        value = get(attname, _MISSING)
        if value is _MISSING:
            value = default
        out.append(value if adapter is None else adapter(value))
    return out


def _history_columns(model: type[Model], columns: list[str]) -> list[str] | None:
    """The history table's columns for the model's `columns`, in the same order (a history
    table holds every column of its model under the same name, then its own); None when it
    does not, and the history rows are then written on their own."""
    history = model.history.model  # type: ignore[attr-defined]
    known = {f.column for f in history._meta.concrete_fields}
    own = ["history_date", "history_change_reason", "history_type", "history_user_id"]
    if not all(column in known for column in (*columns, *own)):
        return None
    qn = connection.ops.quote_name
    return [qn(column) for column in (*columns, *own)]


def insert_rows(
    model: type[Model],
    rows: Iterable[dict],
    *,
    returning: bool = True,
    history: dict | None = None,
    count: int | None = None,
) -> list[int] | None:
    """Insert dicts keyed by attname (missing keys take the field's default); return new ids.

    `history={"when": ..., "user_id": ..., "reason": ...}` also writes each row's "+" history
    row (what `history_rows` describes). On PostgreSQL the history rows are the rows just
    copied, read back by the server (INSERT ... SELECT) with the history's own four values:
    the history holds exactly what the row holds.

    `rows` may be an iterator that yields `count` rows: on PostgreSQL it is read a batch at a
    time as the COPY is sent, so whatever makes the next rows runs while the server inserts
    the ones before; an exception it raises ends the COPY and is raised here (the caller's
    transaction then writes nothing). Elsewhere it is read whole first."""
    if history is not None:
        returning = True
    if count is None:
        rows = list(rows)
        count = len(rows)
    taken: list[dict] = rows if isinstance(rows, list) else []
    fields, plan = _plan(model)
    qn = connection.ops.quote_name
    column_sql = ", ".join(qn(str(f.column)) for f in fields)
    table = qn(model._meta.db_table)
    pk_column = qn(str(model._meta.pk.column))
    suffix = f" RETURNING {pk_column}" if returning else ""

    ids: list[int] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and hasattr(cursor.cursor, "copy_expert"):
            # COPY is PostgreSQL's bulk path: no statement to parse and plan. The new ids are
            # taken from the table's sequence first, so they are known without RETURNING.
            # One COPY per table, whatever the number of rows.
            if returning:
                # The sequence's name first: inside `nextval()` it was looked up again for
                # every row (4 % of the backend's time in an import of 10,000 rows).
                cursor.execute(
                    "SELECT pg_get_serial_sequence(%s, %s)",
                    [model._meta.db_table, model._meta.pk.column],
                )
                sequence = cursor.fetchone()[0]
                cursor.execute(
                    "SELECT nextval(%s::regclass) FROM generate_series(1, %s)",
                    [sequence, count],
                )
                ids = [r[0] for r in cursor.fetchall()]
                column_names = [str(model._meta.pk.column), *(str(f.column) for f in fields)]
            else:
                column_names = [str(f.column) for f in fields]
            made = _copy_lines(
                plan,
                rows,
                ids if returning else None,
                _CopySource.BATCH,
                count=count,
                taken=None if taken is rows else taken,
            )
            columns = [qn(column) for column in column_names]
            source = _CopySource(made)
            try:
                cursor.cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", source)
            except Exception:
                if source.failure is not None:
                    raise source.failure from None
                raise
            # COPY goes to the driver directly: say that the records changed.
            records_changed(connection.alias, table=model._meta.db_table)
            history_columns = _history_columns(model, column_names) if history is not None else None
            if history is not None and history_columns is not None:
                history_model = model.history.model  # type: ignore[attr-defined]
                history_table = qn(history_model._meta.db_table)
                selected = ", ".join(qn(column) for column in column_names)
                # The "+" rows are the rows just written, read back by the server: what the
                # row holds, without a second text of 10,000 lines to send and parse (the
                # history COPY took 61 ms of the backend for the bench's rows, this 51 ms).
                cursor.cursor.execute(
                    f"INSERT INTO {history_table} ({', '.join(history_columns)}) "  # noqa: S608
                    f"SELECT {selected}, %s, %s, %s, %s FROM {table} "
                    f"WHERE {pk_column} = ANY(%s) ORDER BY {pk_column}",
                    [
                        connection.ops.adapt_datetimefield_value(history["when"]),
                        (history.get("reason") or "")[:100] or None,
                        "+",
                        history.get("user_id"),
                        ids,
                    ],
                )
                records_changed(connection.alias, table=history_model._meta.db_table)
                history = None  # written
        else:
            rows = taken = list(rows)
            max_params = connection.features.max_query_params or 60_000
            per_statement = max(1, min(1000, max_params // len(fields)))
            row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
            for start in range(0, len(rows), per_statement):
                chunk = rows[start : start + per_statement]
                params = [value for row in chunk for value in _values_of(plan, row)]
                # Only quoted identifiers and placeholders go into the SQL text.
                sql = f"INSERT INTO {table} ({column_sql}) VALUES " + ", ".join(  # noqa: S608
                    [row_sql] * len(chunk)
                )
                cursor.execute(sql + suffix, params)
                if returning:
                    ids.extend(r[0] for r in cursor.fetchall())
    if history is not None:  # not written with the rows above
        for row, pk in zip(taken, ids, strict=True):
            row["id"] = pk
        insert_rows(
            model.history.model,  # type: ignore[attr-defined]
            history_rows(
                taken,
                when=history["when"],
                user_id=history.get("user_id"),
                reason=history.get("reason", ""),
            ),
            returning=False,
        )
    return ids if returning else None


def history_rows(objects: list[dict], *, when, user_id: int | None, reason: str = "") -> list[dict]:
    """The "+" (created) history rows for freshly inserted rows (dicts including their id)."""
    return [
        {
            **obj,
            "history_date": when,
            "history_change_reason": reason[:100] or None,
            "history_type": "+",
            "history_user_id": user_id,
        }
        for obj in objects
    ]
