"""The public verification of signed documents (the approved annual report, certificates):
upload a PDF, or give the code of a document the portal issued. Rate-limited per address."""

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from .. import signing
from ..forms import DocumentVerifyForm


def _rate(group, request):
    return settings.SIGNING_VERIFY_RATE


def _limited(request) -> bool:
    return is_ratelimited(
        request, group="portal.document_verify", key="ip", rate=_rate, method=ALL, increment=True
    )


def document_verify(request):
    data = (
        request.POST
        if request.method == "POST"
        else (request.GET if "code" in request.GET else None)
    )
    form = DocumentVerifyForm(data, request.FILES or None)
    results = []
    status = 200
    if data is not None and form.is_valid():
        if _limited(request):
            form.add_error(None, _("Too many checks from your network. Try again later."))
            status = 429
        elif form.cleaned_data["file"]:
            upload = form.cleaned_data["file"]
            upload.seek(0)
            verification = signing.verify_pdf(upload.read())
            issued = (
                signing.issued_documents_with_checksum(verification.sha256)
                if verification.sha256
                else []
            )
            results.append(
                {
                    "document": issued[0] if issued else None,
                    "verification": verification,
                    "uploaded": True,
                }
            )
        else:
            documents = signing.find_issued_documents(form.cleaned_data["code"])
            if not documents:
                form.add_error(
                    "code",
                    _(
                        "No signed document of the portal has this code. Check the code and try again."
                    ),
                )
            for document in documents:
                results.append(
                    {
                        "document": document,
                        "verification": signing.verify_file(
                            document.file, cache_key=document.cache_key
                        ),
                        "uploaded": False,
                    }
                )
    return render(
        request,
        "portal/document_verify.html",
        {"form": form, "results": results},
        status=status,
    )
