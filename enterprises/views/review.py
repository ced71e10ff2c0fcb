"""Staff review queue: registrations, requests to join, changes of name or tax code."""

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_form
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from portal import fragments
from portal.confirm import confirmation_page
from portal.permissions import staff_required
from portal.views.helpers import around_pk, flash_errors, keyset_paginate, require_post

from .. import registry_count, selectors, services
from ..filters import ReviewFilter
from ..forms import ReasonForm
from ..models import Membership, Organization, OrganizationChangeRequest

REVIEW_PAGE_SIZE = 25


# What the queue shows (portal.areas): the registrations, requests to join and changes
# waiting, the people asking, the communes. A write to support, courses or awards keeps it.
REVIEW_AREAS = ("organizations", "people", "program")


# Requests to join and changes of name shown at most (their totals are shown in full).
REVIEW_OTHERS_SHOWN = 25


def _first_and_total(queryset, shown: int):
    """(the first `shown` rows, how many there are): one query while they fit, two beyond."""
    rows = list(queryset[: shown + 1])
    total = len(rows) if len(rows) <= shown else queryset.count()
    return rows[:shown], total


@staff_required
def review_queue(request):
    def build():
        filterset = ReviewFilter(request.GET, queryset=selectors.review_queue_cards())
        # A page of registrations (thousands may wait at a province's scale: every one with
        # its forms was a 40-second page), from the partial index of pending registrations.
        # The total waiting: the registry's kept count of pending registrations when
        # unfiltered.
        count = registry_count.pending_counter(filterset)
        page, query = keyset_paginate(request, filterset.qs, per_page=REVIEW_PAGE_SIZE, count=count)
        question = _(
            "Reject the registration of %(name)s? The representative is told by e-mail "
            "and the decision cannot be undone."
        )
        page.object_list = list(page.object_list)
        for organization in page.object_list:
            organization.reject_question = question % {"name": organization.name}
        memberships, memberships_total = _first_and_total(
            selectors.memberships_pending(), REVIEW_OTHERS_SHOWN
        )
        changes, changes_total = _first_and_total(
            selectors.change_requests_pending(), REVIEW_OTHERS_SHOWN
        )
        context = {
            "filter": filterset,
            "page": page,
            "query": query,
            "memberships": memberships,
            "memberships_total": memberships_total,
            "change_requests": changes,
            "change_requests_total": changes_total,
            # The same reason form on every card: rendered once.
            "reason_form_html": as_crispy_form(ReasonForm()),
            "organization_url": around_pk("enterprises:organization_detail"),
            "approve_url": around_pk("enterprises:review_decide", "approve"),
            "changes_url": around_pk("enterprises:review_decide", "changes"),
            "reject_url": around_pk("enterprises:review_decide", "reject"),
        }
        return {"content": fragments.render_fragment("enterprises/_review_queue.html", context)}

    # The queue as of the last change of the registry (its forms carry the CSRF placeholder).
    key = "enterprises:review|" + request.get_full_path()
    return fragments.render_page(
        request, "enterprises/review_queue.html", key, build, depends_on=REVIEW_AREAS
    )


def _decide(request, action, success: str, *, needs_reason: bool):
    """Run a decision service with the posted reason; errors come back as messages."""
    form = ReasonForm(request.POST)
    try:
        if needs_reason:
            if not form.is_valid():
                raise ValidationError(_("Please give a reason."))
            action(reason=form.cleaned_data["reason"])
        else:
            action()
    except ValidationError as exc:
        flash_errors(request, exc)
        return False
    messages.success(request, success)
    return True


@staff_required
def review_decide(request, pk, decision):
    organization = get_object_or_404(Organization, pk=pk)
    if (response := require_post(request)) is not None:
        return response
    actions = {
        "approve": (
            lambda: services.organization_approve(organization=organization, by=request.user),
            _("The registration is approved; the representative is informed by e-mail."),
            False,
        ),
        "reject": (
            lambda reason: services.organization_reject(
                organization=organization, by=request.user, reason=reason
            ),
            _("The registration is rejected; the representative is informed by e-mail."),
            True,
        ),
        "changes": (
            lambda reason: services.organization_request_changes(
                organization=organization, by=request.user, reason=reason
            ),
            _("The representative is asked by e-mail to change the registration."),
            True,
        ),
    }
    action, success, needs_reason = actions[decision]
    # Ask first once the decision is complete (a missing reason is said at once).
    if (
        decision == "reject"
        and ReasonForm(request.POST).is_valid()
        and (
            page := confirmation_page(
                request,
                question=_(
                    "Reject the registration of %(name)s? The representative is told by e-mail "
                    "and the decision cannot be undone."
                )
                % {"name": organization.name},
                action_label=_("Reject"),
                back_url=reverse("enterprises:review_queue"),
            )
        )
    ):
        return page
    _decide(request, action, success, needs_reason=needs_reason)
    return redirect("enterprises:review_queue")


@staff_required
def membership_decide(request, pk, decision):
    membership = get_object_or_404(Membership, pk=pk)
    if (response := require_post(request)) is not None:
        return response
    if decision == "approve":
        _decide(
            request,
            lambda: services.membership_approve(membership=membership, by=request.user),
            _("The person can now act for the organization."),
            needs_reason=False,
        )
    else:
        _decide(
            request,
            lambda reason: services.membership_reject(
                membership=membership, by=request.user, reason=reason
            ),
            _("The request to join is refused."),
            needs_reason=True,
        )
    return redirect("enterprises:review_queue")


@staff_required
def change_decide(request, pk, decision):
    change = get_object_or_404(OrganizationChangeRequest, pk=pk)
    if (response := require_post(request)) is not None:
        return response
    if decision == "approve":
        _decide(
            request,
            lambda: services.change_request_approve(change=change, by=request.user),
            _("The new name and tax code apply."),
            needs_reason=False,
        )
    else:
        _decide(
            request,
            lambda reason: services.change_request_reject(
                change=change, by=request.user, reason=reason
            ),
            _("The change is refused."),
            needs_reason=True,
        )
    return redirect("enterprises:review_queue")
