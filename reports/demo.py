"""Demo data for monitoring: past years closed (submitted by staff, approved by the lead) and
last year's annual report, so officials find a locked history and a PDF to download.
Idempotent: closed years and existing reports are left as they are."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from . import services
from .models import AnnualReport, YearClosing


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
    signed_year = last_year - 1
    locked = YearClosing.objects.filter(year=signed_year, status=YearClosing.Status.LOCKED)
    if locked.exists() and not AnnualReport.objects.filter(year=signed_year).exists():
        # The approved report of the last closed year: an official, digitally signed document.
        services.annual_report_request(year=signed_year, requested_by=staff)
    requested = not AnnualReport.objects.filter(year=last_year).exists()
    if requested:
        # Built at once without Redis (eager tasks), by the worker otherwise.
        services.annual_report_request(year=last_year, requested_by=staff)
    stdout.write(
        f"  reports: {closed} years closed"
        + (f", report for {last_year} requested" if requested else "")
    )
