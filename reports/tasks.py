"""Background work of the reports app: building annual reports, the yearly run, e-mails.

Tasks take ids and call services. The build is idempotent (a report already built is not
rebuilt; one left running by a crashed worker is rebuilt into the same row), acknowledged
late so a crash re-delivers it, retried on transient errors, and bounded in time.
"""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import InterfaceError, OperationalError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from portal.db_routers import reading_from_replica

from . import services
from .models import AnnualReport

logger = logging.getLogger(__name__)

# Errors worth another try: the database or the broker went away for a moment.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, ConnectionError, TimeoutError)

SOFT_TIME_LIMIT = settings.REPORTS_BUILD_SOFT_TIME_LIMIT
HARD_TIME_LIMIT = settings.REPORTS_BUILD_TIME_LIMIT


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT_ERRORS,
    max_retries=3,
    retry_backoff=5,
    retry_backoff_max=120,
    retry_jitter=True,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=HARD_TIME_LIMIT,
)
def build_annual_report_task(self, report_id: int) -> str:
    try:
        # Reads outside its transactions from the read replica, if there is one (the report row
        # itself always from the primary: portal/db_routers.py).
        with reading_from_replica():
            report = services.annual_report_build(report_id=report_id, transient=TRANSIENT_ERRORS)
    except TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            services.annual_report_mark_failed(
                report_id=report_id, error=f"{type(exc).__name__}: {exc}"
            )
        raise
    return report.status


@shared_task(ignore_result=True, time_limit=60, soft_time_limit=50)
def recover_stalled_reports_task() -> int:
    """Every few minutes (beat): builds whose worker died are marked for a retry."""
    return len(services.annual_report_recover_stalled())


@shared_task(acks_late=True, time_limit=5 * 60, soft_time_limit=4 * 60)
def annual_report_scheduled_task() -> int | None:
    """Run by Celery beat each January: last year's report for the officials."""
    report = services.annual_report_scheduled()
    return report.pk if report else None


@shared_task(
    acks_late=True,
    autoretry_for=(ConnectionError, TimeoutError, OSError),
    max_retries=5,
    retry_backoff=30,
    soft_time_limit=100,
    time_limit=120,
)
def notify_officials_task(report_id: int) -> int:
    """E-mail every official a link to the finished report."""
    from django.contrib.auth import get_user_model

    from portal.models import Role

    report = AnnualReport.objects.get(pk=report_id)
    if report.status != AnnualReport.Status.SUCCEEDED:
        return 0
    recipients = list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.OFFICIAL)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if not recipients:
        return 0
    with translation.override("vi"):
        link = settings.SITE_URL.rstrip("/") + reverse("reports:report_list")
        subject = _("The annual report for %(year)s is ready") % {"year": report.year}
        body = _(
            "The report on the plan's results in %(year)s (version %(version)s) is ready.\n\n"
            "Sign in to read and download it: %(link)s\n"
        ) % {"year": report.year, "version": report.version, "link": link}
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [email]) for email in recipients]
    return send_mass_mail(messages, fail_silently=False)
