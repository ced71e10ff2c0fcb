"""Import organizations and support activities from Excel (.xlsx) or CSV.

Every row is validated first; the preview lists each row's errors in Vietnamese. Nothing is
written unless every row is valid, and then everything is written in one transaction with
bulk operations. A tax code already known updates that organization instead of duplicating it.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import re
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from types import SimpleNamespace
from typing import cast

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.db import connection, models, transaction
from django.db.models.base import ModelState
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history
from unidecode import unidecode

from portal import spreadsheets, yearlock
from portal.models import AdministrativeUnit
from portal.validators import PlainTextValidator

from . import ledger_totals, registry_count, supported
from .bulk import insert_rows
from .models import Organization, Solution, SupportActivity
from .services import ACTIVITY_FIELDS, industry_code_problem, organization_derive
from .taxcode import is_personal_id, normalize_tax_code


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # Vietnamese header, as in the template file
    required: bool = False
    example: object = ""


ORGANIZATION_COLUMNS = [
    Column("tax_code", "Mã số thuế", True, "0100233488"),
    Column("name", "Tên tổ chức", True, "Công ty TNHH Cơ khí Việt Trì"),
    Column("short_name", "Tên viết tắt", False, "Cơ khí Việt Trì"),
    Column("kind", "Loại hình", False, "Doanh nghiệp"),
    Column("legal_form", "Hình thức pháp lý", False, "Công ty TNHH hai thành viên trở lên"),
    Column("ownership", "Sở hữu", False, "Tư nhân trong nước"),
    Column("founded_on", "Ngày thành lập", False, "15/03/2010"),
    Column("industry_classification", "Hệ thống ngành", False, "VSIC 2025"),
    Column("industry_code", "Mã ngành", False, "2511"),
    Column("employees", "Số lao động", False, 45),
    Column("annual_revenue", "Doanh thu năm (đồng)", False, 25_000_000_000),
    Column("total_capital", "Tổng nguồn vốn (đồng)", False, 12_000_000_000),
    Column("commune_code", "Mã xã/phường", False, ""),
    Column("address", "Địa chỉ", False, "Số 10 đường Hùng Vương"),
    Column("phone", "Điện thoại", False, "0210 3 812 345"),
    Column("email", "Email", False, "lienhe@cokhivt.vn"),
    Column("legal_representative", "Người đại diện theo pháp luật", False, "Nguyễn Văn An"),
    Column("contact_name", "Người liên hệ", False, "Trần Thị Bình"),
    Column("contact_phone", "Điện thoại liên hệ", False, "0912 345 678"),
    Column("contact_email", "Email liên hệ", False, "binh@cokhivt.vn"),
    Column("main_products", "Sản phẩm chính", False, "Kết cấu thép"),
]

ACTIVITY_COLUMNS = [
    Column("tax_code", "Mã số thuế", True, "0100233488"),
    Column("date", "Ngày", True, "20/05/2024"),
    Column("kind", "Hình thức hỗ trợ", True, "Đào tạo"),
    Column("title", "Nội dung", True, "Đào tạo áp dụng 5S"),
    Column("solutions", "Mã giải pháp", False, "5s, kaizen"),
    Column("participants", "Số người tham gia", False, 12),
    Column("state_budget", "Ngân sách nhà nước (đồng)", False, 30_000_000),
    Column("own_contribution", "Đối ứng doanh nghiệp (đồng)", False, 10_000_000),
    Column("outcome", "Kết quả", False, ""),
    Column("certificate_number", "Số chứng chỉ/giấy chứng nhận", False, ""),
    Column("certificate_body", "Tổ chức chứng nhận", False, ""),
    Column("certificate_date", "Ngày cấp", False, ""),
    Column("batch_key", "Nhóm hoạt động", False, "HT-2024-01"),
    Column("description", "Mô tả", False, ""),
]

COLUMNS = {"organizations": ORGANIZATION_COLUMNS, "activities": ACTIVITY_COLUMNS}


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    kind: str
    total: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)
    header_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and not self.header_error and self.total > 0


def _norm(text) -> str:
    return _norm_text(str(text or ""))


@lru_cache(maxsize=4096)
def _norm_text(text: str) -> str:
    # The same few labels ("Doanh nghiệp", "Công ty TNHH ...") come back on every row.
    return " ".join(unidecode(text).lower().replace("_", " ").split())


def _choice_map(choices) -> dict[str, str]:
    mapping = {}
    for value, label in choices:
        mapping[_norm(value)] = value
        mapping[_norm(label)] = value
        with translation.override("vi"):
            mapping[_norm(str(label))] = value
        with translation.override("en"):
            mapping[_norm(str(label))] = value
    return mapping


def read_rows(data: bytes, filename: str) -> tuple[list[str], list[list]]:
    """Header cells and data rows (lists of cell values) of the first sheet or the CSV."""
    if filename.lower().endswith(".csv"):
        text = data.decode("utf-8-sig", errors="replace")
        sample = text[:4096]
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        rows = list(csv.reader(io.StringIO(text), dialect))
    else:
        rows = spreadsheets.read_first_sheet(data)
    rows = [r for r in rows if any(c not in (None, "") for c in r)]
    if not rows:
        return [], []
    return [str(c or "").strip() for c in rows[0]], rows[1:]


def _tax_code_cell(value) -> str:
    """A tax code typed as a number in Excel loses its leading zero: put it back."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        text = str(value)
        return text.zfill(10) if len(text) == 9 else text.zfill(12) if len(text) == 11 else text
    return str(value or "")


def _header_index(headers: list[str], columns: list[Column]) -> tuple[dict[str, int], str]:
    known = {}
    for column in columns:
        known[_norm(column.key)] = column.key
        known[_norm(column.label)] = column.key
    index = {}
    for position, header in enumerate(headers):
        key = known.get(_norm(header))
        if key and key not in index:
            index[key] = position
    missing = [c.label for c in columns if c.required and c.key not in index]
    if missing:
        return index, _("The file is missing these columns: %(columns)s.") % {
            "columns": ", ".join(missing)
        }
    return index, ""


