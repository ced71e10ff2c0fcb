"""E-mails about registrations and the daily course reminder. Tasks take ids and are safe to
run twice: the reminder remembers whom it reminded (`Enrollment.reminded_at`)."""

import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import send_mail
from django.db import InterfaceError, OperationalError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.models import ProgramSettings

from . import selectors, services
from .models import Enrollment

logger = logging.getLogger(__name__)

TRANSIENT = (smtplib.SMTPException, ConnectionError, TimeoutError)

SUBJECTS = {
    "registered": lambda: _("Registration received: %(course)s"),
    "waitlisted": lambda: _("You are on the waiting list: %(course)s"),
    "promoted": lambda: _("A place is now yours: %(course)s"),
    "confirmed": lambda: _("Registration confirmed: %(course)s"),
    "cancelled": lambda: _("Registration cancelled: %(course)s"),
    "course_cancelled": lambda: _("Course cancelled: %(course)s"),
    "reminder": lambda: _("Reminder: %(course)s starts on %(date)s"),
    "certificate": lambda: _("Your certificate: %(course)s"),
}


def enrollment_email(enrollment: Enrollment, kind: str) -> tuple[str, str]:
    course = enrollment.course
    context = {
        "enrollment": enrollment,
        "course": course,
        "kind": kind,
        "site_url": settings.SITE_URL,
        "agency": ProgramSettings.load_cached(),
        "course_url": settings.SITE_URL
        + reverse("trainings:course_public", kwargs={"pk": course.pk}),
        "cancel_url": settings.SITE_URL
        + reverse(
            "trainings:enrollment_cancel_link",
            kwargs={"token": services.enrollment_cancel_token(enrollment)},
        ),
        "verify_url": settings.SITE_URL
        + reverse("trainings:verify", kwargs={"code": enrollment.verification_code})
        if enrollment.verification_code
        else "",
    }
    subject = SUBJECTS[kind]() % {
        "course": course.title,
        "date": course.starts_on.strftime("%d/%m/%Y"),
    }
    body = render_to_string("trainings/email/enrollment.txt", context)
    return subject, body


@shared_task(
    acks_late=True,
    time_limit=60,
    soft_time_limit=50,
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def send_enrollment_email_task(enrollment_id: int, kind: str) -> bool:
    enrollment = Enrollment.objects.select_related("course").filter(pk=enrollment_id).first()
    if enrollment is None or kind not in SUBJECTS or not enrollment.email:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = enrollment_email(enrollment, kind)
    send_mail(subject, body, None, [enrollment.email])
    return True


@shared_task(
    acks_late=True,
    time_limit=15 * 60,
    soft_time_limit=14 * 60,
    autoretry_for=TRANSIENT,
    retry_backoff=True,
    max_retries=3,
    ignore_result=True,
)
def send_course_reminders_task(days_ahead: int = 3) -> int:
    """Remind confirmed participants of courses starting within `days_ahead` days, once each."""
    sent = 0
    for pk in list(
        selectors.enrollments_due_reminder(days_ahead=days_ahead).values_list("pk", flat=True)
    ):
        with transaction.atomic():
            # Lock the row and check again: a second run (or a re-delivered task) skips it.
            enrollment = (
                Enrollment.objects.select_for_update()
                .select_related("course")
                .filter(pk=pk, reminded_at__isnull=True, status=Enrollment.Status.CONFIRMED)
                .first()
            )
            if enrollment is None:
                continue
            with translation.override(settings.LANGUAGE_CODE):
                subject, body = enrollment_email(enrollment, "reminder")
            send_mail(subject, body, None, [enrollment.email])
            enrollment.reminded_at = timezone.now()
            enrollment.save(update_fields=["reminded_at", "updated_at"])
            sent += 1
    logger.info("Sent %s course reminders", sent)
    return sent


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=180,
    soft_time_limit=150,
    autoretry_for=(OperationalError, InterfaceError, ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def sign_certificate_task(enrollment_id: int) -> bool:
    """Sign an issued certificate with the Department's certificate (idempotent)."""
    from portal.signing import SigningError

    try:
        enrollment = services.certificate_sign(enrollment_id=enrollment_id)
    except (ImproperlyConfigured, SigningError) as exc:
        # The system check names a configuration error; the download page keeps saying the
        # certificate is being prepared, and the next download asks again.
        logger.error("Certificate of enrollment %s could not be signed: %s", enrollment_id, exc)
        return False
    return bool(enrollment and enrollment.certificate_file)
