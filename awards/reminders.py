"""Deadline reminder e-mails: a few days before registration closes, before the dossier deadline
and before the provincial review deadline. Each reminder goes to each person once (the
`Reminder` rows remember it), so the daily task can run again safely."""

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from enterprises.models import Membership

from .models import AwardCycle, Nomination, Reminder, Review

logger = logging.getLogger(__name__)

# Reminders go out when the deadline is at most this many days away: one per bucket.
REMINDER_DAYS = (7, 1)


def _bucket(days_left: int) -> int | None:
    """The reminder due for a deadline `days_left` days away (0 = today), or None."""
    if days_left < 0:
        return None
    due = [days for days in REMINDER_DAYS if days_left <= days]
    return min(due) if due else None


def _recipients(cycle: AwardCycle, kind: str):
    """(user, nomination or None) pairs that still have to act before the deadline."""
    if kind == Reminder.Kind.REVIEW:
        reviews = Review.objects.filter(
            nomination__cycle=cycle,
            nomination__status=Nomination.Status.UNDER_REVIEW,
            reviewer__is_active=True,
        ).exclude(status=Review.Status.SUBMITTED)
        for review in reviews.select_related("reviewer", "nomination__organization"):
            yield review.reviewer, review.nomination
        return
    status = (
        Nomination.Status.ENCOURAGED
        if kind == Reminder.Kind.REGISTRATION
        else Nomination.Status.REGISTERED
    )
    memberships = Membership.objects.filter(
        status=Membership.Status.ACTIVE,
        user__is_active=True,
        organization__nominations__cycle=cycle,
        organization__nominations__status=status,
    ).select_related("user", "organization")
    nominations = {
        n.organization_id: n for n in Nomination.objects.filter(cycle=cycle, status=status)
    }
    for membership in memberships:
        yield membership.user, nominations.get(membership.organization_id)


def _send(reminder: Reminder, nomination) -> None:
    user = reminder.recipient
    if reminder.kind == Reminder.Kind.REVIEW:
        path = reverse("awards:council_reviews")
    elif nomination is not None and reminder.kind == Reminder.Kind.DOSSIER:
        path = reverse("awards:nomination_detail", args=[nomination.pk])
    else:
        path = reverse("awards:my_nominations")
    context = {
        "user": user,
        "cycle": reminder.cycle,
        "kind": reminder.kind,
        "deadline": reminder.deadline,
        "days_left": (reminder.deadline - timezone.localdate()).days,
        "nomination": nomination,
        "url": settings.SITE_URL.rstrip("/") + path,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("awards/email/reminder_subject.txt", context).strip()
        body = render_to_string("awards/email/reminder_body.txt", context)
    send_mail(subject, body, None, [user.email])


def deadline_reminders_send(today: dt.date | None = None) -> int:
    """Send the reminders due today; returns how many e-mails went out."""
    today = today or timezone.localdate()
    horizon = today + dt.timedelta(days=max(REMINDER_DAYS))
    sent = 0
    deadlines = (
        (Reminder.Kind.REGISTRATION, "registration_closes"),
        (Reminder.Kind.DOSSIER, "dossier_deadline"),
        (Reminder.Kind.REVIEW, "review_deadline"),
    )
    for kind, field in deadlines:
        cycles = AwardCycle.objects.filter(**{f"{field}__gte": today, f"{field}__lte": horizon})
        for cycle in cycles:
            deadline = getattr(cycle, field)
            bucket = _bucket((deadline - today).days)
            if bucket is None:
                continue
            seen = set()
            for user, nomination in _recipients(cycle, kind):
                if user.pk in seen or not user.email:
                    continue
                seen.add(user.pk)
                try:
                    with transaction.atomic():
                        reminder, created = Reminder.objects.get_or_create(
                            cycle=cycle,
                            kind=kind,
                            deadline=deadline,
                            days_before=bucket,
                            recipient=user,
                        )
                        if created:
                            _send(reminder, nomination)
                            sent += 1
                except IntegrityError:  # sent by a concurrent run
                    continue
                except OSError:
                    logger.exception("Reminder to %s failed; it will be retried", user.pk)
    return sent