def _cell(row: list, index: dict[str, int], key: str):
    position = index.get(key)
    if position is None or position >= len(row):
        return None
    value = row[position]
    if isinstance(value, float) and value.is_integer() and key != "tax_code":
        return int(value)
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _row_cells(row: list, positions: list[tuple[str, int]]) -> dict:
    """`{key: _cell(row, index, key) for key in index}` in one pass (a row of 21 cells made
    21 calls): each cell as `_cell` reads it."""
    length = len(row)
    cells = {}
    for key, position in positions:
        value = row[position] if position < length else None
        if isinstance(value, str):
            value = value.strip() or None
        elif isinstance(value, float) and value.is_integer() and key != "tax_code":
            value = int(value)
        cells[key] = value
    return cells


def _int_value(value) -> tuple[int | None, str | None]:
    """A cell read as a whole number of zero or more: (number, None) or (None, message)."""
    if value is None:
        return None, None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = value
    else:
        text = str(value).replace(".", "").replace(",", "").replace(" ", "").replace("₫", "")
        if not text.lstrip("-").isdigit():
            return None, _("“%(value)s” is not a whole number.") % {"value": value}
        number = int(text)
    if number < 0 or int(number) != number:
        return None, _("Enter a whole number of zero or more.")
    return int(number), None


def _as_int(value, column: str, errors: list, row_no: int):
    number, message = _int_value(value)
    if message is not None:
        errors.append(RowError(row_no, column, message))
    return number


@lru_cache(maxsize=4096)
def _date_text(text: str) -> dt.date | None:
    # The same dates come back on many rows; strptime costs more than the rest of a cell.
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return None


def _date_value(value) -> tuple[dt.date | None, str | None]:
    """A cell read as a calendar date: (date, None) or (None, message)."""
    if value is None:
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    found = _date_text(str(value).strip())
    if found is not None:
        return found, None
    return None, _("“%(value)s” is not a date (dd/mm/yyyy).") % {"value": value}


def _as_date(value, column: str, errors: list, row_no: int):
    date, message = _date_value(value)
    if message is not None:
        errors.append(RowError(row_no, column, message))
    return date


def _choice_value(value, mapping: dict) -> tuple[str | None, str | None]:
    """A cell read as one of `mapping`'s values: (value, None) or (None, message)."""
    if value is None:
        return None, None
    found = mapping.get(_norm(value))
    if found is None:
        return None, _("“%(value)s” is not one of the accepted values.") % {"value": value}
    return found, None


def _as_choice(value, mapping: dict, column: str, errors: list, row_no: int, default=None):
    if value is None:
        return default
    found, message = _choice_value(value, mapping)
    if message is not None:
        errors.append(RowError(row_no, column, message))
    return found


_UNSET = object()
_NULL_CHARACTER = re.compile("\x00")


def _accepted(validators: list, value) -> bool:
    """True when none of `validators` refuses `value`."""
    try:
        for validator in validators:
            validator(value)
    except ValidationError:
        return False
    return True


def _distinct_keys(values: list) -> list:
    """Keys under which equal cells are one: the values themselves when the column holds
    one type, else (type, value) pairs (1, 1.0 and True are equal in Python, not as cells)."""
    if len(set(map(type, values))) <= 1:
        return values
    return list(zip(map(type, values), values, strict=True))


def _per_distinct(values: list, convert) -> list:
    """`[convert(v) for v in values]`, `convert` called once per distinct cell value."""
    keys = _distinct_keys(values)
    outcomes = {key: convert(value) for key, value in dict(zip(keys, values, strict=True)).items()}
    return [outcomes[key] for key in keys]


