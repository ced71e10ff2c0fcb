"""Demo data for monitoring: past years closed (submitted by staff, approved by the lead) and
the annual report of every closed year of the plan (2021–2025 in 2026), so officials find a
locked history and a PDF per year to download.

Idempotent and quick to re-run: closed years are left as they are and a report is built only
for a year that has none (a fresh demo builds them once, about 3–5 s each without a worker;
with Redis the worker builds them in the background)."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from reports import selectors, services
from reports.models import AnnualReport, YearClosing


def seed(stdout) -> None:
    users = get_user_model().objects
    staff = users.filter(email="staff@nscl.local").first()
    lead = users.filter(email="admin@nscl.local").first()  # the superuser signs off as lead
    if staff is None or lead is None:
        stdout.write("  reports: skipped (demo accounts missing)")
        return
    last_year = timezone.localdate().year - 1
    closed = 0
    for year in range(2021, last_year):
        closing = YearClosing.objects.filter(year=year).first()
        if closing is not None and closing.status != YearClosing.Status.OPEN:
            continue
        closing = services.year_submit(year=year, by=staff)
        services.year_approve(closing=closing, by=lead)
        closed += 1
    have_reports = set(AnnualReport.objects.values_list("year", flat=True).distinct())
    missing = sorted(set(selectors.closed_plan_years()) - have_reports)
    for year in missing:
        # Built at once without Redis (eager tasks), by the worker otherwise.
        services.annual_report_request(year=year, by=staff)
    stdout.write(
        f"  reports: {closed} years closed"
        + (f", reports requested for {', '.join(map(str, missing))}" if missing else "")
    )
