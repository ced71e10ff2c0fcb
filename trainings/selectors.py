"""Reads other code reuses; the reports app counts training actuals through these.

People are counted as distinct persons (lower-case e-mail), not enrollments.
"""

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Lower

from .models import Contract, Course, Enrollment

ATTENDED_STATUSES = (Enrollment.Status.ATTENDED, Enrollment.Status.PASSED, Enrollment.Status.FAILED)


def _distinct_persons(enrollments) -> int:
    return enrollments.annotate(person=Lower("email")).values("person").distinct().count()


def persons_trained_in_depth(start_year: int, end_year: int) -> QuerySet[Enrollment]:
    """Enrollments that passed an in-depth course ending in the span (one row per person)."""
    return (
        Enrollment.objects.filter(
            status=Enrollment.Status.PASSED,
            course__kind=Course.Kind.IN_DEPTH,
            course__ends_on__year__gte=start_year,
            course__ends_on__year__lte=end_year,
        )
        .select_related("course", "organization")
        .order_by(Lower("email"), "course__ends_on")
        .distinct()
    )


def persons_trained_in_depth_count(start_year: int, end_year: int) -> int:
    return _distinct_persons(persons_trained_in_depth(start_year, end_year).order_by())


def management_staff_trained(start_year: int, end_year: int) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(
        status__in=ATTENDED_STATUSES,
        course__kind=Course.Kind.MANAGEMENT,
        course__ends_on__year__gte=start_year,
        course__ends_on__year__lte=end_year,
    ).select_related("course")


def management_staff_trained_count(start_year: int, end_year: int) -> int:
    return _distinct_persons(management_staff_trained(start_year, end_year).order_by())


def awareness_participants(year: int) -> QuerySet[Enrollment]:
    return Enrollment.objects.filter(
        status__in=ATTENDED_STATUSES,
        course__kind=Course.Kind.AWARENESS,
        course__ends_on__year=year,
    ).select_related("course", "organization")


def awareness_participants_count(year: int) -> int:
    return _distinct_persons(awareness_participants(year).order_by())


def courses_in(year: int) -> QuerySet[Course]:
    return (
        Course.objects.filter(starts_on__year=year)
        .exclude(status=Course.Status.CANCELLED)
        .annotate(
            enrolled=Count("enrollments", distinct=True),
        )
        .order_by("starts_on")
    )


def contracts_settled_in(year: int) -> QuerySet[Contract]:
    return Contract.objects.filter(
        status=Contract.Status.SETTLED, settled_on__year=year
    ).select_related("consultant")


def budget_settled_in(year: int) -> int:
    return contracts_settled_in(year).aggregate(total=Sum("settled_amount"))["total"] or 0


def contracts_active_in(year: int) -> QuerySet[Contract]:
    """Contracts signed in or before `year` and not closed before it (for the report annex)."""
    return (
        Contract.objects.filter(signed_on__year__lte=year)
        .exclude(settled_on__year__lt=year)
        .exclude(terminated_on__year__lt=year)
        .select_related("consultant")
        .order_by("signed_on")
    )
