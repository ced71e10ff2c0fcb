"""Who may see and do what with organizations and their records.

Program staff see everything. An enterprise user sees only the organizations it acts for
(an active membership) and their records; anyone else's ids give a 404, so a user cannot
even learn that another organization's record exists."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from portal.permissions import can_use_staff_workspace, require

from .models import (
    Membership,
    Organization,
    PilotModel,
    SupportActivity,
    SupportEvidence,
    SupportRequest,
    SupportRequestDocument,
)


def can_use_own_organization_pages(user) -> tuple[bool, str]:
    """The "my organization" pages: enterprise users, and program staff looking on."""
    if not user.is_authenticated:
        return False, _("Please sign in.")
    if user.is_enterprise_user or user.is_program_staff:
        return True, ""
    return False, _("This area is for representatives of registered organizations.")


own_organization_required = require(can_use_own_organization_pages)


def _own_org_ids(user):
    return Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).values(
        "organization_id"
    )


def _visible(qs: QuerySet, user, *, org_field: str = "organization_id", **extra) -> QuerySet:
    """All of `qs` for program staff; for an enterprise user, the rows of the organizations
    it acts for (and matching `extra`); nothing for anyone else."""
    if not user.is_authenticated:
        return qs.none()
    if user.is_program_staff:
        return qs
    if user.is_enterprise_user:
        return qs.filter(**{f"{org_field}__in": _own_org_ids(user)}, **extra)
    return qs.none()


def organizations_visible_to(user) -> QuerySet[Organization]:
    return _visible(Organization.objects.all(), user, org_field="pk")


def support_requests_visible_to(user) -> QuerySet[SupportRequest]:
    return _visible(SupportRequest.objects.all(), user)


def request_documents_visible_to(user) -> QuerySet[SupportRequestDocument]:
    return SupportRequestDocument.objects.filter(
        request__in=support_requests_visible_to(user).values("pk")
    )


def support_activities_visible_to(user) -> QuerySet[SupportActivity]:
    return _visible(SupportActivity.objects.all(), user, status=SupportActivity.Status.RECORDED)


def evidence_visible_to(user) -> QuerySet[SupportEvidence]:
    return SupportEvidence.objects.filter(
        activity__in=support_activities_visible_to(user).values("pk")
    )


def pilot_models_visible_to(user) -> QuerySet[PilotModel]:
    return _visible(PilotModel.objects.all(), user)


def get_visible_organization(user, pk) -> Organization:
    return get_object_or_404(organizations_visible_to(user).select_related("commune"), pk=pk)


def can_request_support(user, organization: Organization) -> tuple[bool, str]:
    if organization.status != Organization.Status.ACTIVE:
        return False, _("Support can be requested once the registration is approved.")
    return True, ""


def can_edit_profile(user, organization: Organization) -> tuple[bool, str]:
    if organization.status == Organization.Status.REJECTED:
        return False, _("A rejected registration can no longer be edited.")
    return True, ""


def can_resubmit(user, organization: Organization) -> tuple[bool, str]:
    if organization.status != Organization.Status.CHANGES_REQUESTED:
        return False, _("Only a registration returned for changes can be resubmitted.")
    return True, ""


# --- Who may make a change (checked by the service: `authorize(by, rule, record)`) ---------


def can_review_organizations(user, *records) -> tuple[bool, str]:
    """Registrations, profiles, memberships and name or tax-code changes: program staff."""
    return can_use_staff_workspace(user)


def can_keep_support_records(user, *records) -> tuple[bool, str]:
    """The support ledger, requests' answers, solutions, pilot models and the industry
    concordance: program staff."""
    return can_use_staff_workspace(user)


def can_act_for_organization(user, organization: Organization) -> tuple[bool, str]:
    """A representative's own organization actions (edit the profile, resubmit, ask for or
    withdraw support): its active members, and program staff acting for it."""
    if not user.is_authenticated:
        return False, _("Please sign in.")
    if user.is_program_staff:
        return True, ""
    if (
        user.is_enterprise_user
        and Membership.objects.filter(
            user=user, organization_id=organization.pk, status=Membership.Status.ACTIVE
        ).exists()
    ):
        return True, ""
    return False, _("You do not act for this organization.")
