"""Queue Celery tasks after the transaction commits, without letting a broker outage turn a
user's request into an error page."""

import logging

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


KNOWN_OUTAGES = (OperationalError, ConnectionError, OSError)


class QueueUnavailable(Exception):
    """The broker could not take the task."""


def enqueue(task, *args, run_inline_if_unavailable: bool = True, **kwargs) -> bool:
    """Send the task now. When the broker is down, run it in-process instead (e-mails still go
    out) or, with `run_inline_if_unavailable=False`, raise QueueUnavailable for the caller to
    tell the user. Returns True when the task went to the broker."""
    try:
        task.apply_async(args=args, kwargs=kwargs, retry=False)
        return True
    except Exception as exc:
        # Not only kombu's OperationalError: a lost broker or result-store connection also
        # surfaces as RuntimeError, BatchPublishError or redis' own errors. Whatever the
        # cause, the task is not queued, and the caller's fallback is the answer.
        if not isinstance(exc, KNOWN_OUTAGES):
            logger.exception("Queueing %s failed", task.name)
        if not run_inline_if_unavailable:
            raise QueueUnavailable(str(exc)) from exc
        logger.warning("Broker unavailable, running %s in-process: %s", task.name, exc)
        try:
            task.apply(args=args, kwargs=kwargs)
        except Exception:
            logger.exception("Task %s failed in-process", task.name)
        return False


def enqueue_on_commit(task, *args, **kwargs) -> None:
    """Queue the task once the current transaction commits (tasks take ids, never objects)."""
    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))
