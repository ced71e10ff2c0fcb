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
import uuid
from dataclasses import dataclass, field
from functools import lru_cache
from types import SimpleNamespace
from typing import cast

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.base import ModelState
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history
from unidecode import unidecode

from portal import spreadsheets, yearlock
from portal.models import AdministrativeUnit

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


def _as_int(value, column: str, errors: list, row_no: int):
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = value
    else:
        text = str(value).replace(".", "").replace(",", "").replace(" ", "").replace("₫", "")
        if not text.lstrip("-").isdigit():
            errors.append(
                RowError(row_no, column, _("“%(value)s” is not a whole number.") % {"value": value})
            )
            return None
        number = int(text)
    if number < 0 or int(number) != number:
        errors.append(RowError(row_no, column, _("Enter a whole number of zero or more.")))
        return None
    return int(number)


@lru_cache(maxsize=4096)
def _date_text(text: str) -> dt.date | None:
    # The same dates come back on many rows; strptime costs more than the rest of a cell.
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return None


def _as_date(value, column: str, errors: list, row_no: int):
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    found = _date_text(str(value).strip())
    if found is not None:
        return found
    errors.append(
        RowError(row_no, column, _("“%(value)s” is not a date (dd/mm/yyyy).") % {"value": value})
    )
    return None


def _as_choice(value, mapping: dict, column: str, errors: list, row_no: int, default=None):
    if value is None:
        return default
    found = mapping.get(_norm(value))
    if found is None:
        errors.append(
            RowError(
                row_no,
                column,
                _("“%(value)s” is not one of the accepted values.") % {"value": value},
            )
        )
    return found


_UNSET = object()


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
        try:
            instance.clean()
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        return ValidationError(errors).message_dict if errors else {}


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


def _industry_code(item: dict, raw, errors: list, row_no: int) -> None:
    code = str(int(raw)) if isinstance(raw, float) else str(raw).strip()
    version = item.get("industry_classification") or Organization.IndustryClassification.VSIC_2025
    problem = industry_code_problem(version, code)
    if problem:
        errors.append(RowError(row_no, "Mã ngành", problem))
    else:
        item["industry_code"] = code


def _commune(item: dict, raw, communes: dict, errors: list, row_no: int) -> None:
    code = (str(int(raw)) if isinstance(raw, (int, float)) else str(raw).strip()).zfill(5)
    if code in communes:
        item["commune_id"] = communes[code]
    else:
        message = _("Unknown commune code “%(code)s”.") % {"code": raw}
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


def _validate_organizations(headers, rows) -> tuple[ImportResult, list[dict]]:
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


def _write_organizations(parsed: list[dict], *, by, filename: str) -> tuple[int, int]:
    now = timezone.now()
    new, changed, fields = [], [], set()
    for item in parsed:
        organization = item.pop("_existing")
        item.pop("row")
        if organization is None:
            # A plain namespace, not a model instance: the fast insert takes the values and
            # fills the other columns with their defaults.
            organization = SimpleNamespace(**NEW_ORGANIZATION_DEFAULTS)
            organization.decided_by_id, organization.decided_at = (by.pk if by else None), now
            for key, val in item.items():
                if val is not None:
                    setattr(organization, key, val)
            # The derivation only reads and sets attributes: a namespace does as well.
            organization_derive(cast(Organization, organization))
            new.append(organization)
        else:
            for key, val in item.items():
                if val is not None and key != "tax_code":
                    setattr(organization, key, val)
                    fields.add(key)
            organization_derive(organization)
            changed.append(organization)
    if new:
        reason = _("Imported from %(file)s.") % {"file": filename}
        values = []
        for organization in new:
            organization.created_at = organization.updated_at = now
            values.append(vars(organization))
        insert_rows(
            Organization,
            values,
            history={"when": now, "user_id": by.pk if by else None, "reason": reason},
        )
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
    return len(new), len(changed)


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


def import_validate(*, kind: str, data: bytes, filename: str) -> tuple[ImportResult, list[dict]]:
    try:
        headers, rows = read_rows(data, filename)
    except spreadsheets.SpreadsheetRefused as exc:
        result = ImportResult(kind=kind)
        result.header_error = str(exc)
        return result, []
    except Exception:  # noqa: BLE001 - any unreadable file gets the same clear answer
        result = ImportResult(kind=kind)
        result.header_error = _(
            "The file cannot be read: save it as .xlsx or UTF-8 .csv and try again."
        )
        return result, []
    if not headers:
        result = ImportResult(kind=kind)
        result.header_error = _("The file is empty.")
        return result, []
    return VALIDATORS[kind](headers, rows)


@transaction.atomic
def import_commit(*, kind: str, data: bytes, filename: str, by) -> ImportResult:
    """Validate every row again, then write all of them or nothing."""
    result, parsed = import_validate(kind=kind, data=data, filename=filename)
    if not result.ok:
        raise ValidationError(_("The file has errors: nothing was imported."))
    result.created, result.updated = WRITERS[kind](parsed, by=by, filename=filename)
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
