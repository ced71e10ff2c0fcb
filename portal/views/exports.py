"""Excel exports of the staff lists (portal.exports): start one, follow its progress, download
its file (its owner only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import exports
from ..models import ExportJob
from ..permissions import export_visible_to
from ..uploads import private_download


def start_export(request, name: str, query: str):
    """Start an export of list `name` for `query` and go to its page (for the lists' former
    export addresses too, which pass their own query)."""
    try:
        job = exports.export_start(name=name, query=query, by=request.user)
    except ValidationError as exc:
        raise Http404(" ".join(exc.messages)) from exc
    return redirect("portal:export_detail", pk=job.pk)


@login_required
@require_POST
def export_start(request, name: str):
    """The list's export button: the list's own query, posted."""
    return start_export(request, name, request.POST.get("query", ""))


def _own_job(request, pk) -> ExportJob:
    job = get_object_or_404(ExportJob, pk=pk)
    allowed, _reason = export_visible_to(job, request.user)
    if not allowed:
        raise Http404  # someone else's export: as if it did not exist
    return job


def _context(job: ExportJob) -> dict:
    export = exports.get(job.list_name)
    try:
        list_url = reverse(export.list_url) if export else ""
    except NoReverseMatch:
        list_url = ""
    return {
        "job": job,
        "title": export.title if export else job.list_name,
        "list_url": f"{list_url}?{job.query}" if list_url and job.query else list_url,
    }


@login_required
@never_cache
def export_detail(request, pk: int):
    job = _own_job(request, pk)
    return render(request, "portal/export_detail.html", _context(job))


@login_required
@never_cache
def export_progress(request, pk: int):
    """The progress fragment the page polls (htmx) until the file is ready."""
    job = _own_job(request, pk)
    return render(request, "portal/_export_progress.html", _context(job))


@login_required
def export_download(request, pk: int):
    job = _own_job(request, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        messages.info(request, _("The file is not ready yet."))
        return redirect("portal:export_detail", pk=job.pk)
    export = exports.get(job.list_name)
    return private_download(job.file, stem=export.stem if export else "danh-sach", pk=job.pk)
