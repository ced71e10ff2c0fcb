"""Every Excel file the portal writes or reads goes through here.

Writing (exports, import templates):
openpyxl stores a string that begins with "=" as a live formula (and "#N/A" as an error), so a
name, address or target label typed by a user ("=HYPERLINK(...)", "= 10") would run in the
reader's Excel. Here every string is written as text: the visible value stays exactly what was
typed, and values that a spreadsheet would read as a formula (=, +, -, @) also carry Excel's
"quote prefix" so that editing the cell later does not turn them into one.

Reading (imports): `read_first_sheet` refuses an archive whose declared unpacked size, or a
sheet whose declared dimension or cell positions, exceed the limits before anything parses it,
then parses it in a child process with a memory cap (`portal/xlsx_reader.py`). A crafted 1.6 KB
file made python-calamine allocate 512 GiB and abort the process it ran in: now that process is
the child, and the user gets a clear message.
"""

import datetime as dt
import io
import json
import logging
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterable
from pathlib import Path

from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
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


# --- Reading -------------------------------------------------------------------------------

logger = logging.getLogger(__name__)

MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # all parts of the archive, as declared
MAX_PARTS = 2000
MAX_ROWS = 200_000
MAX_COLUMNS = 200
READER_MEMORY_BYTES = 2 * 1024 * 1024 * 1024  # the child's address space
READER_TIMEOUT_SECONDS = 120
READER = Path(__file__).with_name("xlsx_reader.py")

_REF = re.compile(rb'\br(?:ef)?="([A-Z]{0,3})(\d{0,7})(?::([A-Z]{1,3})(\d{1,7}))?"')
_CHUNK = 1024 * 1024


class SpreadsheetRefused(ValueError):
    """A spreadsheet the portal does not parse; `str(exc)` is the message for the user."""


def _unreadable() -> SpreadsheetRefused:
    return SpreadsheetRefused(
        _("The file cannot be read: save it as .xlsx or UTF-8 .csv and try again.")
    )


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _sheet_extent(part) -> tuple[int, int]:
    """The furthest row and column a worksheet part declares (its <dimension>) or uses (the
    `r` references of its rows and cells), read as a stream without parsing the XML."""
    rows = columns = 0
    tail = b""
    while chunk := part.read(_CHUNK):
        text = tail + chunk
        for match in _REF.finditer(text):
            for letters, digits in (match.group(1, 2), match.group(3, 4)):
                if letters:
                    columns = max(columns, _column_number(letters))
                if digits:
                    rows = max(rows, int(digits))
        tail = text[-64:]
    return rows, columns


def check_xlsx(data: bytes) -> None:
    """Refuse, before any parser sees it, an .xlsx that would unpack or spread too far."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
        unpacked = sum(part.file_size for part in parts)
        if len(parts) > MAX_PARTS or unpacked > MAX_UNPACKED_BYTES:
            raise SpreadsheetRefused(
                _(
                    "The Excel file is too large once unpacked (%(size)s; the limit is "
                    "%(limit)s). Split it into smaller files."
                )
                % {
                    "size": filesizeformat(unpacked),
                    "limit": filesizeformat(MAX_UNPACKED_BYTES),
                }
            )
        for part in parts:
            if not (part.filename.startswith("xl/worksheets/") and part.filename.endswith(".xml")):
                continue
            with archive.open(part) as stream:
                rows, columns = _sheet_extent(stream)
            if rows > MAX_ROWS or columns > MAX_COLUMNS:
                raise SpreadsheetRefused(
                    _(
                        "The sheet reaches row %(rows)s and column %(columns)s; an import holds at "
                        "most %(max_rows)s rows and %(max_columns)s columns. Delete the empty "
                        "rows and columns below and to the right of the data, or split the file."
                    )
                    % {
                        "rows": number_format(rows, force_grouping=True),
                        "columns": number_format(columns, force_grouping=True),
                        "max_rows": number_format(MAX_ROWS, force_grouping=True),
                        "max_columns": number_format(MAX_COLUMNS, force_grouping=True),
                    }
                )
    except SpreadsheetRefused:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as exc:
        raise _unreadable() from exc


def _decode(item: dict):
    (kind, value), *_rest = item.items()
    if kind == "datetime":
        return dt.datetime.fromisoformat(value)
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "time":
        return dt.time.fromisoformat(value)
    return dt.timedelta(seconds=value)


def read_first_sheet(data: bytes) -> list[list]:
    """The rows of an .xlsx file's first sheet (lists of str, int, float, bool, date, ...).

    Raises SpreadsheetRefused with a message for the user when the file is refused by the
    checks or its reader fails; the web process itself never parses the file."""
    check_xlsx(data)
    try:
        completed = subprocess.run(  # noqa: S603 - our own script, run by our own interpreter
            [sys.executable, "-I", str(READER), str(READER_MEMORY_BYTES)],
            input=data,
            capture_output=True,
            timeout=READER_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise SpreadsheetRefused(
            _("The file took too long to read. Split it into smaller files.")
        ) from exc
    if completed.returncode != 0:
        logger.warning(
            "The .xlsx reader failed (exit %s): %s",
            completed.returncode,
            completed.stderr[-500:].decode(errors="replace"),
        )
        raise _unreadable()
    return json.loads(completed.stdout, object_hook=_decode)
