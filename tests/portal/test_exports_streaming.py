"""Exports of any size (issue 18 item 3): every staff list is read a bounded chunk at a time,
the registry counts its supports a chunk at a time (not a subquery per row), progress is
written every chunk, and the streaming .xlsx writer keeps types, formats and text."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models.query import QuerySet
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from enterprises.models import Organization, SupportActivity
from portal import exports, spreadsheets
from tests.enterprises.factories import OrganizationFactory, SupportActivityFactory

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
