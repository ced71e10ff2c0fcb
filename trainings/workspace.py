"""What waits on the role home pages: enrollments to confirm, courses starting soon, contracts
awaiting acceptance or settlement; for enterprises, their staff's upcoming courses."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.hooks import WorkItem

from .models import Contract, Course, Enrollment
from .permissions import claims_awaiting, enrollments_visible_to

SOON_DAYS = 14
DUE_DAYS = 30


def staff_tasks(user) -> list[WorkItem]:
    today = timezone.localdate()
    courses = reverse("trainings:course_list")
    contracts = reverse("trainings:contract_list")
    to_confirm = Enrollment.objects.filter(
        status=Enrollment.Status.REGISTERED,
        course__status__in=(Course.Status.OPEN, Course.Status.CLOSED),
    ).count()
    starting_soon = Course.objects.filter(
        status__in=(Course.Status.OPEN, Course.Status.CLOSED),
        starts_on__gte=today,
        starts_on__lte=today + dt.timedelta(days=SOON_DAYS),
    ).count()
    awaiting_acceptance = Contract.objects.filter(
        status=Contract.Status.IN_PROGRESS,
        ends_on__lte=today + dt.timedelta(days=DUE_DAYS),
    ).count()
    awaiting_settlement = Contract.objects.filter(status=Contract.Status.ACCEPTED).count()
    return [
        WorkItem(_("Course registrations to confirm"), to_confirm, courses + "?status=open", True),
        WorkItem(_("Courses starting in the next two weeks"), starting_soon, courses),
        WorkItem(
            _("Contracts due for acceptance"),
            awaiting_acceptance,
            contracts + "?status=in_progress",
            True,
        ),
        WorkItem(
            _("Contracts awaiting settlement"), awaiting_settlement, contracts + "?status=accepted"
        ),
    ]


def enterprise_tasks(user) -> list[WorkItem]:
    upcoming = (
        enrollments_visible_to(user)
        .filter(
            course__starts_on__gte=timezone.localdate(),
            status__in=(
                Enrollment.Status.REGISTERED,
                Enrollment.Status.WAITLISTED,
                Enrollment.Status.CONFIRMED,
            ),
        )
        .exclude(course__status=Course.Status.CANCELLED)
        .count()
    )
    claims = claims_awaiting(user).count()
    return [
        WorkItem(_("Upcoming courses of your staff"), upcoming, reverse("trainings:my_courses")),
        WorkItem(
            _("Course registrations naming your organization, to confirm"),
            claims,
            reverse("trainings:my_courses"),
            urgent=True,
        ),
    ]