class RowChecker:
    """What `instance.full_clean(exclude=IMPORT_EXCLUDE[model], validate_unique=False,
    validate_constraints=False)` does, row after row, without doing the same work twice.

    Each checked field's value goes through that field's own `clean()` (its `to_python`, its
    choices and blank rules, its validators, with their messages), then the model's `clean()`
    runs on the whole row, exactly as in `Model.full_clean`. What is not repeated: a value
    already cleaned by the same field in this file (a field's `clean` reads only the value,
    so "Doanh nghiệp", "2511" or "Nguyễn Văn An" on 10,000 rows is checked once), and
    Django's per-call set-up (building the exclude set, walking every field). Uniqueness and
    constraints are the import's own set-based checks (the known tax codes are read in one
    query), so nothing here asks the database anything."""

    def __init__(self, model):
        excluded = set(IMPORT_EXCLUDE[model])
        checked = [f for f in model._meta.fields if f.name not in excluded and not f.generated]
        # Fields that clean a value identically share what they remembered (the e-mail and
        # the contact e-mail, often the same address): same class, same rules, same
        # validators, so `clean(value)` gives the same value or the same messages.
        # (Validators compare equal by their settings but are not hashable: a list, searched.)
        memories: list[tuple[tuple, dict]] = []
        self.fields = []
        for f in checked:
            rules = self._rules(f)
            memory = next((kept for other, kept in memories if other == rules), None)
            if memory is None:
                memory = {}
                memories.append((rules, memory))
            self.fields.append((f, f.name, f.attname, f.blank, f.empty_values, memory))
        self.column_checks = {f.attname: self._column_check(f) for f in checked}

    @staticmethod
    def _column_check(field) -> tuple[int | None, list[re.Pattern], list] | None:
        """For a text field whose `clean` keeps a non-empty string as it is or refuses it (no
        choices, Django's own `to_python`, `validate` and `run_validators`): the longest
        length allowed and the patterns of the refused characters (`MaxLengthValidator`,
        `PlainTextValidator`, `ProhibitNullCharactersValidator`), so that a whole column of
        distinct strings is checked with one `max` and one search per pattern (`columns`),
        and its other validators (the e-mail's, the tax code's), called on each value
        without the rest of `clean` around them. None for any other field (the choices, the
        numbers, the dates), which clean value by value."""
        kind = type(field)
        if (
            field.choices
            or kind.to_python not in (models.CharField.to_python, models.TextField.to_python)
            or kind.clean is not models.Field.clean
            or kind.validate is not models.Field.validate
            or kind.run_validators is not models.Field.run_validators
        ):
            return None
        longest: int | None = None
        patterns = []
        others = []
        for validator in field.validators:
            if type(validator) is MaxLengthValidator and isinstance(validator.limit_value, int):
                limit = validator.limit_value
                longest = limit if longest is None else min(longest, limit)
            elif type(validator) is PlainTextValidator:
                patterns.append(validator.pattern)
            elif type(validator) is ProhibitNullCharactersValidator:
                patterns.append(_NULL_CHARACTER)
            else:
                others.append(validator)
        return longest, patterns, others

    @staticmethod
    def _column_passes(check: tuple[int | None, list[re.Pattern], list], texts: list) -> bool:
        """True when every one of `texts` is a non-empty `str` that the field's length and
        character validators accept (`_column_check`): no text longer than allowed, no
        refused character. The patterns are single-character classes without the space, so a
        search of the texts joined by spaces finds a character exactly when one of the texts
        holds it."""
        longest, patterns, _others = check
        if not texts or set(map(type, texts)) != {str} or min(map(len, texts)) == 0:
            return False
        if longest is not None and max(map(len, texts)) > longest:
            return False
        joined = " ".join(texts)
        return not any(pattern.search(joined) for pattern in patterns)

    @staticmethod
    def _rules(field) -> tuple:
        if type(field) in (models.CharField, models.EmailField) and not field.choices:
            return (
                type(field),
                field.max_length,
                field.null,
                field.blank,
                field.error_messages,
                *field.validators,
            )
        return (field,)

    @staticmethod
    def _clean(field, raw, instance) -> tuple:
        try:
            return field.clean(raw, instance), None
        except ValidationError as exc:
            return None, exc.error_list

    def errors(self, instance) -> dict[str, list[str]]:
        """The row's errors by field name, as `full_clean`'s `message_dict` would give them."""
        errors: dict = {}
        values = instance.__dict__  # a concrete field's value lives here (no descriptor)
        for model_field, name, attname, blank, empty_values, cleaned in self.fields:
            raw = values.get(attname, _UNSET)
            if raw is _UNSET:  # deferred: the descriptor loads it
                raw = getattr(instance, attname)
            if blank and raw in empty_values:
                continue
            key = (type(raw), raw)  # the type: 1, 1.0 and True are equal keys
            try:
                outcome = cleaned[key]
            except KeyError:
                outcome = cleaned[key] = self._clean(model_field, raw, instance)
            except TypeError:  # an unhashable value: cleaned, not remembered
                outcome = self._clean(model_field, raw, instance)
            value, error_list = outcome
            if error_list is None:
                values[attname] = value
            else:
                errors[name] = error_list
        return self.finish(instance, errors)

    @staticmethod
    def finish(instance, errors: dict) -> dict[str, list[str]]:
        """The model's `clean()` on the row whose fields gave `errors`, then `message_dict`."""
        try:
            instance.clean()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        return ValidationError(errors).message_dict if errors else {}

    def columns(self, values: dict[str, list], probe) -> tuple[dict[str, list], dict[int, dict]]:
        """The field checks of `errors`, a column at a time: `values` holds each checked
        field's column (by attname, one value per row); the answer is the columns as the rows'
        instances would hold them after the checks (cleaned, or as given where a value is empty
        or refused) and, per row index that has any, the field errors in field order (what
        `errors` collects before the model's `clean()`). Each distinct value of a column is
        looked up once in the field's memory, then the column is a list lookup per cell, so
        10,000 rows of 20 fields make no Python call per cell. `probe` is the instance handed
        to a field's `clean` (as in `errors`, a value is cleaned once whatever its row)."""
        cleaned: dict[str, list] = {}
        errors: dict[int, dict] = {}
        for model_field, name, attname, blank, empty_values, memory in self.fields:
            column = values[attname]
            keys = _distinct_keys(column)
            outcomes = {}
            distinct = {}
            for key, raw in dict(zip(keys, column, strict=True)).items():
                if blank and raw in empty_values:
                    outcomes[key] = (raw, None)
                else:
                    distinct[key] = raw
            check = self.column_checks[attname]
            if check is not None and self._column_passes(check, list(distinct.values())):
                others = check[2]
                if not others:
                    # Each value's `clean` would return it unchanged: no call per value.
                    outcomes.update({key: (raw, None) for key, raw in distinct.items()})
                    distinct = {}
                else:
                    # Only the other validators are left to ask: a value they accept is what
                    # its `clean` returns, remembered as `clean` would be; one they refuse is
                    # cleaned whole below, for the field's own messages.
                    for raw in distinct.values():
                        kept = (type(raw), raw)
                        if kept not in memory and _accepted(others, raw):
                            memory[kept] = (raw, None)
            for key, raw in distinct.items():
                kept = (type(raw), raw)
                try:
                    outcome = memory[kept]
                except KeyError:
                    outcome = memory[kept] = self._clean(model_field, raw, probe)
                value, error_list = outcome
                outcomes[key] = (raw, error_list) if error_list is not None else outcome
            results = [outcomes[key] for key in keys]
            cleaned[attname] = [value for value, _error_list in results]
            if any(error_list is not None for _value, error_list in outcomes.values()):
                for position, (_value, error_list) in enumerate(results):
                    if error_list is not None:
                        errors.setdefault(position, {})[name] = error_list
        return cleaned, errors


def _model_errors(
    instance, columns: list[Column], errors: list, row_no: int, checker: RowChecker
) -> None:
    """Validate the row as every other entry point does: the model's field rules, lengths,
    validators and `clean()` (`RowChecker`, the import's `full_clean`), so a row is refused
    for exactly what a form would refuse, with the same message. Relations were resolved from
    the file already and uniqueness is the import's own rule (a known tax code updates), so
    neither is asked of the database row by row. A column that already has an error (an
    unreadable date, an unknown choice) is not reported twice."""
    found = checker.errors(instance)
    if not found:
        return
    labels = {column.key: column.label for column in columns}
    labels["commune"] = labels.get("commune_code", "")
    already = {error.column for error in errors if error.row == row_no}
    for key, messages in found.items():
        label = labels.get(key) or labels["tax_code"]
        if label not in already:
            errors.extend(RowError(row_no, label, message) for message in messages)


# --- Organizations ----------------------------------------------------------------------------

ORG_TEXT_FIELDS = [
    "name",
    "short_name",
    "address",
    "phone",
    "legal_representative",
    "contact_name",
    "contact_phone",
    "main_products",
]


def _organization_lookups() -> SimpleNamespace:
    """What a cell may say, mapped to stored values: choices by code or label, communes by code."""
    classifications = [
        *Organization.IndustryClassification.choices,
        ("vsic2018", "VSIC 2018"),
        ("vsic2025", "VSIC 2025"),
    ]
    return SimpleNamespace(
        choices={
            "kind": ("Loại hình", _choice_map(Organization.Kind.choices)),
            "legal_form": ("Hình thức pháp lý", _choice_map(Organization.LegalForm.choices)),
            "ownership": ("Sở hữu", _choice_map(Organization.Ownership.choices)),
            "industry_classification": ("Hệ thống ngành", _choice_map(classifications)),
        },
        communes=dict(
            AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.COMMUNE).values_list(
                "code", "pk"
            )
        ),
    )


