"""Annual reports: the list by year and version, requesting builds (staff: any year; officials:
a closed year), retrying failed builds (staff), the live status (htmx polling while a build is
queued or running, the year's button disabled meanwhile) and the access-checked download."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from portal import fragments
from portal.permissions import monitoring_required, staff_required

from .. import permissions, selectors, services
from ..forms import ReportRequestForm
from ..models import AnnualReport
from .common import selectable_years


def _year_entries(user, years) -> list[dict]:
    """The years as the list shows them, with what this viewer may do in each."""
    entries = selectors.reports_by_year(years)
    for entry in entries:
        year = entry["year"]
        entry["closed"] = permissions.is_closed_year(year)
        entry["may_request"], entry["reason"] = permissions.can_request_report(user, year)
        if entry["may_request"]:
            _allowed, entry["reason"] = permissions.can_request_report_now(
                user, year, building=entry["building"]
            )
    return entries


def _year_entry(user, year: int) -> dict:
    return next(entry for entry in _year_entries(user, [year]) if entry["year"] == year)


@monitoring_required
def report_list(request):
    """Every year of the plan up to this one: the closed years' reports for officials to
    download (and rebuild), the current year's for staff to build."""

    def build():
        form = None
        if request.user.is_program_staff:
            form = ReportRequestForm(years=selectable_years())
        context = {
            "entries": _year_entries(request.user, selectable_years()),
            "form": form,
            # Keyed by the roles: the same for every viewer of this fragment.
            "may_retry": request.user.is_program_staff,
        }
        return {"content": fragments.render_fragment("reports/_report_list.html", context)}

    # The versions and their status as of the last change (a build's progress is a change);
    # the day is part of the key because "closed" and "current" year move with it.
    key = f"reports:report_list|{timezone.localdate()}"
    return fragments.render_page(
        request,
        "reports/report_list.html",
        key,
        build,
        depends_on=("figures", "program", "people"),
    )


def _request_year(request, year: int):
    """Queue a new version of the year's report; the message says what happened. Returns the
    report, or None with the error message."""
    # An official asking for the current year is told why here (the service would refuse it).
    allowed, reason = permissions.can_request_report(request.user, year)
    if not allowed:
        return None, reason
    try:
        report = services.annual_report_request(year=year, by=request.user)
    except ValidationError as exc:
        return None, " ".join(exc.messages)
    report.refresh_from_db(fields=["status", "error"])
    if report.could_not_be_queued:
        return report, _(
            "Version %(version)s of the %(year)s report was saved but could not be queued: "
            "the task queue is unavailable. Retry it from this page when the queue is back."
        ) % {"version": report.version, "year": report.year}
    return report, _("Version %(version)s of the %(year)s report is being built.") % {
        "version": report.version,
        "year": report.year,
    }


def _flash(request, report, message: str) -> None:
    if report is None or report.could_not_be_queued:
        messages.error(request, message)
    else:
        messages.success(request, message)


@staff_required
@require_POST
def report_request(request):
    """The staff form: a new version of any year of the plan up to this one."""
    form = ReportRequestForm(request.POST, years=selectable_years())
    if not form.is_valid():
        messages.error(request, _("Choose a year of the plan."))
        return redirect("reports:report_list")
    report, message = _request_year(request, form.cleaned_data["year"])
    _flash(request, report, message)
    return redirect("reports:report_list")


@monitoring_required
@require_POST
def report_year_request(request, year: int):
    """The button of one year: staff for any year, officials for a closed year. With htmx
    the year's section comes back at once, the new version polling its progress."""
    allowed, reason = permissions.can_request_report(request.user, year)
    if not allowed:
        raise PermissionDenied(reason)
    if year not in selectable_years():
        raise Http404(_("%(year)s is outside the plan's phases.") % {"year": year})
    report, message = _request_year(request, year)
    if not request.htmx:
        _flash(request, report, message)
        return redirect(f"{reverse('reports:report_list')}#report-year-{year}")
    entry = _year_entry(request.user, year)
    entry["message"] = message
    entry["message_level"] = "danger" if report is None or report.could_not_be_queued else "success"
    return render(
        request,
        "reports/_report_year.html",
        {"entry": entry, "may_retry": request.user.is_program_staff},
    )


def _status_response(request, report):
    """The status cell; to htmx also the year's actions (out of band), so the request button
    is disabled while a version is being built and enabled again when it is done."""
    context = {"report": report, "may_retry": request.user.is_program_staff}
    if request.htmx:
        context["actions"] = _year_entry(request.user, report.year)
    return render(request, "reports/_report_status.html", context)


@monitoring_required
def report_status(request, pk: int):
    """The status cell of one report: polled by htmx every 2 s while queued or running."""
    report = get_object_or_404(AnnualReport.objects.defer("figures"), pk=pk)
    return _status_response(request, report)


@monitoring_required
def report_download(request, pk: int):
    report = get_object_or_404(AnnualReport.objects.defer("figures"), pk=pk)
    allowed, reason = permissions.can_download_report(request.user, report)
    if not allowed:
        if request.user.is_program_staff or request.user.is_official:
            raise Http404(reason)
        raise PermissionDenied(reason)
    try:
        handle = report.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(
        handle, as_attachment=True, filename=report.download_name, content_type="application/pdf"
    )


@staff_required
@require_POST
def report_retry(request, pk: int):
    report = get_object_or_404(AnnualReport.objects.defer("figures"), pk=pk)
    try:
        services.annual_report_retry(report=report, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        report.refresh_from_db(fields=["status", "error"])
        if report.could_not_be_queued:
            messages.error(request, _("The task queue is still unavailable; nothing was lost."))
        else:
            messages.success(request, _("The build is queued again."))
    if request.htmx:
        report.refresh_from_db()
        return _status_response(request, report)
    return redirect("reports:report_list")


@monitoring_required
@require_safe
def report_signature(request, pk: int):
    """The digital signature of one version, verified as the public page does."""
    from portal import signing

    report = get_object_or_404(AnnualReport.objects.defer("figures"), pk=pk)
    allowed, reason = permissions.can_download_report(request.user, report)
    if not allowed:
        raise Http404(reason)
    verification = None
    if report.status == AnnualReport.Status.SUCCEEDED and report.signed_at and report.file:
        verification = signing.verify_file(
            report.file, cache_key=f"report:{report.pk}:{report.checksum}"
        )
    return render(
        request,
        "reports/report_signature.html",
        {"report": report, "verification": verification},
    )
