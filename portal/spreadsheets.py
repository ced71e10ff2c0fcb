"""Every Excel file the portal writes or reads goes through here.

Writing (import templates and small files through openpyxl; the staff lists' exports of any
size through `StreamingWorkbook`, at the end of this module, with the same rules):
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

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.cell.cell import Cell

# openpyxl (with lxml, about 20 MB) is imported by the functions that build a workbook with it,
# not here: the export worker imports this module for `StreamingWorkbook`, which does not use it
# (tests/portal/test_exports_streaming.py holds the export path to that).
NUMERIC_TYPES = (int, float, Decimal)  # openpyxl's, without numpy's (the portal has none)
TIME_TYPES = (dt.datetime, dt.date, dt.time, dt.timedelta)

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def cell(sheet, value) -> Cell:
    """A cell of `sheet` holding `value`; strings always as text, never as a formula."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)  # Excel has no time zones; the value is local time
    from openpyxl.cell.cell import Cell

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
    from openpyxl import Workbook

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

# `r="A1"` or `ref="A1:C9"` after a non-word character. The boundary is asserted after the
# literal "r" (a look-behind: no word character before that "r"), not with a leading `\b`,
# so the engine jumps from "r" to "r" instead of testing a boundary at every byte of the sheet
# (the same matches; half the time on a 14 MB sheet).
_REF = re.compile(rb'r(?<!\wr)(?:ef)?="([A-Z]{0,3})(\d{0,7})(?::([A-Z]{1,3})(\d{1,7}))?"')
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
        found = _REF.findall(text)
        if found:
            # The same references as a match-by-match walk, taken column-wise: a sheet's
            # letters repeat on every row and its row numbers on every cell, so the distinct
            # ones are few and Python looks at each once (10,000 rows: 0.4 s -> 0.05 s).
            first_letters, first_digits, last_letters, last_digits = zip(*found, strict=True)
            letters = set(first_letters) | set(last_letters)
            digits = set(first_digits) | set(last_digits)
            letters.discard(b"")
            digits.discard(b"")
            if letters:
                columns = max(columns, *map(_column_number, letters))
            if digits:
                rows = max(rows, *map(int, digits))
        tail = text[-64:]
    return rows, columns


def _letter_count(number: int) -> int:
    """How many letters the column `number` is written with (26 -> Z: 1, 27 -> AA: 2)."""
    letters = 0
    while number > 0:
        number, _rest = divmod(number - 1, 26)
        letters += 1
    return letters


# Every byte as its class for `_beyond_markers`: an upper-case letter "A", a digit "0", a
# quote or a colon (what a reference follows) '"', anything else ".".
_CLASSES = bytes(
    ord("A")
    if 65 <= byte <= 90
    else ord("0")
    if 48 <= byte <= 57
    else ord('"')
    if byte in b'":'
    else ord(".")
    for byte in range(256)
)


@lru_cache(maxsize=4)
def _beyond_markers(max_rows: int, max_columns: int) -> tuple[bytes, ...]:
    """Byte strings found in a text put through `_CLASSES` wherever the text may hold a
    reference `_REF` could read past the limits (and in a few more places, where the exact
    scan then decides): a quote or a colon, then as many letters as the last allowed column
    has (AA.. for 200 columns), or up to three letters fewer than that followed by as many
    digits as the last allowed row has (6 for 200,000 rows). Fewer letters or digits are
    within the limits, so a sheet where none is found needs no closer look. Three literal
    searches (`memmem` in C), where a regular expression tried a match at each of a sheet's
    430,000 `="` (14 MB of sheet XML: 57 -> 30 ms with the inflating)."""
    letters = _letter_count(max_columns)
    digits = len(str(max_rows))
    tails = [b"A" * letters] + [b"A" * count + b"0" * digits for count in range(min(letters, 4))]
    return tuple(b'"' + tail for tail in tails)


