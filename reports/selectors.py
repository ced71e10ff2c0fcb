"""Reads of the reports app that views and services share."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from portal.models import Phase

from .models import AnnualReport


def plan_years_until(year: int) -> list[int]:
    """Years of the plan's phases up to `year`, newest first."""
    years = {y for phase in Phase.objects.all() for y in phase.years if y <= year}
    return sorted(years, reverse=True)


def closed_plan_years(*, today=None) -> list[int]:
    """Years of the plan that have ended, newest first (2021–2025 in 2026)."""
    today = today or timezone.localdate()
    return plan_years_until(today.year - 1)


def _stale_after() -> dt.timedelta:
    """A build not finished within its hard time limit (plus the queue's slack) is no longer
    "being built": a crashed worker must not block new requests for good."""
    hard = settings.REPORTS_BUILD_TIME_LIMIT
    return dt.timedelta(seconds=hard + 5 * 60)


def years_being_built() -> set[int]:
    """Years with a version queued or running (recently: see `_stale_after`)."""
    return set(
        AnnualReport.objects.filter(
            status__in=(AnnualReport.Status.QUEUED, AnnualReport.Status.RUNNING),
            updated_at__gte=timezone.now() - _stale_after(),
        )
        .values_list("year", flat=True)
        .distinct()
    )


def reports_by_year(years) -> list[dict]:
    """One entry per year (the given years and any year that has a report), newest first:
    its versions (newest first, without the frozen figures), the latest ready version and
    whether a version is being built. Three queries whatever the number of years."""
    reports = list(
        AnnualReport.objects.select_related("requested_by")
        .defer("figures")
        .order_by("-year", "-version")
    )
    building = years_being_built()
    by_year: dict[int, list] = {year: [] for year in years}
    for report in reports:
        by_year.setdefault(report.year, []).append(report)
    return [
        {
            "year": year,
            "reports": versions,
            "latest_ready": next(
                (r for r in versions if r.status == AnnualReport.Status.SUCCEEDED), None
            ),
            "building": year in building,
        }
        for year, versions in sorted(by_year.items(), reverse=True)
    ]
