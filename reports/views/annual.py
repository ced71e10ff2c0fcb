"""Annual reports: the list by year and version, requesting and retrying builds (staff), the
live status (htmx polling while a build is queued or running) and the access-checked
download."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from portal import fragments
from portal.permissions import monitoring_required, staff_required

from .. import permissions, services
from ..forms import ReportRequestForm
from ..models import AnnualReport
from .common import selectable_years


@monitoring_required
def report_list(request):
    def build():
        reports = list(AnnualReport.objects.select_related("requested_by").defer("figures"))
        by_year: dict[int, list] = {}
        for report in reports:
            by_year.setdefault(report.year, []).append(report)
        form = None
        if request.user.is_program_staff:
            form = ReportRequestForm(years=selectable_years())
        context = {"by_year": sorted(by_year.items(), reverse=True), "form": form}
        return {"content": fragments.render_fragment(request, "reports/_report_list.html", context)}

    # The versions and their status as of the last change (a build's progress is a change).
    key = f"reports:report_list|{timezone.localdate()}"
    return fragments.render_page(request, "reports/report_list.html", key, build)


@staff_required
@require_POST
def report_request(request):
    form = ReportRequestForm(request.POST, years=selectable_years())
    if not form.is_valid():
        messages.error(request, _("Choose a year of the plan."))
        return redirect("reports:report_list")
    try:
        report = services.annual_report_request(
            year=form.cleaned_data["year"], requested_by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:report_list")
    report.refresh_from_db(fields=["status", "error"])
    if report.could_not_be_queued:
        messages.error(
            request,
            _(
                "Version %(version)s of the %(year)s report was saved but could not be queued: "
                "the task queue is unavailable. Retry it from this page when the queue is back."
            )
            % {"version": report.version, "year": report.year},
        )
    else:
        messages.success(
            request,
            _("Version %(version)s of the %(year)s report is being built.")
            % {"version": report.version, "year": report.year},
        )
    return redirect("reports:report_list")


@monitoring_required
def report_status(request, pk: int):
    """The status cell of one report: polled by htmx every 2 s while queued or running."""
    report = get_object_or_404(AnnualReport.objects.defer("figures"), pk=pk)
    return render(request, "reports/_report_status.html", {"report": report})


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
        return render(request, "reports/_report_status.html", {"report": report})
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
