"""What waits for each person about the award, shown on their home page."""

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.hooks import WorkItem

from . import selectors
from .models import Nomination, Review
from .permissions import organization_ids_of

SOON = dt.timedelta(days=14)


def staff_tasks(user) -> list[WorkItem]:
    counts = Nomination.objects.aggregate(
        to_check=Count(
            "id",
            filter=Q(status=Nomination.Status.DOSSIER_SUBMITTED, dossier_checked_at__isnull=True),
        ),
        to_assign=Count(
            "id",
            filter=Q(status=Nomination.Status.DOSSIER_SUBMITTED, reviews__isnull=True),
        ),
        to_decide=Count(
            "id",
            filter=Q(
                status=Nomination.Status.UNDER_REVIEW,
                reviews__status=Review.Status.SUBMITTED,
            ),
            distinct=True,
        ),
    )
    url = reverse("awards:nomination_list")
    return [
        WorkItem(
            _("Award dossiers to check"),
            counts["to_check"],
            f"{url}?status={Nomination.Status.DOSSIER_SUBMITTED}",
        ),
        WorkItem(
            _("Award nominations awaiting council assignment"),
            counts["to_assign"],
            f"{url}?status={Nomination.Status.DOSSIER_SUBMITTED}",
            urgent=True,
        ),
        WorkItem(
            _("Award nominations with reviews to decide on"),
            counts["to_decide"],
            f"{url}?status={Nomination.Status.UNDER_REVIEW}",
        ),
    ]


def council_tasks(user) -> list[WorkItem]:
    today = timezone.localdate()
    pending = Review.objects.filter(
        reviewer=user, nomination__status=Nomination.Status.UNDER_REVIEW
    ).exclude(status=Review.Status.SUBMITTED)
    counts = pending.aggregate(
        total=Count("id"),
        soon=Count("id", filter=Q(nomination__cycle__review_deadline__lte=today + SOON)),
    )
    return [
        WorkItem(
            _("Award reviews to submit"),
            counts["total"],
            reverse("awards:council_reviews"),
            urgent=bool(counts["soon"]),
        )
    ]


def enterprise_tasks(user) -> list[WorkItem]:
    today = timezone.localdate()
    mine = Nomination.objects.filter(organization_id__in=organization_ids_of(user))
    dossiers_due = mine.filter(
        status=Nomination.Status.REGISTERED,
        cycle__dossier_deadline__gte=today,
    )
    invited = mine.filter(
        status=Nomination.Status.ENCOURAGED,
        cycle__registration_opens__lte=today,
        cycle__registration_closes__gte=today,
    )
    open_cycles = selectors.open_cycles(today).exclude(
        nominations__in=mine.exclude(status=Nomination.Status.ENCOURAGED)
    )
    count = dossiers_due.count() + open_cycles.count()
    urgent = (
        dossiers_due.filter(cycle__dossier_deadline__lte=today + SOON).exists()
        or invited.filter(cycle__registration_closes__lte=today + SOON).exists()
    )
    return [
        WorkItem(
            _("Award deadlines coming up"),
            count,
            reverse("awards:my_nominations"),
            urgent=urgent,
        )
    ]
