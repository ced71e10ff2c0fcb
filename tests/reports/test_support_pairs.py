"""The kinds of support and solution groups of the organizations supported each year
(enterprises.SupportPair) and their counts (SupportPairTally), kept by the writing services:
after any sequence of writes (activities and their solutions, course results, course edits,
claims, the ledger import, the admin, a solution regrouped) they equal the live rule, the
breakdowns read from them equal the live UNION … GROUP BY, a rebuild from scratch gives the
same rows, and the annual report's snapshot reads them in the same queries at any size."""

import datetime as dt
import random
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enterprises import aggregates as enterprise_aggregates
from enterprises import ledger_totals, support_pairs
from enterprises import selectors as enterprise_selectors
from enterprises import services as enterprise_services
from enterprises.models import Solution, SupportActivity, SupportPair, SupportPairTally
from reports.registry import supported_breakdown, supported_breakdown_live
from reports.snapshot import build_snapshot
from tests.enterprises.factories import valid_tax_code
from trainings import selectors as training_selectors
from trainings import services as training_services
from trainings.models import Course, Enrollment

from .factories import (
    CourseFactory,
    EnrollmentFactory,
    OrganizationFactory,
    SolutionFactory,
    SupportActivityFactory,
)
from .test_support_tally import _import_activities
from .test_support_years import YEARS, _cancel, _claim, _results, assert_table_is_the_rule

KINDS = list(SupportActivity.Kind.values)
DIMENSIONS = ("kind", "solution_group")


def live_pairs(year: int) -> dict[tuple[str, str], set[tuple[int, str]]]:
    """(source, dimension) -> the (organization, key) pairs the live rules count in `year`."""
    activities = enterprise_selectors.recorded_activities().filter(date__year=year)
    result = {
        ("activity", "kind"): set(activities.values_list("organization_id", "kind")),
        ("activity", "solution_group"): set(
            activities.filter(solutions__isnull=False).values_list(
                "organization_id", "solutions__group"
            )
        ),
    }
    for by in DIMENSIONS:
        result[("course", by)] = set(training_selectors.course_support_pairs(year, by))
    return result


def kept_pairs(year: int) -> dict[tuple[str, str], set[tuple[int, str]]]:
    result: dict = {(s, d): set() for s in ("activity", "course") for d in DIMENSIONS}
    for organization, source, dimension, key in SupportPair.objects.filter(year=year).values_list(
        "organization_id", "source", "dimension", "key"
    ):
        result[(source, dimension)].add((organization, key))
    return result


def by_key(rows: list[dict]) -> dict:
    return {(row["key"], str(row["label"])): row["count"] for row in rows}


def assert_pairs_are_the_rule():
    for year in YEARS:
        live = live_pairs(year)
        assert kept_pairs(year) == live, year
        for by in DIMENSIONS:
            union = live[("activity", by)] | live[("course", by)]
            expected = Counter(key for _organization, key in union)
            kept = dict(
                SupportPairTally.objects.filter(year=year, dimension=by, count__gt=0).values_list(
                    "key", "count"
                )
            )
            assert kept == dict(expected), (year, by)
            assert by_key(supported_breakdown(year, by)) == by_key(
                supported_breakdown_live(year, by)
            ), (year, by)
        assert not SupportPairTally.objects.filter(count__lt=0).exists()


def _random_date(rng) -> dt.date:
    return dt.date(rng.choice(YEARS), rng.randint(1, 12), rng.randint(1, 28))


def _record(rng, organizations, solutions, staff_user):
    enterprise_services.support_activity_record(
        organizations=rng.sample(organizations, rng.randint(1, 3)),
        by=staff_user,
        data={"date": _random_date(rng), "kind": rng.choice(KINDS), "title": "Hỗ trợ 5S"},
        solutions=rng.sample(solutions, rng.randint(0, 2)),
    )


def _update(rng, solutions, staff_user):
    activity = SupportActivity.objects.filter(status="recorded").order_by("?").first()
    if activity is not None:
        data = rng.choice([{"date": _random_date(rng)}, {"kind": rng.choice(KINDS)}, {}])
        enterprise_services.support_activity_update(
            activity=activity,
            by=staff_user,
            data=data,
            solutions=rng.sample(solutions, rng.randint(0, 2)),
        )


