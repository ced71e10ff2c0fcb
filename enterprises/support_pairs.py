"""The kept kinds of support and solution groups of the organizations supported each year
(`SupportPair`) and their counts (`SupportPairTally`).

SUPPORTED_ORGS's breakdowns by kind of support and by solution group count each organization
once per kind (group) of the support it received in the year, the ledger's and the courses'
together (`selectors.supported_breakdown(year, "kind"|"solution_group", other_support=…)`,
the live rule). Evaluated on the records that is a UNION over every activity of the year
joined to its solutions (the 7.5-million-row link table at 1,000,000 organizations): 19 s for
the two, in the annual report's request. The table keeps the pairs that rule counts, one row
per organization, year, source, dimension and key, and the tally their distinct organizations
per (year, dimension, key): the breakdown reads a dozen rows.

The rule stays where it is: each source's rows are made by a function of the source
(`activity_rows` here; `trainings.support_pairs.course_rows`, registered by trainings) as
querysets of (organization, year, source, dimension, key). `store` is the one function that
writes the tables: `supported.activities_changed` and `trainings.supported.courses_changed`
(every service, import and admin edit that writes activities, their solutions, courses or
enrollments) call it with the organizations and years their write touched, inside the same
transaction, after `supported.store` locked those organizations' rows; it makes their rows
equal the live rule again and adds the difference (pairs appearing or disappearing, whatever
the source) to the counts. `rebuild` makes every row again, set-based (the aggregates hook,
the data migration).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from functools import reduce
from operator import or_

from django.db import connection, transaction
from django.db.models import CharField, Count, F, Q, QuerySet, Value
from django.db.models.functions import ExtractYear

from . import selectors
from .models import Solution, SupportActivity, SupportPair, SupportPairTally, SupportYear
from .tally_rows import add_to_tally

KIND = SupportPair.Dimension.KIND
SOLUTION_GROUP = SupportPair.Dimension.SOLUTION_GROUP
ACTIVITY = SupportYear.Source.ACTIVITY
COURSE = SupportYear.Source.COURSE

# The columns every source's querysets select, in this order.
COLUMNS = ("organization_id", "row_year", "row_source", "row_dimension", "row_key")

# A source's rows: (organization ids or None for all, years or None for all) -> querysets.
LiveRows = Callable[[list[int] | None, list[int] | None], list[QuerySet]]

SOURCES: dict[str, LiveRows] = {}


def register(source: str, live: LiveRows) -> None:
    SOURCES[source] = live


def _years(values: Iterable | None) -> list[int] | None:
    if values is None:
        return None
    years = set()
    for value in values:
        if isinstance(value, dt.date):
            years.add(value.year)
        elif isinstance(value, int):
            years.add(value)
    return sorted(years)


def years_q(field: str, years: list[int]) -> Q:
    """`field` (a date) in one of `years`, as ranges (the date's index serves them)."""
    return reduce(
        or_,
        [
            Q(**{f"{field}__gte": dt.date(y, 1, 1), f"{field}__lte": dt.date(y, 12, 31)})
            for y in years
        ],
    )


def columns(queryset: QuerySet, year, source: str, dimension: str, key) -> QuerySet:
    """The distinct rows of `queryset` as `COLUMNS`."""
    return (
        queryset.order_by()
        .annotate(
            row_year=year,
            row_source=Value(str(source), output_field=CharField()),
            row_dimension=Value(str(dimension), output_field=CharField()),
            row_key=key,
        )
        .values_list(*COLUMNS)
        .distinct()
    )


def activity_rows(organization_ids: list[int] | None, years: list[int] | None) -> list[QuerySet]:
    """The ledger's pairs (`selectors.supported_breakdown`'s rule): a recorded activity's kind,
    and the group of each of its solutions, in the year of its date."""
    activities = selectors.recorded_activities()
    if organization_ids is not None:
        activities = activities.filter(organization_id__in=organization_ids)
    if years is not None:
        activities = activities.filter(years_q("date", years))
    year = ExtractYear("date")
    return [
        columns(activities, year, ACTIVITY, KIND, F("kind")),
        columns(
            activities.filter(solutions__isnull=False),
            year,
            ACTIVITY,
            SOLUTION_GROUP,
            F("solutions__group"),
        ),
    ]


register(ACTIVITY, activity_rows)


# --- writing ------------------------------------------------------------------------------


def _insert(queryset: QuerySet) -> None:
    sql, params = queryset.query.sql_with_params()
    table = connection.ops.quote_name(SupportPair._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (organization_id, year, source, dimension, key) {sql}",  # noqa: S608
            params,
        )


def _present(rows: QuerySet[SupportPair]) -> set[tuple]:
    return set(
        rows.order_by().values_list("organization_id", "year", "dimension", "key").distinct()
    )


@transaction.atomic
def store(source: str, organization_ids: Iterable[int], years: Iterable | None) -> None:
    """Make the rows of `source` for `organization_ids` in `years` (years or dates; None:
    every year) equal the live rule, and the counts follow: a pair counts once per
    organization, whatever its sources. The caller holds the organizations' row locks
    (`supported.store`), so two writes to one organization never count a pair twice."""
    ids = sorted({pk for pk in organization_ids if pk})
    wanted = _years(years)
    if not ids or wanted == []:
        return
    rows = SupportPair.objects.filter(organization_id__in=ids)
    if wanted is not None:
        rows = rows.filter(year__in=wanted)
    before = _present(rows)
    rows.filter(source=source).delete()
    for queryset in SOURCES[source](ids, wanted):
        _insert(queryset)
    after = _present(rows)
    deltas: Counter = Counter()
    for _pk, year, dimension, key in after - before:
        deltas[(year, dimension, key)] += 1
    for _pk, year, dimension, key in before - after:
        deltas[(year, dimension, key)] -= 1
    _apply(deltas)


def _apply(deltas: Counter) -> None:
    add_to_tally(SupportPairTally, deltas)


def activities_changed(organization_ids: Iterable[int], dates: Iterable) -> None:
    """Called by `supported.activities_changed` (every write of activities and their
    solutions) with the organizations and the dates (old and new) the write touched."""
    store(ACTIVITY, organization_ids, dates)


@transaction.atomic
def solution_regrouped(solution_id: int, group_before: str | None, group_after: str) -> None:
    """After a solution's group changed (`services.solution_save`, the admin): every pair of
    the organizations with an activity or a course using it again, every year."""
    if group_before is None or group_before == group_after:
        return
    from .models import Organization

    users = set(
        SupportActivity.objects.filter(solutions=solution_id)
        .order_by()
        .values_list("organization_id", flat=True)
        .distinct()
    )
    users |= set(
        SupportPair.objects.filter(dimension=SOLUTION_GROUP, key=group_before)
        .order_by()
        .values_list("organization_id", flat=True)
        .distinct()
    )
    ids = list(
        Organization.objects.filter(pk__in=users)
        .order_by("pk")
        .select_for_update(no_key=True)
        .values_list("pk", flat=True)
    )
    for source in SOURCES:
        store(source, ids, None)


# --- reading ------------------------------------------------------------------------------


def breakdown(year: int, by: str) -> list[dict]:
    """`selectors.supported_breakdown(year, by, other_support=<the courses' pairs>)` for `by`
    "kind" or "solution_group", read from the kept counts: the same rows, a dozen read."""
    if by not in (KIND, SOLUTION_GROUP):
        raise ValueError(f"by must be {KIND!r} or {SOLUTION_GROUP!r}, not {by!r}")
    labels = dict(Solution.Group.choices if by == SOLUTION_GROUP else SupportActivity.Kind.choices)
    rows = (
        SupportPairTally.objects.filter(year=year, dimension=by, count__gt=0)
        .order_by()
        .values_list("key", "count")
    )
    return selectors._largest_first(
        [{"key": key, "label": str(labels.get(key, key)), "count": count} for key, count in rows]
    )


# --- the rebuild hook ---------------------------------------------------------------------


def live_tally() -> dict[tuple[int, str, str], int]:
    """Every count computed from the pairs (what the tally must equal)."""
    rows = (
        SupportPair.objects.order_by()
        .values("year", "dimension", "key")
        .annotate(n=Count("organization_id", distinct=True))
    )
    return {(row["year"], row["dimension"], row["key"]): row["n"] for row in rows}


def clear() -> None:
    SupportPair.objects.all().delete()
    SupportPairTally.objects.all().delete()


@transaction.atomic
def rebuild() -> None:
    """Every pair again from every source (one INSERT … SELECT DISTINCT per source and
    dimension), then every count from the pairs."""
    clear()
    for live in SOURCES.values():
        for queryset in live(None, None):
            _insert(queryset)
    SupportPairTally.objects.bulk_create(
        [
            SupportPairTally(year=year, dimension=dimension, key=key, count=count)
            for (year, dimension, key), count in sorted(live_tally().items())
        ]
    )
