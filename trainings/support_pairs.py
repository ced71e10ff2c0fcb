"""The courses' part of the kept kinds of support and solution groups (`enterprises.SupportPair`,
source "course"; see enterprises/support_pairs.py): the rule of
`selectors.course_support_pairs`, as rows the table stores. Registered as the course source
when the app is ready, so `enterprises.support_pairs.store` and `rebuild` reach it."""

from __future__ import annotations

from django.db.models import Case, CharField, F, QuerySet, Value, When
from django.db.models.functions import ExtractYear

from enterprises import support_pairs

from .models import Enrollment
from .selectors import ATTENDED_STATUSES, SUPPORT_COURSE_KINDS


def course_rows(organization_ids: list[int] | None, years: list[int] | None) -> list[QuerySet]:
    """A completed supporting course's kind of support, and the group of each of its
    solutions, for the organization of each person who completed it, in the year it ends."""
    completions = Enrollment.objects.filter(
        status__in=ATTENDED_STATUSES,
        course__kind__in=list(SUPPORT_COURSE_KINDS),
        organization__isnull=False,
    )
    if organization_ids is not None:
        completions = completions.filter(organization_id__in=organization_ids)
    if years is not None:
        completions = completions.filter(support_pairs.years_q("course__ends_on", years))
    year = ExtractYear("course__ends_on")
    kind = Case(
        *[
            When(course__kind=course, then=Value(str(support)))
            for course, support in SUPPORT_COURSE_KINDS.items()
        ],
        output_field=CharField(),
    )
    source = support_pairs.COURSE
    return [
        support_pairs.columns(completions, year, source, support_pairs.KIND, kind),
        support_pairs.columns(
            completions.filter(course__solutions__isnull=False),
            year,
            source,
            support_pairs.SOLUTION_GROUP,
            F("course__solutions__group"),
        ),
    ]


def courses_changed(organization_ids, years) -> None:
    """Called by `trainings.supported.courses_changed` with the course's organizations and
    years (every write of a course, its solutions or its enrollments' results and links)."""
    support_pairs.store(support_pairs.COURSE, organization_ids, years)


support_pairs.register(support_pairs.COURSE, course_rows)