def _industry_value(version: str | None, raw) -> tuple[str | None, str | None]:
    """An industry code cell read for `version` (VSIC 2025 when none): (code, None) or
    (None, why it is not a code of that version)."""
    code = str(int(raw)) if isinstance(raw, float) else str(raw).strip()
    problem = industry_code_problem(version or Organization.IndustryClassification.VSIC_2025, code)
    return (None, problem) if problem else (code, None)


def _industry_code(item: dict, raw, errors: list, row_no: int) -> None:
    code, problem = _industry_value(item.get("industry_classification"), raw)
    if problem:
        errors.append(RowError(row_no, "Mã ngành", problem))
    else:
        item["industry_code"] = code


def _commune_value(raw, communes: dict) -> tuple[int | None, str | None]:
    """A commune code cell read as the commune's id: (id, None) or (None, message)."""
    code = (str(int(raw)) if isinstance(raw, (int, float)) else str(raw).strip()).zfill(5)
    if code in communes:
        return communes[code], None
    return None, _("Unknown commune code “%(code)s”.") % {"code": raw}


def _commune(item: dict, raw, communes: dict, errors: list, row_no: int) -> None:
    commune_id, message = _commune_value(raw, communes)
    if message is None:
        item["commune_id"] = commune_id
    else:
        errors.append(RowError(row_no, "Mã xã/phường", message))


def _organization_item(value: dict, lookups, errors: list, row_no: int) -> dict:
    """A row's cells read into the organization's values (what the file says, parsed);
    whether those values are acceptable is the model's `full_clean` to say."""
    tax_code = normalize_tax_code(_tax_code_cell(value.get("tax_code")))
    item = {"tax_code": tax_code, "row": row_no}
    for key in (*ORG_TEXT_FIELDS, "email", "contact_email"):
        if value.get(key) is not None:
            item[key] = str(value[key])
    for key, (label, mapping) in lookups.choices.items():
        if key in value:
            item[key] = _as_choice(value[key], mapping, label, errors, row_no)
    for key, label in (
        ("employees", "Số lao động"),
        ("annual_revenue", "Doanh thu"),
        ("total_capital", "Tổng nguồn vốn"),
    ):
        if value.get(key) is not None:
            item[key] = _as_int(value[key], label, errors, row_no)
    if value.get("founded_on") is not None:
        item["founded_on"] = _as_date(value["founded_on"], "Ngày thành lập", errors, row_no)
    if value.get("industry_code") is not None:
        _industry_code(item, value["industry_code"], errors, row_no)
    if value.get("commune_code") is not None:
        _commune(item, value["commune_code"], lookups.communes, errors, row_no)
    # A personal ID without a legal form is a household business (the only kind it may be).
    if tax_code and is_personal_id(tax_code) and item.get("legal_form") is None:
        item["legal_form"] = Organization.LegalForm.HOUSEHOLD
    return item


def _validate_organizations_by_row(headers, rows) -> tuple[ImportResult, list[dict]]:
    """The organizations file checked row after row: the reference `_validate_organizations`
    (column by column, what the import runs) is held to by the tests, error for error."""
    result = ImportResult(kind="organizations", total=len(rows))
    index, result.header_error = _header_index(headers, ORGANIZATION_COLUMNS)
    if result.header_error:
        return result, []
    lookups = _organization_lookups()
    codes = {normalize_tax_code(_tax_code_cell(_cell(row, index, "tax_code"))) for row in rows}
    existing = {o.tax_code: o for o in Organization.objects.filter(tax_code__in=codes - {""})}
    codes_seen: set[str] = set()
    parsed = []
    errors = result.errors
    checker = RowChecker(Organization)
    positions = list(index.items())
    new_values = vars(Organization(**NEW_ORGANIZATION_DEFAULTS))
    for offset, row in enumerate(rows):
        row_no = offset + 2
        before = len(errors)
        item = _organization_item(_row_cells(row, positions), lookups, errors, row_no)
        tax_code = item["tax_code"]
        if tax_code in codes_seen:
            errors.append(
                RowError(row_no, "Mã số thuế", _("This tax code appears twice in the file."))
            )
        codes_seen.add(tax_code)
        _model_errors(
            _organization_as_saved(item, existing.get(tax_code), new_values),
            ORGANIZATION_COLUMNS,
            errors,
            row_no,
            checker,
        )
        if len(errors) == before:
            parsed.append(item)
    result.created = sum(1 for p in parsed if p["tax_code"] not in existing)
    result.updated = sum(1 for p in parsed if p["tax_code"] in existing)
    result.preview = parsed[:20]
    for item in parsed:
        item["_existing"] = existing.get(item["tax_code"])
    errors.sort(key=lambda e: e.row)
    return result, parsed


def _column(rows: list[list], position: int) -> list:
    return [row[position] if position < len(row) else None for row in rows]


def _cell_value(value):
    """A cell as `_cell` reads it (text stripped, empty text None, 3.0 as 3)."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _tax_code_value(value) -> str:
    """A tax code cell in its stored form (a number keeps its float: `_tax_code_cell`)."""
    if isinstance(value, str):
        value = value.strip() or None
    return normalize_tax_code(_tax_code_cell(value))


ORG_NUMBERS = (
    ("employees", "Số lao động"),
    ("annual_revenue", "Doanh thu"),
    ("total_capital", "Tổng nguồn vốn"),
)


class _Refusals:
    """The errors found so far, per row index, in the order the per-row path finds them."""

    def __init__(self):
        self.rows: dict[int, list[RowError]] = {}
        # Positions handed to `take` and `add` count from here (the first row of the range
        # being checked); `rows` is keyed by the row's index in the whole file.
        self.offset = 0

    def take(self, outcomes: list[tuple], column: str) -> list:
        """The values of `(value, message)` outcomes; each message becomes its row's error."""
        values = [value for value, _message in outcomes]
        for position, (_value, message) in enumerate(outcomes):
            if message is not None:
                self.add(position, column, message)
        return values

    def add(self, position: int, column: str, message: str) -> None:
        position += self.offset
        self.rows.setdefault(position, []).append(RowError(position + 2, column, message))


_TEXT_OR_NONE = {str, type(None)}


