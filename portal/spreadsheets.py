"""Every Excel file the portal writes goes through here (exports, import templates).

openpyxl stores a string that begins with "=" as a live formula (and "#N/A" as an error), so a
name, address or target label typed by a user ("=HYPERLINK(...)", "= 10") would run in the
reader's Excel. Here every string is written as text: the visible value stays exactly what was
typed, and values that a spreadsheet would read as a formula (=, +, -, @) also carry Excel's
"quote prefix" so that editing the cell later does not turn them into one.
"""

import datetime as dt
import io
from collections.abc import Iterable

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.cell.cell import TIME_TYPES, Cell
from openpyxl.compat.numbers import NUMERIC_TYPES

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def cell(sheet, value) -> Cell:
    """A cell of `sheet` holding `value`; strings always as text, never as a formula."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)  # Excel has no time zones; the value is local time
    if value is not None and not isinstance(value, (*NUMERIC_TYPES, *TIME_TYPES, bool)):
        value = str(value)  # lazy translations, choices and the like
    item = Cell(sheet, row=1, column=1, value=value)  # append() places it
    if isinstance(value, str):
        item.data_type = "s"
        if value.startswith(FORMULA_TRIGGERS):
            item.quotePrefix = True
    return item


def append_row(sheet, values: Iterable) -> None:
    """Append one row of values to `sheet` (a normal or a write-only worksheet)."""
    sheet.append([cell(sheet, value) for value in values])


def new_workbook(*, write_only: bool = False) -> Workbook:
    return Workbook(write_only=write_only)


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(workbook_or_bytes, filename: str) -> HttpResponse:
    """A download of the workbook (attachment, portal-made file name)."""
    content = (
        workbook_or_bytes
        if isinstance(workbook_or_bytes, bytes)
        else workbook_bytes(workbook_or_bytes)
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
