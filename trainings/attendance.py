"""Attendance lists in Excel: the template staff fill in, and reading a filled one.

The file is read by `portal.spreadsheets.read_first_sheet` (size checks, then a child process
with a memory cap); the rows are checked and saved, all or nothing, by
`services.attendance_import`.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from portal import spreadsheets

from .models import Enrollment

# (field, column title) in the order of the template's columns.
COLUMNS = (
    ("full_name", gettext_lazy("Full name (required)")),
    ("email", gettext_lazy("E-mail (required)")),
    ("phone", gettext_lazy("Phone")),
    ("position", gettext_lazy("Position")),
    ("workplace", gettext_lazy("Workplace")),
    ("tax_code", gettext_lazy("Tax code of the organization")),
    ("participant_type", gettext_lazy("Participant type")),
)


def _titles() -> list[str]:
    return [str(title) for _field, title in COLUMNS]


def template_workbook():
    """An empty attendance list with its header, one example row and a list of the
    participant types."""
    workbook = spreadsheets.new_workbook()
    sheet = workbook.active
    sheet.title = _("Attendance")
    spreadsheets.append_row(sheet, _titles())
    for item in sheet[1]:
        item.font = Font(bold=True)
    types = [str(label) for _value, label in Enrollment.ParticipantType.choices]
    for letter, width in zip("ABCDEFG", (28, 30, 16, 20, 34, 20, 28), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    choices = DataValidation(type="list", formula1='"' + ",".join(types) + '"', allow_blank=True)
    sheet.add_data_validation(choices)
    choices.add("G2:G2001")
    # The instructions on a second sheet: only the first one is read.
    notes = workbook.create_sheet(_("Instructions"))
    for line in (
        _("One participant per row, from row 2 of the first sheet; keep the header row."),
        _("Full name and e-mail are required; an e-mail may appear only once in the course."),
        _(
            "Tax code: the organization the person works for, if it is registered in the "
            "portal (the person is then counted for it)."
        ),
        _("Participant type: one of %(types)s (empty: enterprise staff).")
        % {"types": ", ".join(types)},
        _(
            "If any row is wrong nothing is saved: the page lists every wrong row by its "
            "number, correct them and upload the file again."
        ),
    ):
        spreadsheets.append_row(notes, [line])
    notes.column_dimensions["A"].width = 110
    return workbook


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone number or tax code typed as a number
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def read_rows(data: bytes) -> list[tuple[int, dict]]:
    """(row number in the file, values) of each filled row; raises ValidationError for a file
    that is not an attendance list made from the template."""
    try:
        rows = spreadsheets.read_first_sheet(data)
    except spreadsheets.SpreadsheetRefused as exc:
        raise ValidationError(str(exc)) from None
    if not rows:
        raise ValidationError(_("The file is empty."))
    header = [_text(value).lower() for value in rows[0][: len(COLUMNS)]]
    expected = [title.lower() for title in _titles()]
    if header[:2] != expected[:2]:
        raise ValidationError(
            _(
                "The first row must be the template's header (“%(first)s”, “%(second)s”, …). "
                "Download the template and copy the participants into it."
            )
            % {"first": _titles()[0], "second": _titles()[1]}
        )
    types = {str(label).lower(): value for value, label in Enrollment.ParticipantType.choices}
    types.update({value: value for value, _label in Enrollment.ParticipantType.choices})
    result = []
    for number, row in enumerate(rows[1:], start=2):
        values = {
            field: _text(row[index]) if index < len(row) else ""
            for index, (field, _title) in enumerate(COLUMNS)
        }
        if not any(values.values()):
            continue  # an empty line
        kind = values["participant_type"]
        values["participant_type"] = types.get(kind.lower(), kind) if kind else ""
        result.append((number, values))
    return result
