"""The courses' part of the organizations supported each year (`enterprises.models.SupportYear`,
source "course"): kept by the services that record course results, link a participant to an
organization or move a course's end, through `courses_changed`; see enterprises/supported.py."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Max, Min

from enterprises import supported
from enterprises.models import SupportYear

from . import selectors, support_pairs
from .models import Course, Enrollment


def courses_changed(course: Course, *, years: Iterable = (), organization_ids=()) -> None:
    """After a write to `course` or its enrollments: its organizations' rows in the year it
    ends (and in `years`, e.g. the year it ended before) equal the rule again.
    `organization_ids` adds organizations no longer on the list (a link removed)."""
    organizations = set(
        Enrollment.objects.filter(course=course, organization__isnull=False)
        .order_by()
        .values_list("organization_id", flat=True)
        .distinct()
    )
    organizations.update(organization_ids)
    supported.store(
        supported.COURSE,
        organizations,
        [course.ends_on, *years],
        selectors.organizations_trained_in,
    )
    support_pairs.courses_changed(organizations, [course.ends_on, *years])


def rebuild_courses() -> None:
    """Every COURSE row again from the courses and enrollments (INSERT … SELECT a year at
    a time)."""
    bounds = Course.objects.aggregate(first=Min("ends_on"), last=Max("ends_on"))
    with transaction.atomic():
        SupportYear.objects.filter(source=supported.COURSE).delete()
        if bounds["first"] is not None:
            years = range(bounds["first"].year, bounds["last"].year + 1)
            supported.store(supported.COURSE, None, years, selectors.organizations_trained_in)


def clear() -> None:
    """Empty the table (before raw deletes of organizations; `rebuild` fills it again)."""
    SupportYear.objects.all().delete()


def rebuild() -> None:
    """The whole table from scratch: the ledger's rows and the courses' rows."""
    with transaction.atomic():
        supported.rebuild_activities()
        rebuild_courses()
