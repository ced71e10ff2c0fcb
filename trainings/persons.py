"""The pre-aggregated table of the persons trained each year (`PersonTrainedYear`).

EXPERTS_TRAINED, MGMT_TRAINED and AWARENESS_REACH count distinct persons (lower-case e-mail)
over the enrollments of a span of years; on the records that sorts every counted enrollment
of the span by e-mail (130–200 ms each at 200,000 organizations, several per page). The table
keeps, per category, the (year, person) pairs the live rules count, so a count reads one
index. The rules stay in `selectors.PERSON_RULES` (the drill-downs list the same
enrollments live); the table only stores what they answer.

`course_persons_changed` is the one function that writes it after a service's write: it is
called by the services that can move an enrollment in or out of a rule (results and
attendance: `course_results_record`; a course's kind or end: `course_update`). Cancelling,
confirming, registering and adding participants only touch statuses no rule counts
(registered, waitlisted, confirmed, cancelled), and no service changes an enrollment's
e-mail. `rebuild` fills the whole table again (after bulk loads, `trainings.aggregates`).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import CharField, Count, IntegerField, QuerySet, Value
from django.db.models.functions import ExtractYear, Lower

from . import selectors
from .models import Course, Enrollment, PersonTrainedCount, PersonTrainedYear


def live_rows(
    category: str, *, persons: Iterable[str] | None = None, years: Iterable[int] | None = None
) -> QuerySet:
    """(category, year, person) of the enrollments the rule of `category` counts, distinct,
    optionally only for these persons and course end years."""
    rows = Enrollment.objects.filter(selectors.PERSON_RULES[category])
    if years is not None:
        rows = rows.filter(course__ends_on__year__in=sorted(set(years)))
    rows = rows.annotate(row_person=Lower("email"))
    if persons is not None:
        rows = rows.filter(row_person__in=sorted(set(persons)))
    return (
        rows.annotate(
            row_category=Value(category, output_field=CharField()),
            row_year=ExtractYear("course__ends_on", output_field=IntegerField()),
        )
        .values_list("row_category", "row_year", "row_person")
        .order_by()
        .distinct()
    )


def _insert_from(rows: QuerySet) -> None:
    """INSERT … SELECT the rows of a `live_rows` queryset in one statement."""
    sql, params = rows.query.sql_with_params()
    table = connection.ops.quote_name(PersonTrainedYear._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (category, year, person) {sql}",  # noqa: S608
            params,
        )


@transaction.atomic
def store(persons: Iterable[str], years: Iterable[int]) -> None:
    """Make every category's rows of these persons in these years equal the live rules."""
    persons = sorted({person.lower() for person in persons if person})
    years = sorted({year for year in years if year})
    if not persons or not years:
        return
    PersonTrainedYear.objects.filter(person__in=persons, year__in=years).delete()
    for category in PersonTrainedYear.Category.values:
        _insert_from(live_rows(category, persons=persons, years=years))
    recount(years)


def recount(years: Iterable[int] | None = None) -> None:
    """Make `PersonTrainedCount` of these years (None: all) equal the rows of the table
    (one grouped INSERT … SELECT; a year with no row has no count)."""
    counts = PersonTrainedCount.objects.all()
    rows = PersonTrainedYear.objects.all()
    if years is not None:
        years = sorted(set(years))
        counts, rows = counts.filter(year__in=years), rows.filter(year__in=years)
    counts.delete()
    grouped = rows.order_by().values_list("category", "year").annotate(n=Count("*"))
    sql, params = grouped.query.sql_with_params()
    table = connection.ops.quote_name(PersonTrainedCount._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (category, year, persons) {sql}",  # noqa: S608
            params,
        )


def course_persons_changed(course: Course, *, years: Iterable = ()) -> None:
    """After a write to `course` or its enrollments' statuses: the rows of its people in the
    year it ends (and in `years`, years or dates, e.g. the year it ended before) equal the
    rules again."""
    persons = course.enrollments.order_by().values_list("email", flat=True).distinct()
    wanted = {course.ends_on.year}
    wanted.update(value if isinstance(value, int) else value.year for value in years if value)
    store(list(persons), wanted)


def clear() -> None:
    PersonTrainedCount.objects.all().delete()
    PersonTrainedYear.objects.all().delete()


def rebuild() -> None:
    """Every row again from the courses and enrollments (one INSERT … SELECT a category)."""
    with transaction.atomic():
        clear()
        for category in PersonTrainedYear.Category.values:
            _insert_from(live_rows(category))
        recount()
