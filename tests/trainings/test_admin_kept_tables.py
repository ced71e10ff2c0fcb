"""A superuser's edits of courses and enrollments in the Django admin keep the tables kept
from them (the organizations supported each year and their counts, their kinds of support
and solution groups and those counts, the persons trained each year and their counts) as the
services do: after each edit, change form or delete, single or bulk, the tables equal a
rebuild from scratch."""

import datetime as dt

import pytest
from django.db import models
from django.db.models.fields.files import FieldFile
from django.urls import reverse

from enterprises import aggregates as enterprise_aggregates
from enterprises.models import (
    Solution,
    SupportPair,
    SupportPairTally,
    SupportTally,
    SupportYear,
)
from tests.portal.factories import UserFactory
from trainings import aggregates as training_aggregates
from trainings.models import Course, Enrollment, PersonTrainedCount, PersonTrainedYear

from .factories import CourseFactory, EnrollmentFactory, OrganizationFactory, SolutionFactory

pytestmark = pytest.mark.django_db

KEPT = {
    SupportYear: ("organization_id", "year", "source"),
    SupportTally: ("year", "dimension", "key", "count"),
    SupportPair: ("organization_id", "year", "source", "dimension", "key"),
    SupportPairTally: ("year", "dimension", "key", "count"),
    PersonTrainedYear: ("category", "year", "person"),
    PersonTrainedCount: ("category", "year", "persons"),
}


def kept() -> dict:
    """Every kept row (counts of zero are no count)."""
    rows = {}
    for model, fields in KEPT.items():
        queryset = model.objects.all()
        if "count" in fields:
            queryset = queryset.exclude(count=0)
        rows[model.__name__] = sorted(queryset.values_list(*fields))
    return rows


def assert_kept_is_a_rebuild() -> dict:
    """The kept tables equal what a rebuild from the records makes; returns them."""
    before = kept()
    enterprise_aggregates.clear()
    training_aggregates.clear()
    enterprise_aggregates.rebuild()
    training_aggregates.rebuild()
    assert before == kept()
    return before


