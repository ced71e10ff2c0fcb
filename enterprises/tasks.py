"""E-mails about registrations, memberships and change requests. Tasks take ids, are
idempotent enough to run twice (an e-mail sent twice is the worst case), acknowledge late and
retry on transient errors (the mail server or the database briefly unavailable)."""

from __future__ import annotations

import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import OperationalError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from portal.models import User

from .models import Membership, Organization, ReviewDecision
from .services import confirmation_token

TRANSIENT = (smtplib.SMTPException, ConnectionError, TimeoutError, OperationalError)
TASK_OPTIONS = {
    "acks_late": True,
    "time_limit": 60,
    "soft_time_limit": 50,
    "autoretry_for": TRANSIENT,
    "retry_backoff": True,
    "retry_kwargs": {"max_retries": 5},
    "ignore_result": True,
}


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send(template: str, context: dict, recipients: list[str]) -> int:
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {**context, "site_url": settings.SITE_URL}
        subject = render_to_string(f"enterprises/email/{template}_subject.txt", context)
        body = render_to_string(f"enterprises/email/{template}.txt", context)
    return send_mail(" ".join(subject.split()), body, None, recipients)


def _representatives(organization) -> list[str]:
    emails = list(
        organization.memberships.filter(
            status=Membership.Status.ACTIVE, user__is_active=True
        ).values_list("user__email", flat=True)
    )
    return emails or [organization.contact_email or organization.email]


@shared_task(**TASK_OPTIONS)
def send_email_confirmation_task(
    user_id: int, organization_id: int | None = None, membership_id: int | None = None
) -> int:
    user = User.objects.filter(pk=user_id).first()
    if user is None or user.is_active:
        return 0
    organization = (
        Organization.objects.filter(pk=organization_id).first() if organization_id else None
    )
    membership = (
        Membership.objects.filter(pk=membership_id).select_related("organization").first()
        if membership_id
        else None
    )
    token = confirmation_token(user=user, organization=organization, membership=membership)
    link = _absolute(reverse("enterprises:register_confirm", kwargs={"token": token}))
    return _send(
        "confirm_email",
        {
            "user": user,
            "organization": organization or (membership.organization if membership else None),
            "joining": membership is not None,
            "link": link,
        },
        [user.email],
    )


@shared_task(**TASK_OPTIONS)
def send_account_exists_task(
    user_id: int, purpose: str = "register", organization: str = ""
) -> int:
    """Someone used this account's e-mail on a public form: tell its owner (and only them)."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return 0
    return _send(
        "account_exists",
        {
            "user": user,
            "joining": purpose == "join",
            "organization": organization,
            "login_link": _absolute(reverse("login")),
            "reset_link": _absolute(reverse("password_reset")),
        },
        [user.email],
    )


@shared_task(**TASK_OPTIONS)
def send_review_decision_task(decision_id: int) -> int:
    decision = ReviewDecision.objects.select_related("organization").filter(pk=decision_id).first()
    if decision is None:
        return 0
    organization = decision.organization
    return _send(
        "review_decision",
        {
            "decision": decision,
            "organization": organization,
            "link": _absolute(reverse("enterprises:my_detail", kwargs={"pk": organization.pk})),
        },
        _representatives(organization),
    )


@shared_task(**TASK_OPTIONS)
def send_membership_decision_task(membership_id: int) -> int:
    membership = (
        Membership.objects.select_related("user", "organization").filter(pk=membership_id).first()
    )
    if membership is None:
        return 0
    return _send(
        "membership_decision",
        {
            "membership": membership,
            "organization": membership.organization,
            "link": _absolute(reverse("enterprises:my_list")),
        },
        [membership.user.email],
    )
