"""What an uploaded document really is, judged by its content (magic bytes), never by its
name or the browser's content type. Every app's private uploads (dossiers, evidence, contract
documents) go through `validate_document`, and are served by `private_download` under a name
the portal makes.

Accepted: PDF, DOCX, XLSX, PNG and JPEG. A ZIP archive is accepted only when it is an Office
Open XML document of the right kind ([Content_Types].xml naming the main part, and the part
itself present); any other archive is refused.
"""

import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from .service_tools import record_actor


@dataclass(frozen=True)
class DetectedType:
    label: str
    content_type: str
    extension: str


PDF = DetectedType("PDF", "application/pdf", "pdf")
PNG = DetectedType("PNG", "image/png", "png")
JPEG = DetectedType("JPEG", "image/jpeg", "jpg")
DOCX = DetectedType(
    "DOCX",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "docx",
)
XLSX = DetectedType(
    "XLSX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "xlsx",
)

_OOXML = {
    DOCX: (
        "word/",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    XLSX: (
        "xl/",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
}
_CONTENT_TYPES_LIMIT = 512 * 1024  # [Content_Types].xml is a few kilobytes in real files


def _ooxml_type(file) -> DetectedType | None:
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names:
                return None
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > _CONTENT_TYPES_LIMIT:
                return None
            content_types = archive.read(info).decode("utf-8", errors="replace")
            for detected, (folder, main_type) in _OOXML.items():
                has_part = any(name.startswith(folder) for name in names)
                if main_type in content_types and has_part:
                    return detected
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError):
        return None
    return None


def detect_type(file) -> DetectedType | None:
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        detected = _ooxml_type(file)
        file.seek(0)
        return detected
    return None


def validate_document(file) -> DetectedType:
    """Raise a translated ValidationError unless `file` is an accepted document."""
    limit = settings.MAX_UPLOAD_SIZE
    if file.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(limit)}
        )
    if file.size == 0:
        raise ValidationError(_("The file is empty."))
    detected = detect_type(file)
    if detected is None:
        raise ValidationError(
            _(
                "This file is not an accepted document. Upload a PDF, Word (DOCX), Excel (XLSX), "
                "PNG or JPEG file; other archives are refused."
            )
        )
    return detected


def safe_name(name: str, detected: DetectedType) -> str:
    """A storable file name whose extension tells what the content really is."""
    base = get_valid_filename(name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1]) or "document"
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem = base
    if extension.lower() in {detected.extension, "jpeg"} and dot:
        return base[:150]
    return f"{stem[:140]}.{detected.extension}"


def private_download(file, *, stem: str, pk) -> FileResponse:
    """Serve a private document as a download under a name the portal makes.

    The uploader's file name is never served back (a PDF uploaded as "ho-so.bat" or ".hta"
    would be saved under that name by the browser): the name is `<stem>-<pk>.<extension>`, the
    extension and content type those of the type detected from the content, always as an
    attachment and never sniffed or cached by the browser."""
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The file is missing.")) from None
    detected = detect_type(handle)
    extension, content_type = (
        (detected.extension, detected.content_type)
        if detected
        else ("bin", "application/octet-stream")
    )
    response = FileResponse(
        handle, as_attachment=True, filename=f"{stem}-{pk}.{extension}", content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def private_document_store(document, *, file, by):
    """Store an uploaded file on an unsaved `portal.models.PrivateDocument` (its owner and kind
    already set) and save it: the type judged by the content (refused with a ValidationError on
    `file` otherwise), the stored name given the real extension, the uploader's name, type,
    size and uploader recorded, `full_clean()` before `save()`. The one way every app stores a
    private document; call it inside the service's transaction."""
    if file is None:
        raise ValidationError({"file": _("Choose a file.")})
    try:
        detected = validate_document(file)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    document.original_name = file.name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:255]
    file.name = safe_name(file.name, detected)
    document.file = file
    document.content_type = detected.content_type
    document.size = file.size
    document.uploaded_by = by
    document.full_clean()
    record_actor(document, by)
    document.save()
    return document


# For <input type="file" accept="...">: a hint to the browser; the server decides by content.
ACCEPT_ATTRIBUTE = ".pdf,.docx,.xlsx,.png,.jpg,.jpeg"
