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

The counts of those organizations (`SupportTally`: a year's total and its counts by commune,
industry code and size class) are kept here too, by the same writes: `store` counts an
organization in (out of) a year when its first (last) row of the year is written (deleted),
whatever the source, and `organizations_moving` moves it between groups when a service
changes the commune, industry or size of a supported organization. Both lock the
organizations' rows first (FOR NO KEY UPDATE, which foreign-key checks do not wait for), so
two writes to one organization cannot both count it in or out. `rebuild_tally` counts every
year again from `SupportYear`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import CharField, IntegerField, QuerySet, Value

from . import cab_strengthened, selectors, support_pairs
from .models import Organization, SupportTally, SupportYear
from .tally_rows import add_to_tally

TOTAL = SupportTally.Dimension.TOTAL
COMMUNE = SupportTally.Dimension.COMMUNE
INDUSTRY = SupportTally.Dimension.INDUSTRY
SIZE = SupportTally.Dimension.SIZE

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
    groups: dict[int, dict[str, str]] = {}
    if organization_ids is not None:
        organization_ids = sorted({pk for pk in organization_ids if pk})
        if not organization_ids:
            return
        groups = _lock(organization_ids)
    deltas: Counter = Counter()
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
        added, removed = counted_ids - kept_ids, kept_ids - counted_ids
        if removed:
            rows.filter(organization_id__in=removed).delete()
        SupportYear.objects.bulk_create(
            [SupportYear(organization_id=pk, year=year, source=source) for pk in sorted(added)],
            ignore_conflicts=True,  # a concurrent write stored it first: the same row
        )
        if added or removed:
            # An organization still counted by another source was, and stays, supported.
            others = set(
                SupportYear.objects.filter(year=year, organization_id__in=added | removed)
                .exclude(source=source)
                .values_list("organization_id", flat=True)
            )
            for pk in added - others:
                _count(deltas, year, groups[pk], +1)
            for pk in removed - others:
                _count(deltas, year, groups[pk], -1)
    _apply(deltas)


# --- The counts (SupportTally) ------------------------------------------------------------------

# The organization's columns each dimension's key is made of.
GROUP_FIELDS = (
    "commune_id",
    "industry_classification",
    "industry_code",
    "industry_section",
    "size_class",
)


def groups_of(row: dict) -> dict[str, str]:
    """The tally's key in each dimension for an organization (a `values(*GROUP_FIELDS)` row);
    `rebuild_tally`'s SQL makes the same keys."""
    return {
        TOTAL: "",
        COMMUNE: str(row["commune_id"]) if row["commune_id"] else "",
        INDUSTRY: industry_key(
            row["industry_classification"], row["industry_code"], row["industry_section"]
        ),
        SIZE: row["size_class"] or "",
    }


def industry_key(classification: str, code: str, section: str) -> str:
    return f"{classification}:{code or ''}:{section or ''}"


CHUNK = 5000


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _groups(
    ids: list[int], *, lock: bool, kinds: dict[int, str] | None = None
) -> dict[int, dict[str, str]]:
    """The organizations' groups (and, into `kinds`, their kinds: a CAB's strengthened years
    follow its kind), in the same statement."""
    groups = {}
    for chunk in _chunks(ids):
        organizations = Organization.objects.filter(pk__in=chunk).order_by("pk")
        if lock:
            organizations = organizations.select_for_update(no_key=True)
        for row in organizations.values("pk", "kind", *GROUP_FIELDS):
            groups[row["pk"]] = groups_of(row)
            if kinds is not None:
                kinds[row["pk"]] = row["kind"]
    return groups


def _lock(ids: list[int]) -> dict[int, dict[str, str]]:
    """Lock the organizations' rows (in id order) and read their groups: until the
    transaction ends no other write can count them in or out, or move them."""
    return _groups(ids, lock=True)


def _count(deltas: Counter, year: int, groups: dict[str, str], sign: int) -> None:
    for dimension, key in groups.items():
        deltas[(year, dimension, key)] += sign


def _apply(deltas: Counter) -> None:
    add_to_tally(SupportTally, deltas)


# The columns (attnames) a write must change for `organizations_moving` to have work.
MOVING_COLUMNS = frozenset({"kind", *GROUP_FIELDS})