def _course_edit(rng, courses, solutions, staff_user):
    course = Course.objects.get(pk=rng.choice(courses).pk)
    year = rng.choice(YEARS)
    training_services.course_update(
        course=course,
        starts_on=dt.date(year, 3, 1),
        ends_on=dt.date(year, 3, 2),
        kind=rng.choice([Course.Kind.TOOL, Course.Kind.MANAGEMENT, Course.Kind.AWARENESS]),
        solutions=rng.sample(solutions, rng.randint(0, 2)),
        by=staff_user,
    )


def _regroup(rng, solutions, staff_user):
    solution = Solution.objects.get(pk=rng.choice(solutions).pk)
    solution.group = rng.choice(list(Solution.Group.values))
    enterprise_services.solution_save(solution=solution, by=staff_user)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_writes_through_the_services_keep_the_pairs_equal_to_the_rule(seed, staff_user):
    rng = random.Random(seed)
    organizations = [OrganizationFactory(tax_code=valid_tax_code(seed * 100 + i)) for i in range(8)]
    solutions = [
        SolutionFactory(code=f"gp-{seed}-{i}", group=group)
        for i, group in enumerate(list(Solution.Group.values)[:4])
    ]
    courses = []
    for index in range(3):
        course = CourseFactory(
            kind=Course.Kind.TOOL,
            status=Course.Status.CLOSED,
            starts_on=dt.date(YEARS[index], 4, 1),
            ends_on=dt.date(YEARS[index], 4, 3),
        )
        course.solutions.set(rng.sample(solutions, 2))
        for _ in range(4):
            EnrollmentFactory(
                course=course,
                status=Enrollment.Status.CONFIRMED,
                organization=rng.choice([*organizations, None]),
            )
        courses.append(course)
    assert_pairs_are_the_rule()
    actions = ["record", "record", "update", "cancel", "results", "course", "claim"] * 3
    actions += ["regroup", "import"] * 2
    rng.shuffle(actions)
    most = Counter()
    for action in actions:
        if action == "record":
            _record(rng, organizations, solutions, staff_user)
        elif action == "update":
            _update(rng, solutions, staff_user)
        elif action == "cancel":
            _cancel(rng, staff_user)
        elif action == "results":
            _results(rng, courses, staff_user)
        elif action == "course":
            _course_edit(rng, courses, solutions, staff_user)
        elif action == "claim":
            _claim(rng, organizations, staff_user)
        elif action == "regroup":
            _regroup(rng, solutions, staff_user)
        else:
            _import_activities(rng, organizations, staff_user)
        assert_pairs_are_the_rule()
        assert_table_is_the_rule()
        for (source, dimension), count in Counter(
            SupportPair.objects.values_list("source", "dimension")
        ).items():
            most[(source, dimension)] = max(most[(source, dimension)], count)
    # Every source and dimension had rows at some point, or the test proves little.
    assert set(most) == {(s, d) for s in ("activity", "course") for d in DIMENSIONS}, most

    # A rebuild from scratch (the aggregates hook) gives the same rows and counts.
    rows = sorted(
        SupportPair.objects.values_list("organization_id", "year", "source", "dimension", "key")
    )
    counts = sorted(
        SupportPairTally.objects.filter(count__gt=0).values_list(
            "year", "dimension", "key", "count"
        )
    )
    enterprise_aggregates.clear()
    assert not SupportPair.objects.exists()
    enterprise_aggregates.rebuild()
    assert (
        sorted(
            SupportPair.objects.values_list("organization_id", "year", "source", "dimension", "key")
        )
        == rows
    )
    assert (
        sorted(SupportPairTally.objects.values_list("year", "dimension", "key", "count")) == counts
    )
    assert_pairs_are_the_rule()


