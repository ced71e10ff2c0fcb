"""The persons trained each year (trainings.PersonTrainedYear), kept by the writing services:
after any sequence of writes the table equals the live rules, the figures read from it equal
the drill-downs' lists (each person once), and a rebuild from scratch gives the same rows."""

import collections
import datetime as dt
import random

import pytest
from django.db import connection
from django.db.models.functions import Lower
from django.test.utils import CaptureQueriesContext

from reports.figures import FigureBook
from reports.models import Indicator
from reports.registry import REGISTRY, Scope
from trainings import aggregates, persons, selectors
from trainings import services as training_services
from trainings.models import Course, Enrollment, PersonTrainedCount, PersonTrainedYear

from .factories import CourseFactory, EnrollmentFactory

YEARS = (2023, 2024, 2025)
PHASE_START = 2021
C = PersonTrainedYear.Category
KINDS = [Course.Kind.IN_DEPTH, Course.Kind.MANAGEMENT, Course.Kind.AWARENESS, Course.Kind.TOOL]
# A handful of people, so the same person turns up in several courses and years, in capitals
# and not (a person is their lower-case e-mail).
PEOPLE = ["an@example.vn", "Binh@Example.vn", "chi@example.vn", "dung@example.vn"]


def live(category: str) -> set[tuple[int, str]]:
    """(year, person) of the enrollments the rule of `category` counts, from the records."""
    return {
        (enrollment.course.ends_on.year, enrollment.email.lower())
        for enrollment in Enrollment.objects.filter(
            selectors.PERSON_RULES[category]
        ).select_related("course")
    }


def kept(category: str) -> set[tuple[int, str]]:
    return set(PersonTrainedYear.objects.filter(category=category).values_list("year", "person"))


def persons_listed(queryset) -> int:
    return queryset.order_by().annotate(p=Lower("email")).values("p").distinct().count()


def assert_table_is_the_rule():
    for category in C.values:
        assert kept(category) == live(category), category
    # The kept counts are the rows per category and year (no row for a year without one).
    expected = collections.Counter(
        PersonTrainedYear.objects.values_list("category", "year").order_by()
    )
    counts = PersonTrainedCount.objects.values_list("category", "year", "persons")
    assert {(category, year): n for category, year, n in counts} == dict(expected)
    for year in YEARS:
        start = PHASE_START
        # What each figure counts is what its drill-down lists, each person once.
        in_depth = selectors.persons_trained_in_depth(start, year)
        assert in_depth.count() == persons_listed(in_depth)
        assert selectors.persons_trained_in_depth_count(start, year) == in_depth.count()
        assert selectors.persons_trained_in_depth_count(year, year) == (
            selectors.persons_trained_in_depth(year, year).count()
        )
        assert selectors.management_staff_trained_count(start, year) == persons_listed(
            selectors.management_staff_trained(start, year)
        )
        assert selectors.awareness_participants_count(year) == persons_listed(
            selectors.awareness_participants(year)
        )
    # The grouped reads of a whole series say the same as one span at a time.
    for category in C.values:
        cumulative = selectors.persons_counted_cumulative(category, PHASE_START, YEARS)
        per_year = selectors.persons_counted_per_year(category, YEARS)
        for year in YEARS:
            assert cumulative[year] == selectors.persons_counted(category, PHASE_START, year)
            assert per_year[year] == selectors.persons_counted(category, year, year)


def _results(rng, courses, staff_user):
    course = Course.objects.get(pk=rng.choice(courses).pk)
    rows = []
    for enrollment in course.enrollments.exclude(status=Enrollment.Status.CANCELLED):
        attended = rng.random() < 0.7
        result = rng.choice(["", "passed", "failed"]) if attended else ""
        if enrollment.certificate_is_valid and result != "passed":
            continue  # a certificate is revoked before its result changes: left as it is
        rows.append({"enrollment": enrollment, "attended": attended, "result": result})
    if rows:
        training_services.course_results_record(course=course, results=rows, by=staff_user)


def _move_course(rng, courses, staff_user):
    course = Course.objects.get(pk=rng.choice(courses).pk)
    year = rng.choice(YEARS)
    training_services.course_update(
        course=course,
        starts_on=dt.date(year, 3, 1),
        ends_on=dt.date(year, 3, 2),
        kind=rng.choice(KINDS),
        by=staff_user,
    )