def _cells(column: list) -> list:
    """`[_cell_value(v) for v in column]`: a column of text cells (names, addresses, e-mails,
    nearly all distinct) stripped in one comprehension, without a call per cell."""
    if set(map(type, column)) == {str}:
        return [value.strip() or None for value in column]
    return _per_distinct(column, _cell_value)


def _tax_codes(rows: list[list], index: dict[str, int]) -> list[str]:
    return _per_distinct(_column(rows, index["tax_code"]), _tax_code_value)


def _organization_columns(
    rows: list[list], index: dict[str, int], lookups, refusals: _Refusals, tax_codes=None
):
    """The file's cells read into the organizations' values, a column at a time: what
    `_organization_item` does row by row, each distinct cell of a column parsed once, with the
    same values and the same messages in the same order per row. `tax_codes`: the rows' tax
    codes when they were read already (`_tax_codes`)."""
    cells = {
        key: _cells(_column(rows, position)) for key, position in index.items() if key != "tax_code"
    }
    count = len(rows)
    nothing = [None] * count
    values: dict[str, list] = {
        "tax_code": _tax_codes(rows, index) if tax_codes is None else tax_codes
    }
    for key in (*ORG_TEXT_FIELDS, "email", "contact_email"):
        if key in cells:
            column = cells[key]
            if set(map(type, column)) <= _TEXT_OR_NONE:  # already what str() would make
                values[key] = column
            else:
                values[key] = _per_distinct(column, lambda v: None if v is None else str(v))
    for key, (label, mapping) in lookups.choices.items():
        if key in cells:
            outcomes = _per_distinct(cells[key], lambda v, m=mapping: _choice_value(v, m))
            values[key] = refusals.take(outcomes, label)
    for key, label in ORG_NUMBERS:
        if key in cells:
            values[key] = refusals.take(_per_distinct(cells[key], _int_value), label)
    if "founded_on" in cells:
        outcomes = _per_distinct(cells["founded_on"], _date_value)
        values["founded_on"] = refusals.take(outcomes, "Ngày thành lập")
    if "industry_code" in cells:
        versions = values.get("industry_classification", nothing)
        keys = list(
            zip(versions, map(type, cells["industry_code"]), cells["industry_code"], strict=True)
        )
        found = {
            key: (None, None) if key[2] is None else _industry_value(key[0], key[2])
            for key in set(keys)
        }
        values["industry_code"] = refusals.take([found[key] for key in keys], "Mã ngành")
    if "commune_code" in cells:
        outcomes = _per_distinct(
            cells["commune_code"],
            lambda v: (None, None) if v is None else _commune_value(v, lookups.communes),
        )
        values["commune_id"] = refusals.take(outcomes, "Mã xã/phường")
    # A personal ID without a legal form is a household business (the only kind it may be).
    forms = values.get("legal_form", nothing)
    personal = [
        position
        for position, tax_code in enumerate(values["tax_code"])
        if tax_code and is_personal_id(tax_code) and forms[position] is None
    ]
    if personal:
        forms = values["legal_form"] = list(forms)
        for position in personal:
            forms[position] = Organization.LegalForm.HOUSEHOLD
    return values


def _validate_organizations(headers, rows) -> tuple[ImportResult, list[dict]]:
    """Every row checked as `_validate_organizations_by_row` checks it (the same values, the
    same errors with the same messages on the same rows), a column at a time: each column's
    distinct cells are parsed and cleaned by their field once, then looked up per cell
    (`RowChecker.columns`); only the model's `clean()`, which reads a whole row, runs per
    row. On 10,000 rows of 21 columns this is a few list comprehensions per column instead
    of 10,000 trips through the per-row functions."""
    result = ImportResult(kind="organizations", total=len(rows))
    index, result.header_error = _header_index(headers, ORGANIZATION_COLUMNS)
    if result.header_error:
        return result, []
    check = _OrganizationRows(rows, index)
    parsed = check.rows(0, len(rows))
    result.errors = check.errors()
    result.created = sum(1 for p in parsed if p["_existing"] is None)
    result.updated = len(parsed) - result.created
    result.preview = parsed[:20]
    return result, parsed


class _OrganizationRows:
    """An organizations file checked a range of rows at a time (`rows(start, stop)`), with
    what every range shares read once for the whole file: the lookups, the tax codes, the
    organizations already known by them, the rows whose tax code came earlier in the file,
    and the field checker (a value cleaned in one range is not cleaned again in the next).
    Checking the file as one range or as many gives the same values and the same errors
    (`_validate_organizations` checks it as one; `import_commit` as many, each written
    while the next is checked)."""

    def __init__(self, rows: list[list], index: dict[str, int]):
        self.all_rows, self.index = rows, index
        self.lookups = _organization_lookups()
        self.tax_codes = _tax_codes(rows, index)
        self.existing = _known_organizations(set(self.tax_codes) - {""})
        codes_seen: set[str] = set()
        self.twice = set()
        for position, tax_code in enumerate(self.tax_codes):
            if tax_code in codes_seen:
                self.twice.add(position)
            codes_seen.add(tax_code)
        self.refusals = _Refusals()
        self.checker = RowChecker(Organization)
        self.new_values = vars(Organization(**NEW_ORGANIZATION_DEFAULTS))
        self.labels = {column.key: column.label for column in ORGANIZATION_COLUMNS}
        self.labels["commune"] = self.labels["commune_code"]

    @property
    def new_count(self) -> int:
        """The rows that make a new organization, when every row is accepted."""
        return sum(1 for code in self.tax_codes if code not in self.existing)

    def rows(self, start: int, stop: int) -> list[dict]:
        """The accepted rows among `start:stop` as the values to write (with "row", their
        number in the sheet, and "_existing", the known organization they update or None);
        the refused ones' errors are added to `refusals`."""
        refusals = self.refusals
        refusals.offset = start
        tax_codes = self.tax_codes[start:stop]
        values = _organization_columns(
            self.all_rows[start:stop], self.index, self.lookups, refusals, tax_codes
        )
        twice = _("This tax code appears twice in the file.")
        for position in range(start, stop):
            if position in self.twice:
                refusals.add(position - start, "Mã số thuế", twice)
        model_errors = _organization_model_errors(
            values, self.existing, refusals, self.checker, self.new_values
        )
        labels = self.labels
        for position, found in model_errors.items():
            already = {error.column for error in refusals.rows.get(start + position, ())}
            for key, messages in found.items():
                label = labels.get(key) or labels["tax_code"]
                if label not in already:
                    for message in messages:
                        refusals.add(position, label, message)
        refusals.offset = 0
        keys = list(values)
        parsed = []
        for position, row_values in enumerate(zip(*values.values(), strict=True), start=start):
            if position in refusals.rows:
                continue
            item = {"tax_code": row_values[0], "row": position + 2}
            item.update(
                {
                    key: value
                    for key, value in zip(keys, row_values, strict=True)
                    if value is not None
                }
            )
            item["_existing"] = self.existing.get(item["tax_code"])
            parsed.append(item)
        return parsed

    def errors(self) -> list[RowError]:
        rows = self.refusals.rows
        return [error for position in sorted(rows) for error in rows[position]]


