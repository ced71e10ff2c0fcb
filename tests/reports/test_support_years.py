"""The organizations supported each year (enterprises.SupportYear), kept by the writing
services: after any sequence of writes the table equals the live rule, and a rebuild from
scratch gives the same rows."""

import datetime as dt
import random

import pytest
from django.core.management import call_command

from enterprises import selectors as enterprise_selectors
from enterprises import services as enterprise_services
from enterprises.models import SupportActivity, SupportYear
from reports.registry import supported_organizations
from trainings import selectors as training_selectors
from trainings import services as training_services
from trainings import supported
from trainings.models import Course, Enrollment

from .factories import CourseFactory, EnrollmentFactory, OrganizationFactory

YEARS = (2023, 2024, 2025)


def live(year: int) -> dict[str, set[int]]:
    """What the rules (the selectors) count in `year`, by source."""
    return {
        SupportYear.Source.ACTIVITY: set(
            enterprise_selectors.organizations_supported_in(year).values_list("pk", flat=True)
        ),
        SupportYear.Source.COURSE: set(
            training_selectors.organizations_trained_in(year).values_list("pk", flat=True)
        ),
    }


def kept(year: int) -> dict[str, set[int]]:
    rows = SupportYear.objects.filter(year=year)
    return {
        source: set(rows.filter(source=source).values_list("organization_id", flat=True))
        for source in SupportYear.Source.values
    }


def assert_table_is_the_rule():
    for year in YEARS:
        assert kept(year) == live(year), year
        union = live(year)
        expected = union[SupportYear.Source.ACTIVITY] | union[SupportYear.Source.COURSE]
        assert set(supported_organizations(year).values_list("pk", flat=True)) == expected
        assert supported_organizations(year).count() == len(expected)


def _random_date(rng: random.Random) -> dt.date:
    return dt.date(rng.choice(YEARS), rng.randint(1, 12), rng.randint(1, 28))


def _record(rng, organizations, staff_user):
    chosen = rng.sample(organizations, rng.randint(1, 3))
    enterprise_services.support_activity_record(
        organizations=chosen,
        by=staff_user,
        data={
            "date": _random_date(rng),
            "kind": SupportActivity.Kind.GUIDANCE,
            "title": "Hướng dẫn áp dụng 5S",
        },
    )


def _move(rng, staff_user):
    activity = SupportActivity.objects.filter(status="recorded").order_by("?").first()
    if activity is not None:
        enterprise_services.support_activity_update(
            activity=activity, by=staff_user, data={"date": _random_date(rng)}
        )


def _cancel(rng, staff_user):
    activity = SupportActivity.objects.filter(status="recorded").order_by("?").first()
    if activity is not None:
        enterprise_services.support_activity_cancel(
            activity=activity, by=staff_user, reason="Ghi nhầm"
        )


def _results(rng, courses, staff_user):
    course = rng.choice(courses)
    rows = [
        {
            "enrollment": enrollment,
            "attended": (attended := rng.random() < 0.6),
            "result": rng.choice(["", "failed"]) if attended else "",
        }
        for enrollment in course.enrollments.all()
    ]
    training_services.course_results_record(course=course, results=rows, by=staff_user)


def _move_course(rng, courses, staff_user):
    course = rng.choice(courses)
    year = rng.choice(YEARS)
    training_services.course_update(
        course=course,
        starts_on=dt.date(year, 3, 1),
        ends_on=dt.date(year, 3, 2),
        kind=rng.choice([Course.Kind.TOOL, Course.Kind.MANAGEMENT, Course.Kind.AWARENESS]),
        by=staff_user,
    )


def _claim(rng, organizations, staff_user):
    enrollment = Enrollment.objects.filter(organization__isnull=True).order_by("?").first()
    if enrollment is not None:
        enrollment.claimed_organization = rng.choice(organizations)
        enrollment.save(update_fields=["claimed_organization"])
        training_services.enrollment_claim_decide(
            enrollment=enrollment, by=staff_user, confirm=rng.random() < 0.8
        )


