"""Who may see and do what with award nominations.

Dossiers and scores reach only the organization (its active members), program staff and the
council members assigned to that nomination. Querysets come from `*_visible_to(user)`; the
`can_*` functions return (allowed, reason) so the UI can say why an action is not available.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.models import Membership
from portal.permissions import can_use_staff_workspace, require
from portal.transitions import can_transition

from .models import Nomination, NominationDocument, Review


def organization_ids_of(user) -> QuerySet:
    """Ids of the organizations `user` acts for (active memberships only)."""
    return Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).values(
        "organization_id"
    )


def can_use_awards(user) -> tuple[bool, str]:
    """Staff, enterprise representatives and council members (signed in: see `require`)."""
    if user.is_program_staff or user.is_enterprise_user or user.is_council_member:
        return True, ""
    return False, _("This page is for the award's participants.")


def can_open_reviews(user) -> tuple[bool, str]:
    if user.is_program_staff or user.is_council_member:
        return True, ""
    return False, _("Only program staff and council members see reviews.")


def nominations_visible_to(user) -> QuerySet[Nomination]:
    if not user.is_authenticated:
        return Nomination.objects.none()
    if user.is_program_staff:
        return Nomination.objects.all()
    condition = Q(pk__in=[])
    if user.is_enterprise_user:
        condition |= Q(organization_id__in=organization_ids_of(user))
    if user.is_council_member:
        condition |= Q(pk__in=Review.objects.filter(reviewer=user).values("nomination_id"))
    return Nomination.objects.filter(condition)


def documents_visible_to(user) -> QuerySet[NominationDocument]:
    return NominationDocument.objects.filter(
        nomination__in=nominations_visible_to(user).values("pk")
    )


def reviews_visible_to(user) -> QuerySet[Review]:
    """Staff see every review; a council member sees their own (others' scores only through
    `can_see_all_scores`)."""
    if not user.is_authenticated:
        return Review.objects.none()
    if user.is_program_staff:
        return Review.objects.all()
    if user.is_council_member:
        return Review.objects.filter(reviewer=user)
    return Review.objects.none()


def is_member(user, nomination: Nomination) -> bool:
    return (
        user.is_authenticated
        and user.is_enterprise_user
        and Membership.objects.filter(
            user=user,
            organization_id=nomination.organization_id,
            status=Membership.Status.ACTIVE,
        ).exists()
    )


def can_manage_awards(user) -> tuple[bool, str]:
    """Cycles, criteria and levels, mobilization, the preliminary check, assigning the
    council, recording its decision and the national result: program staff."""
    return can_use_staff_workspace(user)


def can_apply_for(user, organization) -> tuple[bool, str]:
    """Who may register an organization for a cycle: its representatives, or staff."""
    if user.is_program_staff:
        return True, ""
    if organization_ids_of(user).filter(organization_id=organization.pk).exists():
        return True, ""
    return False, _("You do not act for this organization.")


def can_represent(user, nomination: Nomination) -> tuple[bool, str]:
    """Who may change a dossier (files, self-assessment): the organization's representatives."""
    if not is_member(user, nomination):
        return False, _("Only the organization's representatives can edit its dossier.")
    return True, ""


def can_submit_dossier(user, nomination: Nomination) -> tuple[bool, str]:
    if not is_member(user, nomination):
        return False, _("Only the organization's representatives can submit its dossier.")
    return True, ""


def can_withdraw(user, nomination: Nomination) -> tuple[bool, str]:
    if user.is_program_staff or is_member(user, nomination):
        return True, ""
    return False, _("You cannot withdraw this nomination.")


def dossier_editable(nomination: Nomination) -> tuple[bool, str]:
    """Whether the dossier may still change, whoever asks: registered, before the deadline."""
    if nomination.status != Nomination.Status.REGISTERED:
        return False, _("The dossier has been submitted and can no longer be changed.")
    if not nomination.cycle.dossier_is_open(timezone.localdate()):
        return False, _("The dossier deadline (%(date)s) has passed.") % {
            "date": nomination.cycle.dossier_deadline.strftime("%d/%m/%Y")
        }
    return True, ""


def can_edit_dossier(user, nomination: Nomination) -> tuple[bool, str]:
    """The dossier's forms: who may, and whether it may still change."""
    allowed, reason = can_represent(user, nomination)
    if not allowed:
        return allowed, reason
    return dossier_editable(nomination)


def can_see_all_scores(user, nomination: Nomination) -> tuple[bool, str]:
    """Every council member's scores for this nomination: staff, and assigned council members
    once they have submitted their own review."""
    if not user.is_authenticated:
        return False, _("Please sign in.")
    if user.is_program_staff:
        return True, ""
    if user.is_council_member:
        own = Review.objects.filter(nomination=nomination, reviewer=user).first()
        if own is None:
            return False, _("You are not assigned to this nomination.")
        if own.status != Review.Status.SUBMITTED:
            return False, _("Submit your own review to see the other members' scores.")
        return True, ""
    return False, _("Only program staff and the assigned council members see the scores.")


def can_see_summary(user, nomination: Nomination) -> bool:
    """The organization sees the council's mean score once the provincial decision is made."""
    if can_see_all_scores(user, nomination)[0]:
        return True
    return nomination.is_decided and is_member(user, nomination)


def can_score_review(user, review: Review) -> tuple[bool, str]:
    """Who may score a review: its council member."""
    if review.reviewer_id != user.pk:
        return False, _("Only the assigned council member can score this review.")
    return True, ""


def review_open(review: Review) -> tuple[bool, str]:
    """Whether the review may still change, whoever asks."""
    allowed, reason = can_transition(review, "submit")
    if not allowed:
        return allowed, reason
    if review.nomination.status != Nomination.Status.UNDER_REVIEW:
        return False, _("The nomination is no longer under provincial review.")
    return True, ""


def can_score(user, review: Review) -> tuple[bool, str]:
    """The scoring form: who may, and whether the review may still change."""
    allowed, reason = can_score_review(user, review)
    if not allowed:
        return allowed, reason
    return review_open(review)


def ranking_nominations_for(user, queryset: QuerySet[Nomination]) -> QuerySet[Nomination]:
    """Staff rank every nomination; a council member only those they have scored and submitted."""
    if user.is_program_staff:
        return queryset
    submitted = Review.objects.filter(
        nomination=OuterRef("pk"), reviewer=user, status=Review.Status.SUBMITTED
    )
    return queryset.filter(Exists(submitted))


def can_see_ranking(user, cycle) -> tuple[bool, str]:
    if not user.is_authenticated:
        return False, _("Please sign in.")
    if user.is_program_staff:
        return True, ""
    if user.is_council_member:
        if Review.objects.filter(
            reviewer=user, nomination__cycle=cycle, status=Review.Status.SUBMITTED
        ).exists():
            return True, ""
        return False, _("The ranking opens to you once you have submitted a review.")
    return False, _("Only program staff and council members see the ranking.")


# Anonymous visitors get the sign-in page, others without the right a 403; which records they
# reach is then decided per object (404).
awards_user_required = require(can_use_awards)
reviewers_required = require(can_open_reviews)
