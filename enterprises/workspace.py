from django.urls import reverse
from django.utils.translation import gettext as _

from portal.hooks import WorkItem

from . import selectors
from .models import Membership, Organization, SupportRequest


def staff_tasks(user) -> list[WorkItem]:
    review = reverse("enterprises:review_queue")
    return [
        WorkItem(
            _("Registrations to review"),
            selectors.organizations_pending_review().count(),
            review,
            urgent=True,
        ),
        WorkItem(
            _("Requests to join an organization"), selectors.memberships_pending().count(), review
        ),
        WorkItem(
            _("Changes of name or tax code"), selectors.change_requests_pending().count(), review
        ),
        WorkItem(
            _("Open support requests"),
            selectors.support_requests_open().count(),
            reverse("enterprises:staff_requests"),
        ),
    ]


def enterprise_tasks(user) -> list[WorkItem]:
    own = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).values(
        "organization_id"
    )
    items = [
        WorkItem(
            _("Your open support requests"),
            SupportRequest.objects.filter(
                organization_id__in=own, status__in=selectors.OPEN_REQUEST_STATUSES
            ).count(),
            reverse("enterprises:my_list"),
        )
    ]
    to_fix = Organization.objects.filter(
        pk__in=own, status=Organization.Status.CHANGES_REQUESTED
    ).count()
    if to_fix:
        items.append(
            WorkItem(
                _("Registrations to complete and resubmit"),
                to_fix,
                reverse("enterprises:my_list"),
                urgent=True,
            )
        )
    return items