def _known_organizations(codes: set[str]) -> dict[str, Organization]:
    """The organizations holding these tax codes, by code. On PostgreSQL the codes go as one
    array parameter (`= ANY(%s)`) for their ids, then only the organizations found are read
    through the ORM: `tax_code__in` with 10,000 codes made Django prepare each code as a
    parameter of its own (0.02 s of CPU here, a 10,000-placeholder statement for the server to
    parse), for a file of new organizations that finds none."""
    if not codes:
        return {}
    found = Organization.objects.all()
    if connection.vendor == "postgresql":
        qn = connection.ops.quote_name
        meta = Organization._meta
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {qn(str(meta.pk.column))} FROM {qn(meta.db_table)} "  # noqa: S608
                f"WHERE {qn(str(meta.get_field('tax_code').column))} = ANY(%s)",
                [list(codes)],
            )
            ids = [row[0] for row in cursor.fetchall()]
        if not ids:
            return {}
        found = found.filter(pk__in=ids)
    else:
        found = found.filter(tax_code__in=codes)
    return {organization.tax_code: organization for organization in found}


def _organization_model_errors(
    values: dict[str, list], existing: dict, refusals, checker=None, new_values=None
) -> dict:
    """Per row index, the model's errors (`full_clean`'s `message_dict`) for the
    organizations as the rows would leave them: the row's values over a new organization's
    defaults or over the known organization with that tax code."""
    checker = checker or RowChecker(Organization)
    new_values = new_values or vars(Organization(**NEW_ORGANIZATION_DEFAULTS))
    count = len(values["tax_code"])
    known = [existing.get(code) for code in values["tax_code"]] if existing else [None] * count
    checked = [attname for _f, _n, attname, _b, _e, _m in checker.fields]
    columns = {}
    for attname in checked:
        given = values.get(attname)
        default = new_values[attname]
        if given is None:
            columns[attname] = [default] * count
            continue
        if not existing:  # every row a new organization: an empty cell takes the default
            columns[attname] = (
                given if None not in given else [default if v is None else v for v in given]
            )
            continue
        columns[attname] = [
            (
                value
                if value is not None
                else default
                if organization is None
                else getattr(organization, attname)
            )
            for value, organization in zip(given, known, strict=True)
        ]
    probe = Organization(**NEW_ORGANIZATION_DEFAULTS)
    cleaned, field_errors = checker.columns(columns, probe)
    others = [key for key in values if key not in cleaned]
    found = {}
    rows = zip(*(cleaned[attname] for attname in checked), strict=True)
    other_rows = zip(*(values[key] for key in others), strict=True) if others else None
    for position, (organization, row) in enumerate(zip(known, rows, strict=True)):
        if organization is None:
            candidate = Organization.__new__(Organization)
            candidate.__dict__.update(new_values)
            candidate._state = ModelState()
        else:
            candidate = copy.copy(organization)
        state = candidate.__dict__
        if other_rows is not None:
            state.update(
                [
                    (key, value)
                    for key, value in zip(others, next(other_rows), strict=True)
                    if value is not None
                ]
            )
        state.update(zip(checked, row, strict=True))
        errors = checker.finish(candidate, field_errors.get(position, {}))
        if errors:
            found[position] = errors
    return found


def _organization_as_saved(
    item: dict, existing: Organization | None, new_values: dict
) -> Organization:
    """The organization as the row would leave it (an unsaved copy), for validation. A new
    one is the attributes of `Organization(**NEW_ORGANIZATION_DEFAULTS)` (`new_values`, made
    once per file) with the row's values over them: the same instance `__init__` would build
    from the merged values, without its per-keyword work on every row."""
    values = {key: value for key, value in item.items() if value is not None and key != "row"}
    if existing is None:
        candidate = Organization.__new__(Organization)
        candidate.__dict__.update(new_values)
        candidate.__dict__.update(values)
        candidate._state = ModelState()
        return candidate
    candidate = copy.copy(existing)
    for key, value in values.items():
        setattr(candidate, key, value)
    return candidate


NEW_ORGANIZATION_DEFAULTS = {
    "status": Organization.Status.ACTIVE,
    "name": "",
    "short_name": "",
    "industry_classification": Organization.IndustryClassification.VSIC_2025,
    "industry_code": "",
    "sector_group": Organization.SectorGroup.AGRICULTURE_INDUSTRY_CONSTRUCTION,
    "employees": None,
    "annual_revenue": None,
    "total_capital": None,
}


def _write_organizations(
    parsed: Iterable[dict], *, by, filename: str, new_count: int | None = None
) -> tuple[int, int]:
    """Write the checked rows: new organizations with one COPY (and their history), known
    ones updated. `parsed` may be an iterator (`import_commit` checks the rows as it yields
    them) when `new_count` says how many new organizations it holds: the COPY reads it as
    it sends, and the updates are made once it is exhausted."""
    now = timezone.now()
    changed: list[Organization] = []
    fields: set[str] = set()
    values: list[dict] = []
    # A new organization's values: a plain namespace, not a model instance (the fast insert
    # takes the values and fills the other columns with their defaults), made from one dict
    # of what every new row shares.
    shared = {
        **NEW_ORGANIZATION_DEFAULTS,
        "decided_by_id": by.pk if by else None,
        "decided_at": now,
        "created_at": now,
        "updated_at": now,
    }

    def new_rows() -> Iterator[dict]:
        for item in parsed:
            organization = item.pop("_existing")
            item.pop("row")
            if organization is None:
                namespace = SimpleNamespace(**shared)
                state = vars(namespace)
                state.update([(key, val) for key, val in item.items() if val is not None])
                # The derivation only reads and sets attributes: a namespace does as well.
                organization_derive(cast(Organization, namespace))
                values.append(state)
                yield state
            else:
                for key, val in item.items():
                    if val is not None and key != "tax_code":
                        setattr(organization, key, val)
                        fields.add(key)
                organization_derive(organization)
                changed.append(organization)

    if new_count is None:
        parsed = list(parsed)
        new_count = sum(1 for item in parsed if item["_existing"] is None)
    rows = new_rows()
    if new_count:
        reason = _("Imported from %(file)s.") % {"file": filename}
        insert_rows(
            Organization,
            rows,
            count=new_count,
            history={"when": now, "user_id": by.pk if by else None, "reason": reason},
        )
    if next(rows, None) is not None:  # the known organizations after the last new one
        raise RuntimeError("The file holds more new organizations than were counted.")
    if values:
        registry_count.inserted(values)  # the registry's kept total
    if changed:
        fields |= {"industry_section", "sector_group", "size_class", "search_text", "updated_at"}
        for organization in changed:
            organization.updated_at = now
        before = registry_count.stored(o.pk for o in changed)
        # A known organization's new commune, industry or size moves it in the counts of
        # the years it is supported in.
        with supported.organizations_moving([organization.pk for organization in changed]):
            bulk_update_with_history(
                changed, Organization, sorted(fields), batch_size=1000, default_user=by
            )
        registry_count.updated(before, changed)
    return len(values), len(changed)