def _cancel(rng, staff_user):
    enrollment = (
        Enrollment.objects.filter(status__in=(Enrollment.Status.CONFIRMED,)).order_by("?").first()
    )
    if enrollment is not None:
        training_services.enrollments_cancel_bulk(
            course=enrollment.course, enrollment_ids=[enrollment.pk], by=staff_user
        )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_writes_through_the_services_keep_the_table_equal_to_the_rules(seed, staff_user):
    rng = random.Random(seed)
    courses = []
    for index, kind in enumerate(KINDS * 2):
        year = YEARS[index % len(YEARS)]
        course = CourseFactory(
            kind=kind,
            status=Course.Status.CLOSED,
            starts_on=dt.date(year, 4, 1),
            ends_on=dt.date(year, 4, 3),
        )
        for email in rng.sample(PEOPLE, 3):
            EnrollmentFactory(course=course, email=email, status=Enrollment.Status.CONFIRMED)
        courses.append(course)
    assert_table_is_the_rule()
    actions = ["results", "results", "results", "course", "cancel"] * 5
    rng.shuffle(actions)
    most = 0
    for action in actions:
        if action == "results":
            _results(rng, courses, staff_user)
        elif action == "course":
            _move_course(rng, courses, staff_user)
        else:
            _cancel(rng, staff_user)
        assert_table_is_the_rule()
        most = max(most, PersonTrainedYear.objects.count())
    assert most > 0  # something was counted, or the test proves little

    # A rebuild from scratch (the hook after bulk loads) gives the same rows.
    before = sorted(PersonTrainedYear.objects.values_list("category", "year", "person"))
    aggregates.clear()
    assert not PersonTrainedYear.objects.exists()
    aggregates.rebuild()
    assert sorted(PersonTrainedYear.objects.values_list("category", "year", "person")) == before
    assert_table_is_the_rule()


def test_the_rebuild_fixes_rows_written_past_the_services(db):
    course = CourseFactory(
        kind=Course.Kind.IN_DEPTH, starts_on=dt.date(2024, 6, 1), ends_on=dt.date(2024, 6, 3)
    )
    # Bulk writes (imports of old data, seed commands) bypass the services …
    Enrollment.objects.bulk_create(
        [
            Enrollment(
                course=course,
                full_name="Trần Thị Hoa",
                email="Hoa@Example.vn",
                status=Enrollment.Status.PASSED,
            )
        ]
    )
    assert selectors.persons_trained_in_depth_count(2021, 2024) == 0
    # … and the rebuild brings the table back to the rules.
    persons.rebuild()
    assert kept(C.IN_DEPTH) == {(2024, "hoa@example.vn")}
    assert selectors.persons_trained_in_depth_count(2021, 2024) == 1


def test_the_year_figures_of_persons_cost_a_query_or_two_for_the_whole_phase(db):
    for year in YEARS:
        course = CourseFactory(
            kind=Course.Kind.IN_DEPTH, starts_on=dt.date(year, 5, 1), ends_on=dt.date(year, 5, 2)
        )
        for email in PEOPLE[: year - 2021]:
            EnrollmentFactory(course=course, email=email, status=Enrollment.Status.PASSED)
    indicator = Indicator.objects.get(code="EXPERTS_TRAINED")
    book = FigureBook(indicators=[indicator], today=dt.date(2026, 1, 15))
    with CaptureQueriesContext(connection) as queries:
        figure = book.figure(indicator, 2025, live=True)
    kept_reads = [q for q in queries if "trainings_persontrainedyear" in q["sql"]]
    kept_reads += [q for q in queries if "trainings_persontrainedcount" in q["sql"]]
    assert len(kept_reads) == 2  # the cumulative series and the per-year counts
    # Distinct persons: PEOPLE[:2], PEOPLE[:3], PEOPLE[:4] over 2023–2025 are four people.
    assert figure["actual"] == 4
    assert [point["actual"] for point in figure["series"]] == [0, 0, 2, 3, 4]
    assert figure["details"]["this_year"] == 4
    # The batch gives what one scope at a time gives.
    computation = REGISTRY["EXPERTS_TRAINED"]
    scopes = [Scope(year=year, start_year=PHASE_START) for year in YEARS]
    assert computation.values(scopes) == {scope: computation.value(scope) for scope in scopes}
