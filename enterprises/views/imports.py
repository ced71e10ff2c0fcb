"""Import organizations and support activities from Excel or CSV: upload, preview, commit."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal import spreadsheets
from portal.permissions import staff_required
from portal.views.helpers import flash_errors, require_post

from ..forms import ImportForm
from ..imports import COLUMNS, import_commit, import_validate, template_workbook

SESSION_KEY = "enterprises_import"


@staff_required
def import_upload(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    token = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        kind = form.cleaned_data["kind"]
        result, _parsed = import_validate(kind=kind, data=data, filename=upload.name)
        if result.ok:
            token = uuid.uuid4().hex
            extension = upload.name.rsplit(".", 1)[-1].lower()
            path = default_storage.save(f"imports/{token}.{extension}", ContentFile(data))
            request.session[SESSION_KEY] = {
                "token": token,
                "path": path,
                "kind": kind,
                "name": upload.name,
            }
    return render(
        request,
        "enterprises/import.html",
        {"form": form, "result": result, "token": token, "columns": COLUMNS},
    )


@staff_required
def import_commit_view(request):
    if (response := require_post(request)) is not None:
        return response
    pending = request.session.get(SESSION_KEY)
    if not pending or pending.get("token") != request.POST.get("token"):
        messages.error(request, _("This import has expired: upload the file again."))
        return redirect("enterprises:import")
    with default_storage.open(pending["path"], "rb") as handle:
        data = handle.read()
    try:
        result = import_commit(
            kind=pending["kind"], data=data, filename=pending["name"], by=request.user
        )
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("enterprises:import")
    finally:
        default_storage.delete(pending["path"])
        request.session.pop(SESSION_KEY, None)
    messages.success(
        request,
        _("Import done: %(created)s created, %(updated)s updated.")
        % {"created": result.created, "updated": result.updated},
    )
    return redirect(
        "enterprises:registry" if pending["kind"] == "organizations" else "enterprises:ledger"
    )


@staff_required
def import_template(request, kind):
    if kind not in COLUMNS:
        raise Http404
    return spreadsheets.xlsx_response(template_workbook(kind), f"mau-nhap-{kind}.xlsx")