# --- Support activities -----------------------------------------------------------------------


ACTIVITY_NUMBERS_TEXTS = (
    "participants",
    "state_budget",
    "own_contribution",
    "outcome",
    "description",
    "certificate_number",
    "certificate_body",
    "certificate_date",
)


def _validate_activities(headers, rows) -> tuple[ImportResult, list[dict]]:
    result = ImportResult(kind="activities", total=len(rows))
    index, result.header_error = _header_index(headers, ACTIVITY_COLUMNS)
    if result.header_error:
        return result, []
    kinds = _choice_map(SupportActivity.Kind.choices)
    solutions = {s.code: s.pk for s in Solution.objects.only("id", "code")}
    codes = set()
    for row in rows:
        raw = _cell(row, index, "tax_code")
        if raw is not None:
            codes.add(normalize_tax_code(_tax_code_cell(raw)))
    organizations = dict(
        Organization.objects.filter(tax_code__in=codes)
        .exclude(status__in=[Organization.Status.DRAFT, Organization.Status.REJECTED])
        .values_list("tax_code", "pk")
    )
    batches: dict[str, uuid.UUID] = {}
    parsed, errors = [], result.errors
    checker = RowChecker(SupportActivity)
    for offset, row in enumerate(rows):
        row_no = offset + 2
        before = len(errors)
        value = {key: _cell(row, index, key) for key in index}
        tax_code = normalize_tax_code(_tax_code_cell(value.get("tax_code")))
        organization_id = organizations.get(tax_code)
        if organization_id is None:
            errors.append(
                RowError(
                    row_no,
                    "Mã số thuế",
                    _("No registered organization has the tax code “%(code)s”.")
                    % {"code": tax_code},
                )
            )
        date = _as_date(value.get("date"), "Ngày", errors, row_no)
        kind = _as_choice(value.get("kind"), kinds, "Hình thức hỗ trợ", errors, row_no)
        title = str(value.get("title") or "").strip()
        solution_ids = []
        for code in str(value.get("solutions") or "").replace(";", ",").split(","):
            code = code.strip().lower()
            if not code:
                continue
            if code in solutions:
                solution_ids.append(solutions[code])
            else:
                errors.append(
                    RowError(
                        row_no,
                        "Mã giải pháp",
                        _("Unknown solution code “%(code)s”.") % {"code": code},
                    )
                )
        item = {
            "row": row_no,
            "organization_id": organization_id,
            "tax_code": tax_code,
            "date": date,
            "kind": kind,
            "title": title,
            "solution_ids": solution_ids,
            "participants": _as_int(value.get("participants"), "Số người tham gia", errors, row_no)
            or 0,
            "state_budget": _as_int(value.get("state_budget"), "Ngân sách nhà nước", errors, row_no)
            or 0,
            "own_contribution": _as_int(value.get("own_contribution"), "Đối ứng", errors, row_no)
            or 0,
            "outcome": str(value.get("outcome") or ""),
            "description": str(value.get("description") or ""),
            "certificate_number": str(value.get("certificate_number") or ""),
            "certificate_body": str(value.get("certificate_body") or ""),
            "certificate_date": _as_date(value.get("certificate_date"), "Ngày cấp", errors, row_no),
        }
        _model_errors(
            SupportActivity(
                **{key: item[key] for key in ("date", "kind", "title", *ACTIVITY_NUMBERS_TEXTS)}
            ),
            ACTIVITY_COLUMNS,
            errors,
            row_no,
            checker,
        )
        key = str(value.get("batch_key") or "").strip()
        if key:
            item["batch"] = batches.setdefault(key, uuid.uuid4())
        if len(errors) == before:
            parsed.append(item)
    locked = yearlock.locked_years(item["date"] for item in parsed)
    if locked:
        for item in parsed:
            if item["date"].year in locked:
                errors.append(
                    RowError(item["row"], "Ngày", yearlock.locked_message(item["date"].year))
                )
        parsed = [item for item in parsed if item["date"].year not in locked]
    result.created = len(parsed)
    result.preview = parsed[:20]
    errors.sort(key=lambda e: e.row)
    return result, parsed


def _write_activities(parsed: list[dict], *, by, filename: str) -> tuple[int, int]:
    now = timezone.now()
    keys = ["organization_id", *ACTIVITY_FIELDS]
    recorded_by_id = by.pk if by else None
    values = [
        {
            **{key: item[key] for key in keys},
            "batch": item.get("batch"),
            "status": SupportActivity.Status.RECORDED,
            "recorded_by_id": recorded_by_id,
            "created_at": now,
            "updated_at": now,
        }
        for item in parsed
    ]
    reason = _("Imported from %(file)s.") % {"file": filename}
    ids = (
        insert_rows(
            SupportActivity,
            values,
            history={"when": now, "user_id": by.pk if by else None, "reason": reason},
        )
        or []
    )
    through = SupportActivity.solutions.through
    insert_rows(
        through,
        [
            {"supportactivity_id": pk, "solution_id": solution_id}
            for pk, item in zip(ids, parsed, strict=True)
            for solution_id in item["solution_ids"]
        ],
        returning=False,
    )
    supported.activities_changed(
        [row["organization_id"] for row in values], [row["date"] for row in values]
    )
    ledger_totals.apply(added=values)  # the ledger's kept totals (lists branch)
    return len(ids), 0


