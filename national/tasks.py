"""The national pull on the beat schedule: every active provincial portal is pulled in a task
of its own, tried again with exponential backoff when the portal is down or answers 5xx/429.

Each attempt is a row of the pull log. Outside national mode both tasks do nothing (the beat
entry exists in every deployment, as the migration creates it)."""

import logging
import random

from celery import shared_task
from django.conf import settings

from .client import PullError
from .models import ProvincialPortal, Pull
from .services import pull_run, pull_start

logger = logging.getLogger(__name__)


def backoff_seconds(retries: int) -> int:
    """Exponential backoff with jitter: base × 2^retries, at most an hour."""
    base = settings.NATIONAL_PULL_BACKOFF_SECONDS
    delay = min(base * (2**retries), 3600)
    return int(delay / 2 + random.uniform(0, delay / 2))  # noqa: S311 - jitter, not security


@shared_task(
    bind=True,
    acks_late=True,
    ignore_result=True,
    max_retries=None,  # counted against NATIONAL_PULL_MAX_RETRIES below
    soft_time_limit=5 * 60,
    time_limit=6 * 60,
)
def pull_province_task(self, portal_id: int, trigger: str = Pull.Trigger.SCHEDULE, by_id=None):
    if not settings.NATIONAL_MODE:
        return
    portal = ProvincialPortal.objects.filter(pk=portal_id).first()
    if portal is None:
        return
    from django.contrib.auth import get_user_model

    by = get_user_model().objects.filter(pk=by_id).first() if by_id else None
    pull = pull_start(portal=portal, trigger=trigger, attempt=self.request.retries + 1, by=by)
    try:
        pull_run(pull=pull)
    except PullError as error:
        if error.transient and self.request.retries < settings.NATIONAL_PULL_MAX_RETRIES:
            raise self.retry(
                exc=error, countdown=backoff_seconds(self.request.retries), max_retries=None
            ) from error
        logger.warning("Pull of %s gave up: %s", portal.province_code, error)


@shared_task(ignore_result=True, time_limit=60, soft_time_limit=50)
def pull_all_provinces_task():
    """Beat: queue a pull of every active provincial portal."""
    if not settings.NATIONAL_MODE:
        return 0
    ids = list(ProvincialPortal.objects.filter(active=True).values_list("pk", flat=True))
    for portal_id in ids:
        pull_province_task.delay(portal_id)
    return len(ids)
