"""Crafted .xlsx files never take the web process down, and the user gets a clear message.

Found by the hostile-input review (issue 13, item 5): a 1.6 KB .xlsx whose one cell sits at
XFD1048576 made python-calamine allocate 512 GiB and abort the gunicorn worker that parsed it.
Before the fix these tests did not fail: they killed the test process itself."""

import io
import os
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from enterprises.models import Organization
from portal import spreadsheets

NS = '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Mã số thuế</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Tên tổ chức</t></is></c></row>'
)


def crafted_xlsx(sheet_xml: str) -> bytes:
    """A minimal, valid .xlsx holding `sheet_xml` as its only worksheet (1–2 KB)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        archive.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Du lieu" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>",
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buffer.getvalue()


FAR_CELL = crafted_xlsx(
    NS + "<sheetData>" + HEADER_ROW + '<row r="1048576"><c r="XFD1048576" t="inlineStr">'
    "<is><t>x</t></is></c></row></sheetData></worksheet>"
)
HUGE_DIMENSION = crafted_xlsx(
    NS + '<dimension ref="A1:XFD1048576"/><sheetData>' + HEADER_ROW + "</sheetData></worksheet>"
)
LIMIT_MESSAGE = "nhập được tối đa 200.000 dòng và 200 cột"


@pytest.mark.parametrize("content", [FAR_CELL, HUGE_DIMENSION], ids=["far-cell", "dimension"])
def test_a_crafted_sheet_gets_a_clear_message(content, staff_client, db):
    assert len(content) < 2048
    pid = os.getpid()
    response = staff_client.post(
        reverse("enterprises:import"),
        {"kind": "organizations", "file": SimpleUploadedFile("to-chuc.xlsx", content)},
    )
    assert os.getpid() == pid  # still the same process, alive
    assert response.status_code == 200
    html = response.content.decode()
    assert "Bảng tính dùng đến dòng 1.048.576 và cột 16.384" in html
    assert LIMIT_MESSAGE in html
    assert reverse("enterprises:import_commit") not in html
    assert not Organization.objects.exists()


def test_the_reader_aborting_does_not_take_the_web_process_down(monkeypatch, staff_client, db):
    """Past the checks (limits lifted here), the file reaches the reader, which aborts: the
    child process dies, not the web worker, and the user gets the usual clear message."""
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 2_000_000)
    monkeypatch.setattr(spreadsheets, "MAX_COLUMNS", 20_000)
    response = staff_client.post(
        reverse("enterprises:import"),
        {"kind": "organizations", "file": SimpleUploadedFile("to-chuc.xlsx", FAR_CELL)},
    )
    assert response.status_code == 200
    assert "Không đọc được tệp: hãy lưu dưới dạng .xlsx" in response.content.decode()


def test_an_archive_declaring_a_huge_unpacked_size_is_refused_unread(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_UNPACKED_BYTES", 1024 * 1024)
    padding = " " * (2 * 1024 * 1024)  # compresses to a few kilobytes
    content = crafted_xlsx(
        NS + "<sheetData>" + HEADER_ROW + "</sheetData>" + padding + "</worksheet>"
    )
    assert len(content) < 16 * 1024
    with pytest.raises(spreadsheets.SpreadsheetRefused, match="quá lớn khi giải nén"):
        spreadsheets.read_first_sheet(content)


def test_an_ordinary_sheet_reads_with_its_types(db):
    workbook = spreadsheets.new_workbook()
    import datetime as dt

    spreadsheets.append_row(workbook.active, ["Tên", "Ngày", "Số"])
    spreadsheets.append_row(workbook.active, ["Công ty Một", dt.date(2024, 5, 20), 12])
    rows = spreadsheets.read_first_sheet(spreadsheets.workbook_bytes(workbook))
    assert rows[0] == ["Tên", "Ngày", "Số"]
    assert rows[1][0] == "Công ty Một"
    assert rows[1][1] in (dt.date(2024, 5, 20), dt.datetime(2024, 5, 20))
    assert rows[1][2] == 12
