from celery import shared_task
from django.db import OperationalError

from .visitors import visit_counts_flush

# Each task sets its own soft limit: the project-wide soft limit (14 minutes, for reports) is
# above these hard limits, and Celery refuses a soft limit above the hard one.


@shared_task(
    acks_late=True,
    time_limit=60,
    soft_time_limit=50,
    ignore_result=True,
    autoretry_for=(OperationalError, ConnectionError),
    retry_backoff=True,
    max_retries=3,
)
def flush_visit_counts_task() -> int:
    """Fold the cached visit counters into VisitDay rows (scheduled every few minutes)."""
    return visit_counts_flush()


@shared_task(time_limit=30, soft_time_limit=25, ignore_result=False)  # the test waits for it
def ping_task(value: int) -> int:
    """A trivial task the test suite runs through a real worker to prove the wiring."""
    return value + 1


@shared_task(ignore_result=True, time_limit=60, soft_time_limit=50)
def repair_cache_task() -> int:
    """Each minute (beat): delete from Redis the keys whose write an outage dropped, in case
    the process that dropped them is gone (portal/cache.py)."""
    from .cache import repair_all

    return repair_all()


@shared_task(acks_late=True, ignore_result=True, time_limit=3600, soft_time_limit=3500)
def export_run_task(job_id: int) -> None:
    """Write an Excel export of a staff list (portal.exports)."""
    from .db_routers import reading_from_replica
    from .exports import export_run

    with reading_from_replica():  # the list's rows from the read replica, if there is one
        export_run(job_id)


@shared_task(ignore_result=True, time_limit=600, soft_time_limit=550)
def purge_exports_task() -> int:
    """Each day (beat): delete the exports older than a week, with their files."""
    from .exports import exports_purge

    return exports_purge()