@pytest.mark.parametrize("seed", [1, 2])
def test_random_writes_through_the_services_keep_the_table_equal_to_the_rule(seed, staff_user):
    rng = random.Random(seed)
    organizations = [OrganizationFactory() for _ in range(8)]
    courses = []
    for index in range(3):
        course = CourseFactory(
            kind=Course.Kind.TOOL,
            status=Course.Status.CLOSED,
            starts_on=dt.date(YEARS[index], 4, 1),
            ends_on=dt.date(YEARS[index], 4, 3),
        )
        for _ in range(4):
            EnrollmentFactory(
                course=course,
                status=Enrollment.Status.CONFIRMED,
                organization=rng.choice([*organizations, None]),
            )
        courses.append(course)
    assert_table_is_the_rule()
    actions = ["record", "record", "move", "cancel", "results", "course", "claim"] * 5
    rng.shuffle(actions)
    course_rows = 0
    for action in actions:
        if action == "record":
            _record(rng, organizations, staff_user)
        elif action == "move":
            _move(rng, staff_user)
        elif action == "cancel":
            _cancel(rng, staff_user)
        elif action == "results":
            _results(rng, courses, staff_user)
        elif action == "course":
            _move_course(rng, courses, staff_user)
        else:
            _claim(rng, organizations, staff_user)
        assert_table_is_the_rule()
        course_rows = max(course_rows, SupportYear.objects.filter(source="course").count())
    # Something was counted both ways, or the test proves little.
    assert SupportYear.objects.filter(source=SupportYear.Source.ACTIVITY).exists()
    assert course_rows > 0
    assert SupportActivity.objects.filter(status="cancelled").exists()

    # A rebuild from scratch gives the same rows.
    before = sorted(SupportYear.objects.values_list("organization_id", "year", "source"))
    SupportYear.objects.all().delete()
    call_command("rebuild_support_years", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(SupportYear.objects.values_list("organization_id", "year", "source")) == before
    assert_table_is_the_rule()


def test_the_rebuild_fixes_rows_written_past_the_services(staff_user):
    organization = OrganizationFactory()
    course = CourseFactory(
        kind=Course.Kind.AWARENESS, starts_on=dt.date(2024, 6, 1), ends_on=dt.date(2024, 6, 3)
    )
    # Bulk writes (imports of old data, seed commands) bypass the services …
    Enrollment.objects.bulk_create(
        [
            Enrollment(
                course=course,
                full_name="Trần Thị Hoa",
                email="hoa@example.vn",
                status=Enrollment.Status.ATTENDED,
                organization=organization,
            )
        ]
    )
    assert organization.pk not in set(supported_organizations(2024).values_list("pk", flat=True))
    # … and the rebuild brings the table back to the rule.
    supported.rebuild()
    assert set(supported_organizations(2024).values_list("pk", flat=True)) == {organization.pk}
    assert kept(2024) == live(2024)


def test_a_superusers_admin_edits_of_activities_keep_the_table_equal_to_the_rule(db, client):
    """The admin passes the services by: moving an activity to another year and another
    organization, deleting one, and the bulk delete each keep the kept rows right."""
    from django.urls import reverse

    from tests.portal.factories import UserFactory

    root = UserFactory(email="root@example.vn", is_staff=True, is_superuser=True)
    client.force_login(root)
    first, second = OrganizationFactory(), OrganizationFactory()
    for day in (1, 2, 3):
        enterprise_services.support_activity_record(
            organizations=[first],
            by=root,
            data={
                "date": dt.date(2024, 3, day),
                "kind": SupportActivity.Kind.GUIDANCE,
                "title": "Hướng dẫn áp dụng 5S",
            },
        )
    activities = list(SupportActivity.objects.order_by("date"))
    assert kept(2024)[SupportYear.Source.ACTIVITY] == {first.pk}

    moved = activities[0]
    response = client.post(
        reverse("admin:enterprises_supportactivity_change", args=[moved.pk]),
        {
            "organization": second.pk,
            "date": "2025-04-01",
            "kind": moved.kind,
            "title": moved.title,
            "participants": 0,
            "state_budget": 0,
            "own_contribution": 0,
            "status": moved.status,
            "recorded_by": root.pk,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert kept(2025)[SupportYear.Source.ACTIVITY] == {second.pk}
    assert_table_is_the_rule()

    delete = reverse("admin:enterprises_supportactivity_delete", args=[moved.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert kept(2025)[SupportYear.Source.ACTIVITY] == set()
    assert_table_is_the_rule()

    response = client.post(
        reverse("admin:enterprises_supportactivity_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [a.pk for a in activities[1:]],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert kept(2024)[SupportYear.Source.ACTIVITY] == set()
    assert_table_is_the_rule()
