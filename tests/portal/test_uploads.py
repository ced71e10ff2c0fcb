"""Dossier files are judged by their content, never by their name."""

import pytest
from django.core.exceptions import ValidationError

from portal.uploads import DOCX, JPEG, PDF, PNG, XLSX, detect_type, safe_name, validate_document
from tests.awards.factories import (
    JPEG_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    ooxml_bytes,
    plain_zip_bytes,
    upload,
)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF_BYTES, PDF),
        (PNG_BYTES, PNG),
        (JPEG_BYTES, JPEG),
        (ooxml_bytes("word"), DOCX),
        (ooxml_bytes("xl"), XLSX),
    ],
)
def test_accepted_types_are_recognised_whatever_the_name(content, expected):
    file = upload("no-extension", content, "application/octet-stream")
    assert validate_document(file) == expected


@pytest.mark.parametrize(
    "content",
    [
        plain_zip_bytes(),
        b"MZ\x90\x00 this is a windows program",
        b"<html><script>alert(1)</script></html>",
        b"PK\x03\x04 broken archive",
        b"GIF89a....",
    ],
)
def test_other_content_is_refused_even_with_a_pdf_name(content):
    with pytest.raises(ValidationError) as excinfo:
        validate_document(upload("ho-so.pdf", content))
    assert "PDF" in excinfo.value.messages[0]


def test_an_archive_claiming_to_be_word_without_its_part_is_refused():
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        )
        archive.writestr("payload/evil.js", "x")
    assert detect_type(upload("a.docx", buffer.getvalue())) is None


def test_size_is_limited_by_the_setting(settings):
    settings.MAX_UPLOAD_SIZE = 100
    with pytest.raises(ValidationError) as excinfo:
        validate_document(upload("big.pdf", PDF_BYTES + b"0" * 200))
    assert "100" in excinfo.value.messages[0]


def test_empty_file_is_refused():
    with pytest.raises(ValidationError):
        validate_document(upload("empty.pdf", b""))


def test_stored_name_tells_the_real_type():
    assert safe_name("Báo cáo.pdf", DOCX) == "Báo_cáo.docx"
    assert safe_name("scan.JPEG", JPEG) == "scan.JPEG"
    assert safe_name("../../etc/passwd", PDF) == "passwd.pdf"