def test_a_superusers_admin_edit_of_an_activitys_solutions_keeps_the_pairs(db, client):
    from tests.portal.factories import UserFactory

    root = UserFactory(email="root@example.vn", is_staff=True, is_superuser=True)
    client.force_login(root)
    organization, other = OrganizationFactory(), OrganizationFactory()
    standards = SolutionFactory(code="tcvn", group=Solution.Group.STANDARDS)
    tools = SolutionFactory(code="5s", group=Solution.Group.PRODUCTIVITY_TOOLS)
    enterprise_services.support_activity_record(
        organizations=[organization],
        by=root,
        data={"date": dt.date(2024, 3, 1), "kind": "guidance", "title": "Hướng dẫn 5S"},
        solutions=[standards],
    )
    activity = SupportActivity.objects.get()
    response = client.post(
        reverse("admin:enterprises_supportactivity_change", args=[activity.pk]),
        {
            "organization": other.pk,
            "date": "2025-04-01",
            "kind": "consulting",
            "title": activity.title,
            "participants": 0,
            "state_budget": 0,
            "own_contribution": 0,
            "status": activity.status,
            "recorded_by": root.pk,
            "solutions": [tools.pk],
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert kept_pairs(2025)[("activity", "solution_group")] == {(other.pk, "productivity_tools")}
    assert kept_pairs(2025)[("activity", "kind")] == {(other.pk, "consulting")}
    assert_pairs_are_the_rule()
    # The solution regrouped in the admin: the pairs follow.
    response = client.post(
        reverse("admin:enterprises_solution_change", args=[tools.pk]),
        {"code": "5s", "name": tools.name, "group": "smart_tools", "order": 0, "is_active": "on"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert kept_pairs(2025)[("activity", "solution_group")] == {(other.pk, "smart_tools")}
    assert_pairs_are_the_rule()
    delete = reverse("admin:enterprises_supportactivity_delete", args=[activity.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not SupportPair.objects.exists()
    assert_pairs_are_the_rule()


def _supported(count: int, start: int, solutions) -> None:
    for index in range(start, start + count):
        organization = OrganizationFactory(tax_code=valid_tax_code(500 + index))
        SupportActivityFactory(
            organization=organization,
            date=dt.date(2025, 5, 1 + index % 28),
            kind=KINDS[index % len(KINDS)],
            solutions=[solutions[index % len(solutions)]],
        )


def test_the_snapshot_reads_the_kept_breakdowns_and_budget_in_the_same_queries(db):
    solutions = [
        SolutionFactory(code=f"gp-{i}", group=group)
        for i, group in enumerate(Solution.Group.values)
    ]
    course = CourseFactory(
        kind=Course.Kind.AWARENESS,
        status=Course.Status.CLOSED,
        starts_on=dt.date(2025, 4, 1),
        ends_on=dt.date(2025, 4, 3),
    )
    course.solutions.set(solutions[:2])
    _supported(3, 0, solutions)
    build_snapshot(2025)

    def measured():
        with CaptureQueriesContext(connection) as queries:
            snapshot = build_snapshot(2025)
        return len(queries), snapshot

    small, _snapshot = measured()
    _supported(40, 3, solutions)
    for index in range(5):  # course completions too
        EnrollmentFactory(
            course=course,
            status=Enrollment.Status.ATTENDED,
            organization=OrganizationFactory(tax_code=valid_tax_code(900 + index)),
        )
    # Bulk-created enrollments pass the services by: the hook brings the kept tables back.
    from trainings import aggregates as training_aggregates

    training_aggregates.rebuild()
    enterprise_aggregates.rebuild()
    large, snapshot = measured()
    assert small == large
    for by in DIMENSIONS:
        live = supported_breakdown_live(2025, by)
        assert by_key(snapshot["breakdowns"][by]) == by_key(live), by
        assert sum(row["count"] for row in live) >= 43
    expected = enterprise_selectors.support_budget_in(2025)
    assert snapshot["sections"]["support"]["budget"] == expected
    assert snapshot["sections"]["budget"]["support_budget"] == expected
    assert expected["activities"] == 43
    assert ledger_totals.year_budget(2025) == expected
    # Cancelled activities and other years' do not count (the kept cells are by status).
    SupportActivityFactory(
        organization=OrganizationFactory(tax_code=valid_tax_code(990)),
        date=dt.date(2025, 6, 1),
        status=SupportActivity.Status.CANCELLED,
    )
    SupportActivityFactory(
        organization=OrganizationFactory(tax_code=valid_tax_code(991)), date=dt.date(2024, 6, 1)
    )
    assert ledger_totals.year_budget(2025) == enterprise_selectors.support_budget_in(2025)
    assert support_pairs.breakdown(2025, "kind") == supported_breakdown(2025, "kind")
