"""The support ledger's totals, kept per year, kind and status (`LedgerTally`).

The ledger shows, above its list, how many activities the filters select and the sums of
their state budget and own contribution. Summed on every view, that is a scan of every
activity (about 4.9 million at 1,000,000 organizations, seconds). The table keeps the same
three numbers for each (year, kind, status): with no filter, or filters on only these
dimensions, the totals are the sum of a few kept rows.

`apply` is the one function that writes the table: each writing service (recording, changing
and cancelling an activity in `enterprises.services`, the ledger import in
`enterprises.imports`) passes what its write added and took away, as increments (an
`INSERT … ON CONFLICT DO UPDATE` that adds), so concurrent writes never lose one another.
`rebuild` (the `aggregates` hook, after a bulk load that bypassed the services) computes every
row again from the ledger in one grouped query.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping

from django.db import connection, transaction
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractYear

from . import selectors
from .models import LedgerTally, SupportActivity

Cell = tuple[int, str, str]  # (year, kind, status)
VALUES = ("date", "kind", "status", "state_budget", "own_contribution")

# The ledger's filters the table answers; any other active filter sums the selected rows.
KEPT_FILTERS = frozenset({"year", "kind", "status"})


def _get(item, name):
    return item[name] if isinstance(item, Mapping) else getattr(item, name)


def _date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _contribution(item) -> tuple[Cell, tuple[int, int, int]]:
    """The cell of an activity (a model instance or a dict of `VALUES`) and what it adds."""
    cell = (_date(_get(item, "date")).year, str(_get(item, "kind")), str(_get(item, "status")))
    return cell, (1, int(_get(item, "state_budget") or 0), int(_get(item, "own_contribution") or 0))


def apply(added: Iterable = (), removed: Iterable = ()) -> None:
    """Add the activities `added` to the table and take the activities `removed` out of it
    (instances or dicts with date, kind, status, state_budget, own_contribution)."""
    deltas: dict[Cell, list[int]] = defaultdict(lambda: [0, 0, 0])
    for items, sign in ((added, 1), (removed, -1)):
        for item in items:
            cell, amounts = _contribution(item)
            for i, amount in enumerate(amounts):
                deltas[cell][i] += sign * amount
    changes = [(cell, values) for cell, values in sorted(deltas.items()) if any(values)]
    if not changes:
        return
    qn = connection.ops.quote_name
    table = qn(LedgerTally._meta.db_table)
    columns = ("year", "kind", "status", "rows", "state_budget", "own_contribution")
    placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(changes))
    added_up = ", ".join(f"{qn(c)} = {table}.{qn(c)} + EXCLUDED.{qn(c)}" for c in columns[3:])
    params: list[int | str] = []
    for cell, values in changes:
        params += [*cell, *values]
    # Cells in a fixed order: two writers lock the rows they add to in the same order.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(qn(c) for c in columns)}) "  # noqa: S608
            f"VALUES {placeholders} ON CONFLICT ({qn('year')}, {qn('kind')}, {qn('status')}) "
            f"DO UPDATE SET {added_up}",
            params,
        )


def stored(activity_pk: int) -> dict | None:
    """The activity as stored (its cell and amounts), the row locked until the transaction
    ends, before a service changes it: what the change takes out of the table."""
    rows = SupportActivity.objects.filter(pk=activity_pk)
    if connection.in_atomic_block:
        rows = rows.select_for_update()
    return rows.values(*VALUES).first()


def changed(before: dict | None, after) -> None:
    """An activity written by a service: `before` as `stored` read it, `after` as saved."""
    apply(added=[after], removed=[before] if before else [])


# --- reading ------------------------------------------------------------------------------


def kept_totals(filters: Mapping) -> dict:
    """The totals of the activities of `filters` (year, kind, status only) from the table."""
    rows = LedgerTally.objects.all()
    for name in ("year", "kind", "status"):
        if name in filters:
            rows = rows.filter(**{name: filters[name]})
    totals = rows.aggregate(
        state_budget=Coalesce(Sum("state_budget"), 0),
        own_contribution=Coalesce(Sum("own_contribution"), 0),
        rows=Coalesce(Sum("rows"), 0),
    )
    return {key: int(value) for key, value in totals.items()}


def year_budget(year: int) -> dict:
    """`selectors.support_budget_in(year)` (the recorded activities dated in `year`: their
    state budget, own contribution, number and total) from the kept rows of the year's
    RECORDED cells, a few rows instead of the year's ledger."""
    kept = kept_totals({"year": year, "status": SupportActivity.Status.RECORDED})
    return {
        "state_budget": kept["state_budget"],
        "own_contribution": kept["own_contribution"],
        "activities": kept["rows"],
        "total": kept["state_budget"] + kept["own_contribution"],
    }


def totals(filterset) -> dict:
    """The ledger's totals for the filters of `filterset`: from the table when the filters
    are only year, kind and status (any combination, or none), else summed over the filtered
    rows (a search or a batch select them through an index; the solution group does not, see
    docs/PERFORMANCE.md)."""
    filters = filterset.applied()
    if set(filters) <= KEPT_FILTERS:
        return kept_totals(filters)
    return selectors.ledger_totals(filterset.qs)


# --- the rebuild hook ---------------------------------------------------------------------


def live() -> QuerySet:
    """Every cell computed from the ledger, one grouped query (what the table must equal)."""
    return (
        SupportActivity.objects.order_by()
        .annotate(cell_year=ExtractYear("date"))
        .values("cell_year", "kind", "status")
        .annotate(
            n=Count("id"),
            budget=Coalesce(Sum("state_budget"), 0),
            own=Coalesce(Sum("own_contribution"), 0),
        )
    )


def clear() -> None:
    LedgerTally.objects.all().delete()


@transaction.atomic
def rebuild() -> None:
    """Every row again from the ledger."""
    clear()
    LedgerTally.objects.bulk_create(
        [
            LedgerTally(
                year=row["cell_year"],
                kind=row["kind"],
                status=row["status"],
                rows=row["n"],
                state_budget=row["budget"],
                own_contribution=row["own"],
            )
            for row in live()
        ]
    )
