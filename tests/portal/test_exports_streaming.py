"""Exports of any size (issue 18 item 3): every staff list is read a bounded chunk at a time,
the registry counts its supports a chunk at a time (not a subquery per row), progress is
written every chunk, and the streaming .xlsx writer keeps types, formats and text."""

import datetime as dt
import io
import subprocess
import sys
import tracemalloc
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.db.models.query import QuerySet
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from enterprises.models import Organization, SupportActivity
from portal import exports, spreadsheets
from tests.enterprises.factories import (
    CommuneFactory,
    OrganizationFactory,
    ProvinceFactory,
    SupportActivityFactory,
)

QUERYSET_LISTS = [
    "registry",
    "ledger",
    "requests",
    "review",
    "courses",
    "enrollments",
    "experts",
    "consultants",
    "contracts",
    "cycles",
    "nominations",
    "targets",
]


@pytest.mark.parametrize("name", QUERYSET_LISTS)
def test_every_list_is_read_a_bounded_chunk_at_a_time(name, staff_user, monkeypatch):
    """No export loads its list whole: each reads it through `QuerySet.iterator` with
    `CHUNK` rows at a time (a server-side cursor on PostgreSQL)."""
    chunks = []
    original = QuerySet.iterator

    def spying(self, chunk_size=None):
        chunks.append(chunk_size)
        return original(self, chunk_size=chunk_size)

    monkeypatch.setattr(QuerySet, "iterator", spying)
    rows, _total = exports.get(name).records(QueryDict(), staff_user)
    assert not isinstance(rows, (list, tuple, QuerySet))
    list(rows)
    assert chunks == [exports.CHUNK]


def _registry_sheet(query: str, user):
    export = exports.get("registry")
    rows, total = export.records(QueryDict(query), user)
    buffer = io.BytesIO()
    exports.write_workbook(buffer, export, rows, query=QueryDict(query), user=user)
    sheet = load_workbook(buffer).worksheets[0]
    supports = [c.value for c in sheet[1]].index("Lượt hỗ trợ")
    return total, [(row[0], row[supports]) for row in sheet.iter_rows(min_row=2, values_only=True)]