def _exclude(model, checked: set[str]) -> list[str]:
    return [f.name for f in model._meta.get_fields() if f.concrete and f.name not in checked]


# What `full_clean` leaves out per model: the fields the import does not set (relations are
# resolved from the file, derived fields are computed by the write).
IMPORT_EXCLUDE = {
    Organization: _exclude(
        Organization,
        {c.key for c in ORGANIZATION_COLUMNS} - {"commune_code"},
    ),
    SupportActivity: _exclude(SupportActivity, {"date", "kind", "title", *ACTIVITY_NUMBERS_TEXTS}),
}

VALIDATORS = {"organizations": _validate_organizations, "activities": _validate_activities}
WRITERS = {"organizations": _write_organizations, "activities": _write_activities}


def _read_file(
    kind: str, data: bytes, filename: str
) -> tuple[list[str], list[list], ImportResult | None]:
    """The file's header and rows, or the result that refuses it (unreadable, empty)."""
    try:
        headers, rows = read_rows(data, filename)
    except spreadsheets.SpreadsheetRefused as exc:
        result = ImportResult(kind=kind)
        result.header_error = str(exc)
        return [], [], result
    except Exception:  # noqa: BLE001 - any unreadable file gets the same clear answer
        result = ImportResult(kind=kind)
        result.header_error = _(
            "The file cannot be read: save it as .xlsx or UTF-8 .csv and try again."
        )
        return [], [], result
    if not headers:
        result = ImportResult(kind=kind)
        result.header_error = _("The file is empty.")
        return [], [], result
    return headers, rows, None


def import_validate(*, kind: str, data: bytes, filename: str) -> tuple[ImportResult, list[dict]]:
    headers, rows, refused = _read_file(kind, data, filename)
    if refused is not None:
        return refused, []
    return VALIDATORS[kind](headers, rows)


@transaction.atomic
def import_commit(*, kind: str, data: bytes, filename: str, by) -> ImportResult:
    """Validate every row again, then write all of them or nothing."""
    if kind == "organizations":
        return _commit_organizations(data=data, filename=filename, by=by)
    result, parsed = import_validate(kind=kind, data=data, filename=filename)
    if not result.ok:
        raise ValidationError(_("The file has errors: nothing was imported."))
    result.created, result.updated = WRITERS[kind](parsed, by=by, filename=filename)
    return result


COMMIT_CHUNK = 1000  # organizations rows checked at a time while the ones before are written


def _commit_organizations(*, data: bytes, filename: str, by) -> ImportResult:
    """`import_commit` of an organizations file: the same checks as `import_validate`, the
    same writes, all or nothing, but checked `COMMIT_CHUNK` rows at a time as PostgreSQL's
    COPY asks for them (`_OrganizationRows`, `insert_rows` reading an iterator), so the next
    rows are checked in this process while the server inserts and indexes the ones before
    on another core, where the whole file was checked first and the server waited. A refused
    row stops the import with the same error as a file refused whole before any write (the
    transaction writes nothing); known organizations are updated once every row passed."""
    headers, rows, refused = _read_file("organizations", data, filename)
    if refused is not None:
        raise ValidationError(_("The file has errors: nothing was imported."))
    result = ImportResult(kind="organizations", total=len(rows))
    index, result.header_error = _header_index(headers, ORGANIZATION_COLUMNS)
    if result.header_error or not rows:
        raise ValidationError(_("The file has errors: nothing was imported."))
    check = _OrganizationRows(rows, index)

    def checked() -> Iterator[dict]:
        # A short first range: the server has nothing to do until it is checked.
        starts = [0, *range(COMMIT_CHUNK // 4, len(rows), COMMIT_CHUNK)]
        for start, stop in zip(starts, [*starts[1:], len(rows)], strict=True):
            if start >= stop:
                continue
            parsed = check.rows(start, stop)
            if check.refusals.rows:
                raise ValidationError(_("The file has errors: nothing was imported."))
            if len(result.preview) < 20:
                result.preview.extend(parsed[: 20 - len(result.preview)])
            yield from parsed

    result.created, result.updated = _write_organizations(
        checked(), by=by, filename=filename, new_count=check.new_count
    )
    return result


def template_workbook(kind: str) -> bytes:
    from openpyxl.styles import Font

    columns = COLUMNS[kind]
    workbook = spreadsheets.new_workbook()
    sheet = workbook.active
    sheet.title = "Du lieu"
    spreadsheets.append_row(sheet, [c.label for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    spreadsheets.append_row(sheet, [c.example for c in columns])
    for position, column in enumerate(columns, start=1):
        sheet.column_dimensions[sheet.cell(1, position).column_letter].width = max(
            14, len(column.label) + 4
        )
    guide = workbook.create_sheet("Huong dan")
    spreadsheets.append_row(guide, ["Cột", "Bắt buộc", "Giá trị chấp nhận"])
    with translation.override("vi"):
        accepted = {
            "kind": ", ".join(
                str(label)
                for _v, label in (
                    Organization.Kind.choices
                    if kind == "organizations"
                    else SupportActivity.Kind.choices
                )
            ),
            "legal_form": ", ".join(str(label) for _v, label in Organization.LegalForm.choices),
            "ownership": ", ".join(str(label) for _v, label in Organization.Ownership.choices),
            "industry_classification": "VSIC 2018, VSIC 2025",
            "industry_code": "Chữ cái của ngành cấp 1 (ví dụ C) hoặc mã 2–5 chữ số (ví dụ 2511)",
            "solutions": ", ".join(
                Solution.objects.order_by("group", "order").values_list("code", flat=True)
            ),
            "date": "dd/mm/yyyy",
            "founded_on": "dd/mm/yyyy",
            "certificate_date": "dd/mm/yyyy",
            "commune_code": "Mã đơn vị hành chính cấp xã (5 chữ số)",
            "batch_key": "Các dòng cùng nhóm là một hoạt động cho nhiều tổ chức",
            "tax_code": "10 chữ số, 10 chữ số-NNN (chi nhánh) hoặc 12 chữ số (hộ kinh doanh)",
        }
    for column in columns:
        spreadsheets.append_row(
            guide, [column.label, "x" if column.required else "", accepted.get(column.key, "")]
        )
    return spreadsheets.workbook_bytes(workbook)
