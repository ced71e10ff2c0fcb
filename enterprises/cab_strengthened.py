"""The kept table of the conformity assessment bodies strengthened each year
(`CabStrengthenedYear`, what CAB_STRENGTHENED's figure counts).

The rule stays in the selectors (`selectors.cab_strengthening_activities`, organizations of kind
CAB): the table stores what it answers, one row per CAB and year. `store` is the one function
that writes it, for some organizations, set-based (one DELETE and one INSERT … SELECT):
`supported.activities_changed` calls it (every service that records, changes — its date, kind
or solutions — or cancels an activity, and the ledger import, already call that), and
`supported.organizations_moving` calls it for the organizations whose kind became or stopped
being CAB, and `solution_regrouped` for the CABs using a solution moved into or out of
CAB_CAPACITY. `rebuild` makes every row again from the ledger.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.functions import ExtractYear

from . import selectors
from .models import CabStrengthenedYear, Organization, Solution, SupportActivity

CAB = Organization.Kind.CONFORMITY_ASSESSMENT_BODY
CHUNK = 5000


def _years(values: Iterable | None) -> list[int] | None:
    if values is None:
        return None
    years = set()
    for value in values:
        if isinstance(value, int):
            years.add(value)
        elif value is not None and hasattr(value, "year"):
            years.add(value.year)
    return sorted(years)


def _live_rows(organization_ids: list[int] | None, years: list[int] | None) -> QuerySet:
    """(organization_id, year) of the live rule, distinct: the rows the table should hold."""
    activities = selectors.cab_strengthening_activities().filter(organization__kind=CAB)
    if organization_ids is not None:
        activities = activities.filter(organization_id__in=organization_ids)
    rows = activities.annotate(row_year=ExtractYear("date"))
    if years is not None:
        rows = rows.filter(row_year__in=years)
    return rows.order_by().values_list("organization_id", "row_year").distinct()


def _insert(rows: QuerySet) -> None:
    sql, params = rows.query.sql_with_params()
    table = connection.ops.quote_name(CabStrengthenedYear._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (organization_id, year) {sql} "  # noqa: S608
            "ON CONFLICT (year, organization_id) DO NOTHING",
            params,
        )


@transaction.atomic
def store(organization_ids: Iterable[int], years: Iterable | None = None) -> None:
    """Make the rows of `organization_ids` in `years` (years or dates; None: every year) equal
    the live rule again: two statements per 5,000 organizations, whatever the years.

    Callers hold the organizations' row locks in the same transaction (`supported.store` and
    `supported.organizations_moving` take them, FOR NO KEY UPDATE in id order), so two writes
    to one organization run one after the other."""
    ids = sorted({pk for pk in organization_ids if pk})
    wanted = _years(years)
    if not ids or wanted == []:
        return
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        kept = CabStrengthenedYear.objects.filter(organization_id__in=chunk)
        if wanted is not None:
            kept = kept.filter(year__in=wanted)
        kept.delete()  # one DELETE: nothing points at these rows, no signals
        _insert(_live_rows(chunk, wanted))


@transaction.atomic
def solution_regrouped(solution_id: int, group_before: str | None, group_after: str) -> None:
    """After a solution's group changed (`services.solution_save`, the admin): when it moved
    into or out of CAB_CAPACITY, every year of the CABs with an activity using it again."""
    cab_capacity = Solution.Group.CAB_CAPACITY
    if group_before is None or (group_before == cab_capacity) == (group_after == cab_capacity):
        return
    using = (
        SupportActivity.objects.filter(solutions=solution_id, organization__kind=CAB)
        .order_by()
        .values("organization_id")
    )
    ids = list(
        Organization.objects.filter(pk__in=using)
        .order_by("pk")
        .select_for_update(no_key=True)
        .values_list("pk", flat=True)
    )
    store(ids)


@transaction.atomic
def rebuild() -> None:
    """Every row again from the ledger, in one INSERT … SELECT."""
    CabStrengthenedYear.objects.all().delete()
    _insert(_live_rows(None, None))


def clear() -> None:
    CabStrengthenedYear.objects.all().delete()