@pytest.mark.parametrize("query", ["", "o=-tax_code", "o=supports", "o=-supports"])
def test_registry_counts_supports_a_chunk_at_a_time(query, staff_user, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK", 3)
    monkeypatch.setattr("enterprises.exports.CHUNK", 3)
    organizations = OrganizationFactory.create_batch(7)
    for number, organization in enumerate(organizations):
        SupportActivityFactory.create_batch(number % 3, organization=organization)
    SupportActivityFactory(
        organization=organizations[0], status=SupportActivity.Status.CANCELLED
    )  # not recorded: not counted
    expected = {
        o.tax_code: SupportActivity.objects.filter(
            organization=o, status=SupportActivity.Status.RECORDED
        ).count()
        for o in organizations
    }
    with CaptureQueriesContext(connection) as captured:
        total, rows = _registry_sheet(query, staff_user)
    assert total == 7
    assert dict(rows) == expected
    counted = [q["sql"] for q in captured if 'FROM "enterprises_supportactivity"' in q["sql"]]
    if query.endswith("supports"):  # sorted by the count: the list's own annotated query
        assert [count for _code, count in rows] == sorted(
            expected.values(), reverse=query.startswith("o=-")
        )
    else:  # one grouped count per chunk of 3 organizations, none per row
        assert len(counted) == 3, counted
        order = Organization.objects.order_by("-tax_code" if query else "name", "pk")
        if query:
            assert [code for code, _n in rows] == list(order.values_list("tax_code", flat=True))


def test_the_registry_export_reads_each_organization_once(staff_user, monkeypatch):
    """The export reads only the columns it writes (`ORGANIZATION_FIELDS`), and all of them:
    a column left out would be fetched again, one query per organization."""
    monkeypatch.setattr(exports, "CHUNK", 3)
    monkeypatch.setattr("enterprises.exports.CHUNK", 3)
    commune = CommuneFactory(code="08290", name="Phường Việt Trì", parent=ProvinceFactory())
    organizations = OrganizationFactory.create_batch(
        7, phone="0210 3812345", email="lienhe@cokhi.vn", commune=commune
    )
    with CaptureQueriesContext(connection) as captured:
        total, _rows = _registry_sheet("", staff_user)
    assert total == 7
    read = [q["sql"] for q in captured if 'FROM "enterprises_organization"' in q["sql"]]
    assert len(read) == 2, read  # the count and the rows: none per organization
    assert '"search_text"' not in read[1]
    assert '"main_products"' not in read[1]

    export = exports.get("registry")
    rows, _total = export.records(QueryDict(""), staff_user)
    buffer = io.BytesIO()
    exports.write_workbook(buffer, export, rows, query=QueryDict(""), user=staff_user)
    sheet = load_workbook(buffer).worksheets[0]
    written = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    for organization in organizations:
        row = written[organization.tax_code]
        assert row[1] == organization.name
        assert row[13] == "Phường Việt Trì"
        assert row[15] == "0210 3812345"
        assert row[16] == "lienhe@cokhi.vn"


def test_progress_is_written_every_chunk(staff_user, monkeypatch):
    from portal.models import ExportJob

    monkeypatch.setattr(exports, "PROGRESS_EVERY", 2)
    OrganizationFactory.create_batch(5)
    job = ExportJob.objects.create(owner=staff_user, list_name="registry", query="")
    seen = []
    original = ExportJob.objects.filter

    def spying(*args, **kwargs):
        queryset = original(*args, **kwargs)
        update = queryset.update

        def recording(**values):
            if set(values) == {"rows_done"}:
                seen.append(values["rows_done"])
            return update(**values)

        queryset.update = recording
        return queryset

    monkeypatch.setattr(ExportJob.objects, "filter", spying)
    exports.export_run(job.pk)
    job.refresh_from_db()
    assert seen == [2, 4]
    assert (job.status, job.rows_done, job.rows_total) == (ExportJob.Status.DONE, 5, 5)


def test_streaming_writer_keeps_types_formats_and_text():
    buffer = io.BytesIO()
    book = spreadsheets.StreamingWorkbook(buffer)
    sheet = book.add_sheet(
        "Thử & 'xem'",
        widths=[30, 12, 14, 12, 17, 10],
        formats=[None, "#,##0", "#,##0.##", "dd/mm/yyyy", "dd/mm/yyyy hh:mm", None],
    )
    sheet.header(["Tên", "Tiền", "Số", "Ngày", "Lúc", "Có"])
    sheet.append(
        [
            '=HYPERLINK("x") & <b> "Đồng"',
            12_345_678_901,
            Decimal("12.5"),
            dt.date(2024, 5, 10),
            dt.datetime(2024, 5, 10, 14, 30, 5),
            True,
        ]
    )
    sheet.append(["  lề\tcó\ttab\nxuống dòng\x01\x1f", None, "", dt.date(1900, 1, 15), None, False])
    book.close_sheet()
    second = book.add_sheet("Hai", widths=[10])
    second.header(["Một"])
    second.append(["-1"])
    book.close()

    workbook = load_workbook(io.BytesIO(buffer.getvalue()))
    first, other = workbook.worksheets
    assert first.title == "Thử & 'xem'"
    assert other.title == "Hai"
    assert first.freeze_panes == "A2"
    assert first.auto_filter.ref == "A1:F3"
    assert first.column_dimensions["A"].width == 30
    assert first["A1"].value == "Tên"
    assert first["A1"].font.b
    name = first["A2"]
    assert (name.value, name.data_type, name.quotePrefix) == (
        '=HYPERLINK("x") & <b> "Đồng"',
        "s",
        True,
    )
    assert (first["B2"].value, first["B2"].number_format) == (12_345_678_901, "#,##0")
    assert (first["C2"].value, first["C2"].number_format) == (12.5, "#,##0.##")
    assert (first["D2"].value, first["D2"].number_format) == (
        dt.datetime(2024, 5, 10),
        "dd/mm/yyyy",
    )
    assert first["E2"].value == dt.datetime(2024, 5, 10, 14, 30, 5)
    assert first["F2"].value is True
    assert first["F3"].value is False
    assert first["A3"].value == "  lề\tcó\ttab\nxuống dòng"  # control characters dropped
    assert first["A3"].quotePrefix is False
    assert first["B3"].value is None
    assert first["C3"].value is None
    assert first["D3"].value == dt.datetime(1900, 1, 15)
    assert (other["A2"].value, other["A2"].quotePrefix) == ("-1", True)


def _export_run_peak(user) -> tuple[int, int]:
    """(rows written, the peak of Python memory allocated while `export_run` ran, in bytes)."""
    from portal.models import ExportJob

    job = ExportJob.objects.create(owner=user, list_name="registry", query="")
    tracemalloc.start()
    try:
        exports.export_run(job.pk)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    job.refresh_from_db()
    assert job.status == ExportJob.Status.DONE, job.error
    job.file.delete(save=False)
    return job.rows_done, peak


def test_an_exports_memory_does_not_grow_with_its_rows(staff_user, monkeypatch):
    """The whole job (rows read a chunk at a time, the sheet streamed into the zip, progress
    written, the file stored) holds no row past its chunk: five times the rows, the same
    peak. A row held costs about 2 KB (an organization and its XML): 1,600 more rows kept
    would add over 3 MB."""
    monkeypatch.setattr(exports, "CHUNK", 100)
    monkeypatch.setattr("enterprises.exports.CHUNK", 100)
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 100)
    monkeypatch.setattr(spreadsheets, "_FLUSH_ROWS", 50)  # rows of XML joined before writing
    Organization.objects.bulk_create(OrganizationFactory.build_batch(400))
    _export_run_peak(staff_user)  # caches, translations and lazy imports warmed
    rows, small = _export_run_peak(staff_user)
    Organization.objects.bulk_create(OrganizationFactory.build_batch(1600))
    more_rows, large = _export_run_peak(staff_user)
    assert (rows, more_rows) == (400, 2000)
    assert large - small < 512 * 1024, (small, large)


def test_the_export_worker_does_not_import_openpyxl():
    """`StreamingWorkbook` writes the exports without openpyxl (with lxml about 20 MB of the
    worker's memory): the export path must not import it at start-up."""
    code = (
        "import sys, django; django.setup()\n"
        "import portal.tasks, portal.exports, portal.spreadsheets\n"
        "portal.exports.registry()\n"
        "print(sorted(m for m in ('openpyxl', 'lxml') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"