def form_data(client, url: str, **changes) -> dict:
    """The admin change form's values as the browser would post them, with `changes`."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if isinstance(value, list | tuple | models.QuerySet):
            value = [getattr(item, "pk", item) for item in value]
        elif isinstance(value, models.Model):
            value = value.pk
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif value is None or isinstance(value, FieldFile):
            if value:
                continue  # a stored file stays as it is when none is posted
            value = ""
        elif value is True:
            value = "on"
        elif value is False:
            continue
        data[name] = value
    data.update(changes)
    return data


@pytest.fixture
def root_client(client):
    client.force_login(UserFactory(email="root@example.vn", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def world():
    standards = SolutionFactory(code="tcvn", group=Solution.Group.STANDARDS)
    tools = SolutionFactory(code="5s", group=Solution.Group.PRODUCTIVITY_TOOLS)
    first, second, third = OrganizationFactory(), OrganizationFactory(), OrganizationFactory()
    course = CourseFactory(
        kind=Course.Kind.IN_DEPTH,
        status=Course.Status.CLOSED,
        starts_on=dt.date(2024, 5, 6),
        ends_on=dt.date(2024, 5, 8),
        solutions=[standards],
    )
    other = CourseFactory(
        kind=Course.Kind.AWARENESS,
        status=Course.Status.CLOSED,
        starts_on=dt.date(2025, 3, 3),
        ends_on=dt.date(2025, 3, 4),
    )
    passed = EnrollmentFactory(course=course, organization=first, status="passed")
    attended = EnrollmentFactory(course=course, organization=second, status="attended")
    registered = EnrollmentFactory(course=other, organization=third, status="registered")
    # Both courses count: the edits below have rows to move.
    assert SupportYear.objects.filter(year=2024, source="course").count() == 2
    assert SupportPair.objects.filter(year=2024, source="course").exists()
    assert PersonTrainedYear.objects.filter(year=2024).exists()
    assert_kept_is_a_rebuild()
    return {
        "standards": standards,
        "tools": tools,
        "organizations": (first, second, third),
        "course": course,
        "other": other,
        "enrollments": (passed, attended, registered),
    }


def test_a_course_edited_in_the_admin_keeps_the_tables(root_client, world):
    course, tools = world["course"], world["tools"]
    url = reverse("admin:trainings_course_change", args=[course.pk])
    # Another year, another kind, another solution: every kept table of its people moves.
    response = root_client.post(
        url,
        form_data(
            root_client,
            url,
            kind=Course.Kind.AWARENESS,
            starts_on="2025-09-08",
            ends_on="2025-09-09",
            solutions=[tools.pk],
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    tables = assert_kept_is_a_rebuild()
    assert not SupportYear.objects.filter(year=2024).exists()
    assert ("2025", "solution_group", "productivity_tools") in {
        (str(y), d, k) for _o, y, _s, d, k in tables["SupportPair"]
    }
    assert not SupportPair.objects.filter(year=2025, key="standards").exists()
    assert SupportPair.objects.filter(year=2025, key="dissemination").count() == 2

    # Only its solutions changed (saved after the course, in `save_related`).
    response = root_client.post(url, form_data(root_client, url, solutions=[]))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert not SupportPair.objects.filter(dimension="solution_group").exists()
    assert_kept_is_a_rebuild()


def test_enrollments_edited_and_deleted_in_the_admin_keep_the_tables(root_client, world):
    passed, attended, registered = world["enrollments"]
    first, second, third = world["organizations"]
    # Linked to another organization, with another e-mail.
    url = reverse("admin:trainings_enrollment_change", args=[passed.pk])
    response = root_client.post(
        url, form_data(root_client, url, organization=third.pk, email="khac@example.vn")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert_kept_is_a_rebuild()
    assert set(SupportYear.objects.filter(year=2024).values_list("organization_id", flat=True)) == {
        second.pk,
        third.pk,
    }

    # A registration marked attended: its organization counts in its course's year.
    url = reverse("admin:trainings_enrollment_change", args=[registered.pk])
    response = root_client.post(url, form_data(root_client, url, status="attended"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert_kept_is_a_rebuild()
    assert SupportYear.objects.filter(year=2025, organization=third).exists()

    # Moved to the other course (another year).
    url = reverse("admin:trainings_enrollment_change", args=[attended.pk])
    response = root_client.post(url, form_data(root_client, url, course=world["other"].pk))
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert_kept_is_a_rebuild()
    assert SupportYear.objects.filter(year=2025, organization=second).exists()

    # Deleted, one on its page.
    delete = reverse("admin:trainings_enrollment_delete", args=[attended.pk])
    assert root_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Enrollment.objects.filter(pk=attended.pk).exists()
    assert_kept_is_a_rebuild()
    assert not SupportYear.objects.filter(organization=second).exists()

    # The rest by the list's bulk delete.
    response = root_client.post(
        reverse("admin:trainings_enrollment_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [passed.pk, registered.pk],
            "post": "yes",
        },
    )
    assert response.status_code == 302
    assert not Enrollment.objects.exists()
    assert_kept_is_a_rebuild()
    assert not SupportYear.objects.exists()
    assert not PersonTrainedYear.objects.exists()
    assert not SupportTally.objects.exclude(count=0).exists()


def test_courses_deleted_in_the_admin_keep_the_tables(root_client, world):
    empty = CourseFactory(starts_on=dt.date(2025, 1, 6), ends_on=dt.date(2025, 1, 7))
    delete = reverse("admin:trainings_course_delete", args=[empty.pk])
    assert root_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Course.objects.filter(pk=empty.pk).exists()
    assert_kept_is_a_rebuild()
    # A bulk delete of courses with enrollments is refused (they protect their course),
    # and the tables stay as they are.
    course = world["course"]
    response = root_client.post(
        reverse("admin:trainings_course_changelist"),
        {"action": "delete_selected", "_selected_action": [course.pk], "post": "yes"},
    )
    assert Course.objects.filter(pk=course.pk).exists(), response.status_code
    assert_kept_is_a_rebuild()