@contextmanager
def organizations_moving(
    organization_ids: Iterable[int], *, changing: Iterable[str] | None = None
) -> Iterator[None]:
    """Around a write that may change organizations' commune, industry or size class
    (profile edits, approved change requests, imports): the counts of every year each is
    supported in follow it from its old group to its new one; and when it changes an
    organization's kind to or from CAB, its strengthened years (`cab_strengthened`) follow.

        with supported.organizations_moving([organization.pk], changing=["phone"]):
            organization.save(update_fields=["phone", "updated_at"])

    `changing` names the columns the write sets (attnames; None: any): a write that sets
    none of `MOVING_COLUMNS` moves nobody, so the rows are neither locked nor read.
    """
    if changing is not None and not MOVING_COLUMNS & set(changing):
        yield
        return
    ids = sorted({pk for pk in organization_ids if pk})
    kinds_before: dict[int, str] = {}
    kinds_after: dict[int, str] = {}
    with transaction.atomic():
        before = _groups(ids, lock=True, kinds=kinds_before) if ids else {}
        yield
        if not before:
            return
        after = _groups(ids, lock=False, kinds=kinds_after)
        cab = Organization.Kind.CONFORMITY_ASSESSMENT_BODY
        became_or_left_cab = [
            pk
            for pk in ids
            if pk in kinds_after and (kinds_before.get(pk) == cab) != (kinds_after[pk] == cab)
        ]
        if became_or_left_cab:  # every year of theirs again (a deleted one's rows cascade)
            cab_strengthened.store(became_or_left_cab)
        moved = [pk for pk in ids if before.get(pk) != after.get(pk)]
        if not moved:
            return
        deltas: Counter = Counter()
        for chunk in _chunks(moved):
            years = (
                SupportYear.objects.filter(organization_id__in=chunk)
                .order_by()
                .values_list("organization_id", "year")
                .distinct()
            )
            for pk, year in years:
                old, new = before[pk], after.get(pk)
                for dimension, key in old.items():
                    if new is None or new[dimension] != key:
                        deltas[(year, dimension, key)] -= 1
                        if new is not None:
                            deltas[(year, dimension, new[dimension])] += 1
        _apply(deltas)


def tally_total(year: int) -> int:
    """The organizations supported in `year` (SUPPORTED_ORGS), one row read."""
    count = (
        SupportTally.objects.filter(year=year, dimension=TOTAL, key="")
        .values_list("count", flat=True)
        .first()
    )
    return count or 0


# The key of each dimension in SQL, over the organization `o` (the same as `groups_of`).
TALLY_KEYS_SQL = {
    TOTAL: "''",
    COMMUNE: "COALESCE(CAST(o.commune_id AS VARCHAR(20)), '')",
    INDUSTRY: "o.industry_classification || ':' || o.industry_code || ':' || o.industry_section",
    SIZE: "o.size_class",
}


@transaction.atomic
def rebuild_tally() -> None:
    """Every count again from `SupportYear`, set-based (one INSERT … SELECT … GROUP BY per
    dimension): after `SupportYear` is rebuilt, or to repair the counts."""
    SupportTally.objects.all().delete()
    table = connection.ops.quote_name(SupportTally._meta.db_table)
    years = connection.ops.quote_name(SupportYear._meta.db_table)
    organizations = connection.ops.quote_name(Organization._meta.db_table)
    with connection.cursor() as cursor:
        for dimension, key in TALLY_KEYS_SQL.items():
            cursor.execute(
                f"INSERT INTO {table} (year, dimension, key, count) "  # noqa: S608
                f"SELECT s.year, %s, {key}, COUNT(DISTINCT s.organization_id) "
                f"FROM {years} s JOIN {organizations} o ON o.id = s.organization_id "
                "GROUP BY 1, 3",  # the year and the key (positions: a constant key too)
                [str(dimension)],
            )


def clear_tally() -> None:
    SupportTally.objects.all().delete()


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
    organization_ids, dates = list(organization_ids), list(dates)
    with transaction.atomic():
        store(ACTIVITY, organization_ids, dates, selectors.organizations_supported_in)
        # The CABs strengthened each year: the same writes, the same organizations (locked
        # by `store` above, in this transaction).
        cab_strengthened.store(organization_ids, dates)
        support_pairs.activities_changed(organization_ids, dates)  # kinds and solution groups


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
    _tally_year: int | None = None

    def _clone(self):
        clone = super()._clone()
        clone._ids, clone._where_size = self._ids, self._where_size
        clone._tally_year = self._tally_year
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
            if self._tally_year is not None:
                return tally_total(self._tally_year)
            return self._ids.order_by().distinct().count()
        return super().count()


def counted_from(ids: QuerySet, *, tally_year: int | None = None) -> QuerySet[Organization]:
    """The organizations whose ids `ids` (a `values("organization_id")` queryset) lists;
    with `tally_year`, `ids` are the year's `SupportYear` rows and the count is the year's
    kept total (`SupportTally`), one row."""
    queryset: CountedFromIndex = CountedFromIndex(model=Organization).filter(pk__in=ids)
    queryset._ids, queryset._where_size = ids, len(queryset.query.where.children)
    queryset._tally_year = tally_year
    return queryset


def supported_in(year: int) -> QuerySet[Organization]:
    """The organizations with a row in `year`, whatever the source: what SUPPORTED_ORGS
    counts (reports/registry.py), listed from the table's unique index and counted from the
    year's kept total (the same organizations, kept by the same writes)."""
    return counted_from(
        SupportYear.objects.filter(year=year).values("organization_id"), tally_year=year
    )
