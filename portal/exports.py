"""Excel exports of the staff lists: one mechanism for every list.

Each app declares its lists' exports in `<app>/exports.py` (found through `portal.hooks`), as a
`ListExport`: the list's columns once (header, how to read the value, its type), the queryset
and filter set the list page uses, and who may export it. An export is an `ExportJob`: the page
starts it with its own query (filters and order, exactly as the address shows them), a Celery
task writes the file, and the job's page shows the progress and then offers the download, to
the person who asked for it only.

The writer streams: `portal.spreadsheets.StreamingWorkbook` writes each row's SpreadsheetML
straight into the zip as it comes (openpyxl, even write-only, spent about 40 µs a cell on Cell
and style objects), and the rows are read from the database `CHUNK` at a time
(`QuerySet.iterator`: a server-side cursor on PostgreSQL, related rows prefetched per chunk), so
memory stays the same for 1,000 or 1,000,000 rows; progress is written every PROGRESS_EVERY
rows. A column's choice label ("get_kind_display") is looked up once per value, not per row.
Each sheet has a Vietnamese name, column widths, a frozen header row and an autofilter; money,
numbers and dates are typed cells with a number format; text is always text (never a formula).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from . import spreadsheets
from .hooks import app_hook_modules
from .models import ExportJob
from .queueing import enqueue_on_commit

logger = logging.getLogger(__name__)

CHUNK = 2000  # rows read from the database at a time
PROGRESS_EVERY = 2000  # rows between two progress writes
KEEP_DAYS = 7  # an export's file is deleted after this many days
SHEET_NAME_MAX = 31
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

FORMATS = {
    "money": "#,##0",
    "int": "#,##0",
    "number": "#,##0.##",
    "date": "dd/mm/yyyy",
    "datetime": "dd/mm/yyyy hh:mm",
}
DEFAULT_WIDTHS = {"text": 24, "money": 18, "int": 12, "number": 14, "date": 12, "datetime": 17}


@dataclass(frozen=True)
class Column:
    """One column of an export: its header, how to read its value from a row (an attribute
    path such as "commune.name", a key for rows that are dicts, or a function of the row) and its type ("text", "money",
    "int", "number", "date" or "datetime")."""

    label: Any
    value: str | Callable[[Any], Any]
    kind: str = "text"
    width: int | None = None

    def read(self, row) -> Any:
        if callable(self.value):
            return self.value(row)
        return _walk(row, self.value.split("."))

    def reader(self) -> Callable[[Any], Any]:
        """`read` for a whole sheet: the path split once, and a choice's label
        ("get_kind_display") looked up once per value instead of once per row (Django's
        `get_FOO_display` hashes every choice's lazy label on each call: two thirds of the
        registry export's time)."""
        if callable(self.value):
            return self.value
        parts = self.value.split(".")
        display = DISPLAY_METHOD.fullmatch(parts[-1])
        if display is None:
            return lambda row: _walk(row, parts)
        path, attribute, labels = parts[:-1], display.group(1), {}

        def read(row):
            owner = _walk(row, path) if path else row
            if owner is None or isinstance(owner, dict):
                return _walk(row, parts)
            key = (type(owner), getattr(owner, attribute))
            if key not in labels:
                label = getattr(owner, parts[-1])()
                labels[key] = str(label) if isinstance(label, Promise) else label
            return labels[key]

        return read


DISPLAY_METHOD = re.compile(r"get_(\w+)_display")


def _walk(row, parts: list[str]) -> Any:
    value = row
    for part in parts:
        if value is None:
            return None
        value = value[part] if isinstance(value, dict) else getattr(value, part)
    return value() if callable(value) else value


@dataclass(frozen=True)
class ListExport:
    """A staff list's export: its name in URLs, its sheet name, the file name's stem, its
    columns, and either `queryset(user)` with the list's `filterset` class (the rows of the
    list for that query, in its order) or `rows(query, user) -> (iterable, total)`."""

    name: str
    title: Any  # the sheet's name (translated, Vietnamese in the file)
    stem: str
    columns: list[Column]
    permission: Callable[[Any], tuple[bool, str]]
    list_url: str  # the list page's URL name, for "back to the list"
    queryset: Callable[[Any], Any] | None = None
    filterset: type | None = None
    rows: Callable[[QueryDict, Any], tuple[Iterable, int]] | None = None
    filter_kwargs: dict = field(default_factory=dict)
    # Further sheets: `more_sheets(query, user)` -> [(title, columns, rows)].
    more_sheets: Callable[[QueryDict, Any], list[tuple[Any, list[Column], Iterable]]] | None = None

    def records(self, query: QueryDict, user) -> tuple[Iterable, int]:
        """The rows the list shows for `query` (all pages), and how many there are."""
        if self.rows is not None:
            return self.rows(query, user)
        queryset = self.queryset(user)  # type: ignore[misc]
        if self.filterset is not None:
            queryset = self.filterset(query, queryset=queryset, **self.filter_kwargs).qs
        return queryset.iterator(chunk_size=CHUNK), queryset.count()


@cache
def registry() -> dict[str, ListExport]:
    found: dict[str, ListExport] = {}
    for module in app_hook_modules("exports"):
        for export in getattr(module, "EXPORTS", ()):
            found[export.name] = export
    return found


def get(name: str) -> ListExport | None:
    return registry().get(name)


def sheet_title(text) -> str:
    """A valid sheet name: at most 31 characters, none of []:*?/\\ (Vietnamese kept)."""
    cleaned = SHEET_NAME_FORBIDDEN.sub(" ", str(text)).strip().strip("'")
    return (cleaned[:SHEET_NAME_MAX].strip()) or "Sheet"


def _typed(kind: str) -> Callable[[Any], Any]:
    """How a column of `kind` turns a value into what its cell holds: numbers and dates typed
    (the writer gives them the column's number format), the rest as text."""
    yes_no = (_("Yes"), _("No"))

    def text(value):
        if isinstance(value, bool):
            return yes_no[0] if value else yes_no[1]
        return value

    def whole(value):
        if isinstance(value, (int, float, Decimal)):
            return int(value)
        return text(value)

    def number(value):
        if isinstance(value, (int, float, Decimal)):
            return value
        return text(value)

    def date(value):
        if isinstance(value, dt.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return value.date()
        return text(value)

    def moment(value):
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            return timezone.localtime(value).replace(tzinfo=None)
        return text(value)

    return {"money": whole, "int": whole, "number": number, "date": date, "datetime": moment}.get(
        kind, text
    )


def write_sheet(workbook, title, columns: list[Column], rows: Iterable, *, progress=None) -> int:
    """Append a sheet to a `spreadsheets.StreamingWorkbook`: the header row frozen and
    filtered, each column's width and number format, then `rows` streamed; call
    `progress(done)` every PROGRESS_EVERY rows. Returns the number of rows written."""
    sheet = workbook.add_sheet(
        sheet_title(title),
        widths=[column.width or DEFAULT_WIDTHS.get(column.kind, 20) for column in columns],
        formats=[FORMATS.get(column.kind) for column in columns],
    )
    sheet.header([str(column.label) for column in columns])
    readers = [(column.reader(), _typed(column.kind)) for column in columns]
    append = sheet.append
    done = 0
    for row in rows:
        append([typed(read(row)) for read, typed in readers])
        done += 1
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
    workbook.close_sheet()
    return done


def write_workbook(
    target,
    export: ListExport,
    rows: Iterable,
    *,
    query: QueryDict | None = None,
    user=None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write `rows` as `export`'s sheet (and its further sheets, if any) to `target` (a path or
    a binary file), streaming. Returns the number of rows of the first sheet."""
    workbook = spreadsheets.StreamingWorkbook(target)
    with translation.override("vi"):
        done = write_sheet(workbook, export.title, export.columns, rows, progress=progress)
        if export.more_sheets is not None:
            for title, columns, more in export.more_sheets(query or QueryDict(), user):
                write_sheet(workbook, title, columns, more)
    workbook.close()
    return done


# --- Services --------------------------------------------------------------------------------


def export_start(*, name: str, query: str, by) -> ExportJob:
    """Start an export of list `name` with the list page's `query` for `by`; the file is
    written by a Celery task. Raises PermissionDenied when `by` may not export the list."""
    from .tasks import export_run_task  # the task module imports this one

    export = get(name)
    if export is None:
        raise ValidationError(_("There is no such list to export."))
    allowed, reason = export.permission(by)
    if not allowed:
        raise PermissionDenied(reason)
    data = QueryDict(query, mutable=True)
    data.pop("page", None)  # an export holds every page
    with transaction.atomic():
        job = ExportJob.objects.create(owner=by, list_name=name, query=data.urlencode())
        enqueue_on_commit(export_run_task, job.pk)
    return job


def export_run(job_id: int) -> ExportJob | None:
    """Write the job's file (the Celery task's body); a failure is recorded on the job."""
    job = ExportJob.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or job.status not in (ExportJob.Status.QUEUED, ExportJob.Status.RUNNING):
        return job
    export = get(job.list_name)
    try:
        if export is None:
            raise ValidationError(_("There is no such list to export."))
        allowed, reason = export.permission(job.owner)
        if not allowed:
            raise PermissionDenied(reason)
        with translation.override("vi"):
            rows, total = export.records(QueryDict(job.query), job.owner)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.RUNNING, rows_total=total, rows_done=0
        )

        def progress(done: int) -> None:
            ExportJob.objects.filter(pk=job.pk).update(rows_done=done)

        with tempfile.TemporaryFile(suffix=".xlsx") as handle:
            done = write_workbook(
                handle, export, rows, query=QueryDict(job.query), user=job.owner, progress=progress
            )
            handle.seek(0)
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
            job.file.save(f"{export.stem}-{stamp}.xlsx", File(handle), save=False)
        job.status = ExportJob.Status.DONE
        job.rows_done = done
        job.rows_total = done
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "status", "rows_done", "rows_total", "finished_at"])
    except Exception as exc:  # the job says it failed; the worker goes on
        logger.exception("Export %s failed", job.pk)
        message = " ".join(exc.messages) if isinstance(exc, ValidationError) else ""
        if isinstance(exc, PermissionDenied):
            message = str(exc)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportJob.Status.FAILED,
            error=message or _("The export could not be written. Please try again."),
            finished_at=timezone.now(),
        )
        job.refresh_from_db()
    return job


def exports_purge(*, days: int = KEEP_DAYS, now=None) -> int:
    """Delete the exports (and their files) older than `days` days (the beat task)."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    old = ExportJob.objects.filter(created_at__lt=cutoff)
    count = 0
    for job in old.iterator():
        if job.file:
            job.file.delete(save=False)
        job.delete()
        count += 1
    return count