def _within_limits(part) -> bool:
    """True when the worksheet part surely stays within MAX_ROWS and MAX_COLUMNS (False: it
    may not, and `_sheet_extent` says exactly): none of `_beyond_markers` in the text's byte
    classes. The chunks are translated as they come; the last bytes of the one before are
    kept, already translated, for a marker that straddles two chunks."""
    markers = _beyond_markers(MAX_ROWS, MAX_COLUMNS)
    tail = b""
    while chunk := part.read(_CHUNK):
        text = tail + chunk.translate(_CLASSES)
        if any(marker in text for marker in markers):
            return False
        tail = text[-64:]
    return True


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
                if _within_limits(stream):
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
    checks or its reader fails; the web process itself never parses the file. The reader
    child starts at once and the checks run here meanwhile (on another core they cost no
    wall time): the child is memory-capped and its rows are used only once the checks have
    passed; a file they refuse has its child killed and gets their message."""
    with tempfile.TemporaryFile() as source:
        source.write(data)
        source.seek(0)
        child = subprocess.Popen(  # noqa: S603 - our own script, run by our own interpreter
            [sys.executable, "-I", str(READER), str(READER_MEMORY_BYTES)],
            stdin=source,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    try:
        check_xlsx(data)
        stdout, stderr = child.communicate(timeout=READER_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as exc:
        raise SpreadsheetRefused(
            _("The file took too long to read. Split it into smaller files.")
        ) from exc
    finally:
        if child.returncode is None:
            child.kill()
            child.communicate()
    if child.returncode != 0:
        logger.warning(
            "The .xlsx reader failed (exit %s): %s",
            child.returncode,
            stderr[-500:].decode(errors="replace"),
        )
        raise _unreadable()
    return json.loads(stdout, object_hook=_decode)


# --- Streaming writer (exports of any size) -------------------------------------------------
#
# openpyxl, even write-only, builds a Cell and a style object for every value and serialises
# them through its XML layer: about 40 µs a cell, so the registry's 18 columns of 200,000 rows
# took minutes. `StreamingWorkbook` writes the SpreadsheetML itself, row by row, straight into
# the zip member: a fixed set of cell styles (made when first used), strings inline (no shared
# string table to keep in memory), dates as Excel serials with their number format. Memory holds
# one buffer of rows, whatever the number of rows. Strings are always text (never a formula),
# and those a spreadsheet would read as a formula carry the quote prefix, as `cell()` does.

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_NEEDS_ESCAPE = re.compile(r"[&<>\"\x00-\x08\x0b-\x1f]")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # not allowed in XML 1.0 at all
_BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4}
_EXCEL_EPOCH = dt.date(1899, 12, 30).toordinal()
_FLUSH_ROWS = 500  # rows joined and written to the zip member at a time


def _escape(text: str) -> str:
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    text = _ILLEGAL.sub("", text)
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\r", "&#13;")
    )


def _letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _style_attribute(style: int) -> str:
    return f' s="{style}"' if style else ""


def excel_serial(value: dt.date) -> float | int:
    """The Excel (1900 system) serial of a date or a naive datetime, to the second."""
    days = value.toordinal() - _EXCEL_EPOCH
    if days < 61:  # before 1 March 1900 Excel counts a 29 February 1900 that never was
        days -= 1
    if isinstance(value, dt.datetime):
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        return days + seconds / 86400 if seconds else days
    return days


class StreamingSheet:
    """One worksheet being written; made by `StreamingWorkbook.add_sheet`."""

    def __init__(
        self, book: StreamingWorkbook, stream, widths, formats, frozen_header: bool
    ) -> None:
        self.book, self.stream = book, stream
        self.columns = len(widths)
        self.letters = [_letters(number) for number in range(1, self.columns + 1)]
        # Per column: the style of a number or date in it (its number format), of plain text,
        # and of text a spreadsheet would read as a formula.
        self.number_styles = [_style_attribute(book.style(number_format=f)) for f in formats]
        self.date_styles = [
            _style_attribute(book.style(number_format=f if f and "d" in f else "yyyy-mm-dd"))
            for f in formats
        ]
        self.quoted_style = _style_attribute(book.style(quote_prefix=True))
        self.header_style = _style_attribute(book.style(bold=True, wrap=True))
        self.rows = 0
        self.buffer: list[str] = []
        head = [_XML_HEAD, f'<worksheet xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">']
        if frozen_header:
            head.append(
                '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" '
                'activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            )
        else:
            head.append('<sheetViews><sheetView workbookViewId="0"/></sheetViews>')
        head.append('<sheetFormatPr defaultRowHeight="15"/>')
        if widths:
            head.append("<cols>")
            head.extend(
                f'<col min="{n}" max="{n}" width="{w}" customWidth="1"/>'
                for n, w in enumerate(widths, start=1)
                if w
            )
            head.append("</cols>")
        head.append("<sheetData>")
        self.stream.write("".join(head).replace("<cols></cols>", "").encode())

    def header(self, labels) -> None:
        """The header row: bold, wrapped text."""
        self._row(labels, header=True)

    def append(self, values) -> None:
        """One row of values: numbers (int, float, Decimal), dates, datetimes (naive, local
        time), booleans, text; None or "" leaves the cell empty."""
        self._row(values)

    def _row(self, values, header: bool = False) -> None:
        self.rows += 1
        number = self.rows
        cells = []
        letters = self.letters
        for position, value in enumerate(values):
            if value is None or value == "":
                continue
            ref = f"{letters[position]}{number}"
            kind = type(value)
            if kind is bool:
                cells.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
            elif not header and isinstance(value, NUMERIC_TYPES):
                cells.append(f'<c r="{ref}"{self.number_styles[position]}><v>{value}</v></c>')
            elif not header and isinstance(value, dt.date):
                if isinstance(value, dt.datetime) and value.tzinfo is not None:
                    value = value.replace(tzinfo=None)
                serial = excel_serial(value)
                cells.append(f'<c r="{ref}"{self.date_styles[position]}><v>{serial}</v></c>')
            else:  # text, lazy translations, choices and the like: always a string
                text = value if kind is str else str(value)
                style = (
                    self.header_style
                    if header
                    else self.quoted_style
                    if text.startswith(FORMULA_TRIGGERS)
                    else ""
                )
                cells.append(
                    f'<c r="{ref}" t="inlineStr"{style}><is><t xml:space="preserve">'
                    f"{_escape(text)}</t></is></c>"
                )
        self.buffer.append(f'<row r="{number}">{"".join(cells)}</row>')
        if len(self.buffer) >= _FLUSH_ROWS:
            self.flush()

    def flush(self) -> None:
        if self.buffer:
            self.stream.write("".join(self.buffer).encode("utf-8", "replace"))
            self.buffer.clear()

    def close(self, *, auto_filter: bool) -> str:
        """End the sheet; returns its autofilter range in absolute form ("" when none)."""
        self.flush()
        tail = ["</sheetData>"]
        ref = ""
        if auto_filter and self.columns:
            last, rows = self.letters[-1], max(self.rows, 1)
            ref = f"$A$1:${last}${rows}"
            tail.append(f'<autoFilter ref="A1:{last}{rows}"/>')
        tail.append("</worksheet>")
        self.stream.write("".join(tail).encode())
        self.stream.close()
        return ref


class StreamingWorkbook:
    """An .xlsx written as it goes into `target` (a path or a seekable binary file): sheets one
    after the other (`add_sheet`, rows, `close_sheet`), then `close()`."""

    def __init__(self, target) -> None:
        self.zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self.sheets: list[tuple[str, str]] = []  # (title, autofilter range)
        self.formats: dict[str, int] = {}
        self.styles: dict[tuple, int] = {(0, False, False, False): 0}
        self.current: StreamingSheet | None = None

    def style(self, *, number_format=None, bold=False, wrap=False, quote_prefix=False) -> int:
        format_id = 0
        if number_format:
            format_id = _BUILTIN_FORMATS.get(number_format) or self.formats.setdefault(
                number_format, 164 + len(self.formats)
            )
        return self.styles.setdefault((format_id, bold, wrap, quote_prefix), len(self.styles))

    def add_sheet(self, title: str, *, widths=(), formats=(), frozen_header=True):
        """A new sheet (the previous one must be closed): `widths` and `formats` (a number
        format or None) per column."""
        if self.current is not None:
            self.close_sheet()
        formats = list(formats) or [None] * len(widths)
        number = len(self.sheets) + 1
        # The sheet's size is not known before it is written: ZIP64 from the start, so a sheet
        # past 2 GB unpacked (about 2,000,000 rows) still closes (zipfile refuses otherwise).
        stream = self.zip.open(f"xl/worksheets/sheet{number}.xml", "w", force_zip64=True)
        self.current = StreamingSheet(self, stream, list(widths), formats, frozen_header)
        self.current_title = title
        return self.current

    def close_sheet(self, *, auto_filter: bool = True) -> None:
        if self.current is None:
            return
        ref = self.current.close(auto_filter=auto_filter)
        self.sheets.append((self.current_title, ref))
        self.current = None

    def close(self) -> None:
        if self.current is not None:
            self.close_sheet()
        if not self.sheets:
            self.add_sheet("Sheet")
            self.close_sheet(auto_filter=False)
        count = len(self.sheets)
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for n in range(1, count + 1)
        )
        self.zip.writestr(
            "[Content_Types].xml",
            _XML_HEAD
            + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f"{overrides}</Types>",
        )
        self.zip.writestr(
            "_rels/.rels",
            _XML_HEAD + f'<Relationships xmlns="{_PKG_REL_NS}"><Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        sheets, names = [], []
        for n, (title, ref) in enumerate(self.sheets, start=1):
            sheets.append(f'<sheet name="{_escape(title)}" sheetId="{n}" r:id="rId{n}"/>')
            if ref:
                quoted = title.replace("'", "''")
                names.append(
                    f'<definedName name="_xlnm._FilterDatabase" localSheetId="{n - 1}" '
                    f'hidden="1">{_escape(f"{chr(39)}{quoted}{chr(39)}!{ref}")}</definedName>'
                )
        defined = f"<definedNames>{''.join(names)}</definedNames>" if names else ""
        self.zip.writestr(
            "xl/workbook.xml",
            _XML_HEAD + f'<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}">'
            f"<sheets>{''.join(sheets)}</sheets>{defined}</workbook>",
        )
        rels = "".join(
            f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>'
            for n in range(1, count + 1)
        )
        rels += (
            f'<Relationship Id="rId{count + 1}" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        )
        self.zip.writestr(
            "xl/_rels/workbook.xml.rels",
            _XML_HEAD + f'<Relationships xmlns="{_PKG_REL_NS}">{rels}</Relationships>',
        )
        self.zip.writestr("xl/styles.xml", self._styles_xml())
        self.zip.close()

    def _styles_xml(self) -> str:
        formats = "".join(
            f'<numFmt numFmtId="{number}" formatCode="{_escape(code)}"/>'
            for code, number in self.formats.items()
        )
        xfs = []
        for (format_id, bold, wrap, quote_prefix), _index in sorted(
            self.styles.items(), key=lambda item: item[1]
        ):
            font = 1 if bold else 0
            attributes = f'numFmtId="{format_id}" fontId="{font}" fillId="0" borderId="0" xfId="0"'
            if format_id:
                attributes += ' applyNumberFormat="1"'
            if bold:
                attributes += ' applyFont="1"'
            if quote_prefix:
                attributes += ' quotePrefix="1"'
            if wrap:
                xfs.append(
                    f'<xf {attributes} applyAlignment="1"><alignment wrapText="1" '
                    'vertical="top"/></xf>'
                )
            else:
                xfs.append(f"<xf {attributes}/>")
        return (
            _XML_HEAD
            + f'<styleSheet xmlns="{_MAIN_NS}">'
            + (f'<numFmts count="{len(self.formats)}">{formats}</numFmts>' if formats else "")
            + '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
            '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            "</cellStyleXfs>"
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>"
        )
