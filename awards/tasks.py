import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import Review
from .reminders import deadline_reminders_send

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    time_limit=600,
    soft_time_limit=540,
    autoretry_for=(smtplib.SMTPException, ConnectionError),
    retry_backoff=True,
    max_retries=3,
)
def send_deadline_reminders_task() -> int:
    """Daily (celery beat): e-mail the reminders due today. Safe to run twice."""
    return deadline_reminders_send()


@shared_task(
    acks_late=True,
    time_limit=60,
    soft_time_limit=50,
    autoretry_for=(smtplib.SMTPException, ConnectionError),
    retry_backoff=True,
    max_retries=3,
)
def notify_review_assigned_task(review_id: int) -> bool:
    review = (
        Review.objects.select_related("reviewer", "nomination__organization", "nomination__cycle")
        .filter(pk=review_id)
        .first()
    )
    if review is None or review.status == Review.Status.SUBMITTED or not review.reviewer.email:
        return False
    context = {
        "review": review,
        "url": settings.SITE_URL.rstrip("/") + reverse("awards:review", args=[review.pk]),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("awards/email/assigned_subject.txt", context).strip()
        body = render_to_string("awards/email/assigned_body.txt", context)
    send_mail(subject, body, None, [review.reviewer.email])
    return True
