"""The enterprises app's part of signing in (a `portal.hooks` module).

An account made by the public registration or join form stays inactive until its owner opens
the confirmation link. The sign-in form asks these functions, only after the password was found
right, whether the account is waiting for that and to send the link again.
"""

from __future__ import annotations

from portal.queueing import enqueue_on_commit

from . import tasks
from .models import Membership, Organization


def _pending_confirmation(user):
    """(organization, membership) the confirmation link is for, or None."""
    if user.is_active or user.last_login is not None:
        return None  # a deactivated account is not one waiting for its confirmation
    memberships = Membership.objects.filter(user=user).select_related("organization")
    for membership in memberships:
        if membership.organization.status == Organization.Status.DRAFT:
            return membership.organization, None
    for membership in memberships:
        if membership.status == Membership.Status.PENDING:
            return None, membership
    return None


def awaiting_confirmation(user) -> bool:
    return _pending_confirmation(user) is not None


def resend_confirmation(user) -> bool:
    pending = _pending_confirmation(user)
    if pending is None:
        return False
    organization, membership = pending
    enqueue_on_commit(
        tasks.send_email_confirmation_task,
        user.pk,
        organization_id=organization.pk if organization else None,
        membership_id=membership.pk if membership else None,
    )
    return True
