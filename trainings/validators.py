"""Checks of single values used by the models, forms and services."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.vn import mst


def validate_tax_code(value: str) -> None:
    """A Vietnamese enterprise tax code (mã số thuế): 10 digits, or 13 for a branch."""
    try:
        mst.validate(value)
    except StdnumValidationError as exc:
        raise ValidationError(
            _("Enter a valid tax code: 10 digits, or 10 digits-NNN for a branch."),
            code="invalid_tax_code",
        ) from exc


def normalize_tax_code(value: str) -> str:
    """`0100233488001` and `0100233488-001` are the same code; store the dashed form."""
    try:
        return mst.format(value)
    except StdnumValidationError:
        return value.strip()


# Document types accepted for contract files, recognised by their first bytes, not their name.
_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"PK\x03\x04", "application/zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "application/x-ole-storage"),
)
_OFFICE_BY_EXTENSION = {
    "application/zip": {
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    },
    "application/x-ole-storage": {"doc": "application/msword", "xls": "application/vnd.ms-excel"},
}


def sniff_document_type(head: bytes, filename: str) -> str | None:
    """The content type of an accepted document, judged by its content; None if refused.

    Office files are zip (docx/xlsx) or OLE (doc/xls) containers: the container must match the
    extension, so a zip archive renamed to .docx is accepted only if it is a zip at all, and a
    script renamed to .pdf is refused."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            if content_type in _OFFICE_BY_EXTENSION:
                return _OFFICE_BY_EXTENSION[content_type].get(extension)
            return content_type
    return None
