"""Checks on uploaded evidence files: the size limit and the real type, read from the file's
first bytes (magic numbers), never from the name or the browser's content type."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# (signature, content type, extensions allowed with it)
SIGNATURES: list[tuple[bytes, str, tuple[str, ...]]] = [
    (b"%PDF-", "application/pdf", ("pdf",)),
    (b"\x89PNG\r\n\x1a\n", "image/png", ("png",)),
    (b"\xff\xd8\xff", "image/jpeg", ("jpg", "jpeg")),
    (
        b"PK\x03\x04",
        "application/zip",
        ("docx", "xlsx", "pptx", "odt", "ods", "zip"),
    ),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage", ("doc", "xls", "ppt")),
]

OOXML_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}

ALLOWED_EXTENSIONS = sorted({ext for _sig, _type, exts in SIGNATURES for ext in exts})


def max_evidence_size() -> int:
    return getattr(settings, "ENTERPRISES_EVIDENCE_MAX_SIZE", settings.MAX_UPLOAD_SIZE)


def check_evidence_file(uploaded) -> str:
    """Return the content type to store, or raise ValidationError with a clear message."""
    limit = max_evidence_size()
    if uploaded.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)}
        )
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."))
    extension = uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    for signature, content_type, extensions in SIGNATURES:
        if head.startswith(signature):
            if extension not in extensions:
                break
            return OOXML_TYPES.get(extension, content_type)
    raise ValidationError(
        _(
            "This file's content is not an accepted type (PDF, images, Word, Excel) or does "
            "not match its name. Accepted: %(extensions)s."
        )
        % {"extensions": ", ".join(ALLOWED_EXTENSIONS)}
    )
