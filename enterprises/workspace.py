from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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


# What happens next, by the registration's status (the enterprise's landing page).
NEXT_STEPS = {
    Organization.Status.DRAFT: gettext_lazy(
        "Open the link in the e-mail we sent to the representative: only then does the "
        "registration reach program staff."
    ),
    Organization.Status.PENDING: gettext_lazy(
        "Program staff review the registration and tell you the decision by e-mail. Until then "
        "you can read and correct your profile."
    ),
    Organization.Status.CHANGES_REQUESTED: gettext_lazy(
        "Correct the profile as asked below and send it again for review."
    ),
    Organization.Status.ACTIVE: gettext_lazy(
        "The registration is approved: you can request support, register for courses and "
        "apply for the National Quality Award."
    ),
    Organization.Status.REJECTED: gettext_lazy(
        "The registration was not accepted for the reason below. Contact program staff if you "
        "think it should be reviewed again."
    ),
    Organization.Status.INACTIVE: gettext_lazy(
        "The organization is no longer active in the program."
    ),
}
JOIN_NEXT_STEPS = {
    Membership.Status.PENDING: gettext_lazy(
        "Program staff check that you act for this organization and tell you by e-mail."
    ),
    Membership.Status.REJECTED: gettext_lazy(
        "Your request to act for this organization was refused."
    ),
}


def enterprise_blocks(user) -> list[dict]:
    """The status of each registration and request to join, with what happens next."""
    rows = []
    memberships = (
        Membership.objects.filter(user=user)
        .exclude(status=Membership.Status.REVOKED)
        .select_related("organization")
        .order_by("-created_at")
    )
    for membership in memberships:
        organization = membership.organization
        if membership.status == Membership.Status.ACTIVE:
            rows.append(
                {
                    "organization": organization,
                    "status": organization.status,
                    "label": organization.get_status_display(),
                    "reason": organization.status_reason
                    if organization.status
                    in (Organization.Status.REJECTED, Organization.Status.CHANGES_REQUESTED)
                    else "",
                    "next": NEXT_STEPS.get(organization.status, ""),  # type: ignore[call-overload]
                    "url": reverse("enterprises:my_detail", args=[organization.pk]),
                }
            )
        else:
            rows.append(
                {
                    "organization": organization,
                    "status": membership.status,
                    "label": _("Request to join: %(status)s")
                    % {"status": membership.get_status_display()},
                    "reason": "",
                    "next": JOIN_NEXT_STEPS.get(membership.status, ""),  # type: ignore[call-overload]
                    "url": "",
                }
            )
    if not rows:
        return []
    return [{"template": "enterprises/_registration_status.html", "rows": rows}]
