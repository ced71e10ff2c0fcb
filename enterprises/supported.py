"""The pre-aggregated table of the organizations supported each year (`SupportYear`).

"Organizations supported in a year" (reports' SUPPORTED_ORGS) is the union of two live rules:
a recorded support activity dated in the year (`selectors.organizations_supported_in`) and a
supporting course completed by the organization's people ending in the year
(`trainings.selectors.organizations_trained_in`). Evaluated on the records, the union reads
every activity and enrollment of the year (seconds at 200,000 organizations); the table keeps
its result, one row per organization, year and source, so the figure and its drill-down read
one index.

The rules stay where they are: the table only stores what they answer. `store` is the one
function that writes it: each writing service (activities here and in the ledger import,
course results and claims in trainings) calls it, through `activities_changed` or
`trainings.supported.courses_changed`, with the organizations and years its write touched;
`store` then makes those rows equal the live rule again. `manage.py rebuild_support_years`
(and seed_scale / seed_demo after their bulk inserts) rebuilds every row from scratch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.db import connection, transaction
from django.db.models import CharField, IntegerField, QuerySet, Value

from . import selectors
from .models import Organization, SupportYear

ACTIVITY = SupportYear.Source.ACTIVITY
COURSE = SupportYear.Source.COURSE


def _years(values: Iterable) -> list[int]:
    years = set()
    for value in values:
        if isinstance(value, dt.date):
            years.add(value.year)
        elif isinstance(value, int):
            years.add(value)
    return sorted(years)


@transaction.atomic
def store(
    source: str,
    organization_ids: Iterable[int] | None,
    years: Iterable,
    live: Callable[[int], QuerySet[Organization]],
) -> None:
    """Make the rows of `source` for `organization_ids` (None: every organization) in `years`
    (years or dates) equal the live rule: `live(year)` is the queryset of the organizations
    `source` counts in `year`."""
    wanted_years = _years(years)
    if organization_ids is not None:
        organization_ids = sorted({pk for pk in organization_ids if pk})
        if not organization_ids:
            return
    for year in wanted_years:
        rows = SupportYear.objects.filter(source=source, year=year)
        counted = live(year).order_by()
        if organization_ids is None:
            rows.delete()
            _insert_from(counted, year, source)
            continue
        rows = rows.filter(organization_id__in=organization_ids)
        counted_ids = set(counted.filter(pk__in=organization_ids).values_list("pk", flat=True))
        kept_ids = set(rows.values_list("organization_id", flat=True))
        if kept_ids - counted_ids:
            rows.filter(organization_id__in=kept_ids - counted_ids).delete()
        SupportYear.objects.bulk_create(
            [
                SupportYear(organization_id=pk, year=year, source=source)
                for pk in sorted(counted_ids - kept_ids)
            ],
            ignore_conflicts=True,  # a concurrent write stored it first: the same row
        )


def _insert_from(organizations: QuerySet[Organization], year: int, source: str) -> None:
    """INSERT … SELECT the organizations of a queryset as `year`, `source` rows, in one
    statement (no ids through Python, whatever their number)."""
    rows = organizations.annotate(
        row_year=Value(year, output_field=IntegerField()),
        row_source=Value(source, output_field=CharField()),
    ).values_list("pk", "row_year", "row_source")
    sql, params = rows.query.sql_with_params()
    table = connection.ops.quote_name(SupportYear._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (organization_id, year, source) {sql}",  # noqa: S608
            params,
        )


def activities_changed(organization_ids: Iterable[int], dates: Iterable) -> None:
    """Called by the services that record, change or cancel support activities, with the
    organizations and the dates (old and new) their write touched."""
    store(ACTIVITY, organization_ids, dates, selectors.organizations_supported_in)


def activity_years() -> list[int]:
    dates = selectors.recorded_activities().order_by().values_list("date", flat=True)
    first = dates.order_by("date").first()
    last = dates.order_by("-date").first()
    return list(range(first.year, last.year + 1)) if first and last else []


def rebuild_activities() -> None:
    """Every ACTIVITY row again from the ledger (a year at a time, INSERT … SELECT)."""
    with transaction.atomic():
        SupportYear.objects.filter(source=ACTIVITY).delete()
        store(ACTIVITY, None, activity_years(), selectors.organizations_supported_in)


class CountedFromIndex(QuerySet[Organization]):
    """Organizations listed by the ids of an index (`pk__in=<ids>`) whose `count()` reads
    the index alone (the distinct ids) instead of joining every organization: the ids come
    from a foreign key, so each is an organization and the two counts are the same number.

    Only the queryset as made counts this way, ordered or with related rows joined (which
    change no count); once filtered further (a search, a cursor), sliced or combined it
    counts the usual way."""

    _ids: QuerySet | None = None
    _where_size = 0

    def _clone(self):
        clone = super()._clone()
        clone._ids, clone._where_size = self._ids, self._where_size
        return clone

    def _as_made(self) -> bool:
        where = self.query.where
        return (
            self._ids is not None
            and where.connector == "AND"
            and not where.negated
            and len(where.children) == self._where_size
            and not self.query.is_sliced
            and not self.query.combinator
        )

    def count(self) -> int:
        if self._result_cache is None and self._as_made() and self._ids is not None:
            return self._ids.order_by().distinct().count()
        return super().count()


def counted_from(ids: QuerySet) -> QuerySet[Organization]:
    """The organizations whose ids `ids` (a `values("organization_id")` queryset) lists."""
    queryset: CountedFromIndex = CountedFromIndex(model=Organization).filter(pk__in=ids)
    queryset._ids, queryset._where_size = ids, len(queryset.query.where.children)
    return queryset


def supported_in(year: int) -> QuerySet[Organization]:
    """The organizations with a row in `year`, whatever the source: what SUPPORTED_ORGS
    counts (reports/registry.py), listed from the table's unique index and counted from it
    alone."""
    return counted_from(SupportYear.objects.filter(year=year).values("organization_id"))
