"""The staff lists' one mechanism (portal.lists, portal.exports): every list filters only by
what is chosen, names its active filters, sorts by its headers (the order kept in the address
and in the export), and exports exactly its filtered, sorted rows as a typed Excel sheet."""

import datetime as dt
import io
import tracemalloc

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from enterprises.models import Organization, SupportActivity, SupportRequest
from portal import exports
from portal.models import ExportJob
from tests.conftest import make_user
from tests.enterprises.factories import (
    OrganizationFactory,
    SupportActivityFactory,
    SupportRequestFactory,
)
from tests.portal.exports import data_rows, header, run_export

# Each staff list: its export, its page, a column to sort by and a filter to apply.
LISTS = [
    ("registry", "enterprises:registry", "name", "kind=enterprise"),
    ("ledger", "enterprises:ledger", "state_budget", "kind=training"),
    ("requests", "enterprises:staff_requests", "organization", "status=submitted"),
    ("review", "enterprises:review_queue", "name", "kind=enterprise"),
    ("courses", "trainings:course_list", "title", "status=open"),
    ("enrollments", "trainings:enrollment_list", "name", "status=registered"),
    ("experts", "trainings:expert_list", "name", "q=a"),
    ("consultants", "trainings:consultant_list", "name", "q=a"),
    ("contracts", "trainings:contract_list", "value", "status=draft"),
    ("cycles", "awards:cycle_list", "year", "year=2025"),
    ("nominations", "awards:nomination_list", "organization", "status=registered"),
    ("targets", "reports:target_list", "indicator", "kind=at_least"),
]


def _expected_first_column(name: str, query: str, user) -> list:
    """The first column of the list's rows for `query`, read the way the list reads them."""
    export = exports.get(name)
    with translation.override("vi"):
        rows, _total = export.records(QueryDict(query), user)
        column = export.columns[0]
        values = []
        for row in rows:
            value = column.read(row)
            if isinstance(value, dt.datetime):
                value = timezone.localtime(value).replace(tzinfo=None, microsecond=0)
            values.append(str(value) if isinstance(value, str) or value is None else value)
        return values


def _normalise(values: list) -> list:
    """Values as a sheet holds them: dates as midnight datetimes, no microseconds, an empty
    text read back as None."""
    result = []
    for value in values:
        if isinstance(value, dt.datetime):
            value = value.replace(microsecond=0)
        elif isinstance(value, dt.date):
            value = dt.datetime(value.year, value.month, value.day)
        result.append(None if value in ("", "None") else value)
    return result


@pytest.mark.parametrize(("name", "url_name", "sort", "query"), LISTS, ids=[x[0] for x in LISTS])
def test_every_list_filters_sorts_and_exports(
    name, url_name, sort, query, world, client, django_capture_on_commit_callbacks
):
    staff = world.users["staff"]
    client.force_login(staff)
    url = reverse(url_name)

    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "---------" not in html
    assert 'data-testid="no-filters"' in html  # nothing filters the list unless chosen
    assert "data-sort=" in html  # sortable headers

    sorted_page = client.get(url, {"o": f"-{sort}"})
    assert sorted_page.status_code == 200
    assert 'aria-sort="descending"' in sorted_page.content.decode() or (
        'data-sort="desc"' in sorted_page.content.decode()
    )

    filtered = client.get(f"{url}?{query}&o={sort}")
    body = filtered.content.decode()
    assert 'data-testid="active-filter"' in body
    assert 'data-testid="reset-filters"' in body
    assert f'href="?o={sort}"' in body  # the reset keeps the order and drops every filter

    full_query = f"{query}&o=-{sort}"
    job, sheet = run_export(client, django_capture_on_commit_callbacks, name, full_query)
    assert job.query == full_query
    assert job.owner == staff
    export = exports.get(name)
    with translation.override("vi"):
        assert sheet.title == exports.sheet_title(export.title)
        assert header(sheet) == [str(column.label) for column in export.columns]
    assert sheet.freeze_panes == "A2"
    rows = data_rows(sheet)
    assert sheet.auto_filter.ref.startswith("A1:")
    assert sheet.auto_filter.ref.endswith(str(len(rows) + 1))
    expected = _expected_first_column(name, full_query, staff)
    assert _normalise([row[0] for row in rows]) == _normalise(expected)
    unfiltered = _expected_first_column(name, f"o=-{sort}", staff)
    assert len(unfiltered) >= len(expected)


# --- Item 1: nothing hidden ------------------------------------------------------------------


def test_registry_year_filter_is_not_applied_unless_chosen(staff_client):
    """The registry's "Supported in" showed the current year and applied it on any "Filter": a
    just-approved firm (no support yet) was not found."""
    OrganizationFactory(name="Công ty Vừa Được Duyệt")
    response = staff_client.get(reverse("enterprises:registry"), {"q": "Vừa Được Duyệt"})
    html = response.content.decode()
    assert "Công ty Vừa Được Duyệt" in html
    form = response.context["filter"].form if response.context else None
    if form is not None:
        assert form["year_supported"].value() in (None, "")
    assert '<option value="" selected>Tất cả</option>' in html
    assert "Tìm kiếm: Vừa Được Duyệt" in html  # the active filter is named


def test_ledger_year_filter_and_totals(staff_client):
    org = OrganizationFactory()
    SupportActivityFactory(organization=org, date=dt.date(2023, 3, 1), state_budget=7_000_000)
    SupportActivityFactory(
        organization=org, date=dt.date(2024, 3, 1), state_budget=20_000_000, own_contribution=3
    )
    SupportActivityFactory(
        organization=org, date=dt.date(2024, 6, 1), state_budget=1_000_000, own_contribution=4
    )
    url = reverse("enterprises:ledger")
    everything = staff_client.get(url)
    assert everything.context["page"].paginator.count == 3  # no year applied by default
    assert everything.context["totals"] == {
        "state_budget": 28_000_000,
        "own_contribution": 5_000_000 + 3 + 4,
        "rows": 3,  # the total above the list, counted in the same pass
    }
    year = staff_client.get(url, {"year": 2024})
    assert year.context["totals"] == {"state_budget": 21_000_000, "own_contribution": 7, "rows": 2}
    assert year.context["page"].paginator.count == 2
    html = year.content.decode()
    assert 'data-testid="total-state-budget"' in html
    assert "Năm: 2024" in html


def test_ledger_totals_are_one_query(staff_client, django_assert_max_num_queries):
    from enterprises.selectors import ledger_totals, support_ledger

    SupportActivityFactory.create_batch(3)
    with django_assert_max_num_queries(1):
        ledger_totals(support_ledger())


def test_requests_are_not_filtered_by_an_invisible_status(staff_client):
    SupportRequestFactory(status=SupportRequest.Status.SUBMITTED)
    SupportRequestFactory(status=SupportRequest.Status.FULFILLED)
    response = staff_client.get(reverse("enterprises:staff_requests"))
    assert response.context["page"].paginator.count == 2


def test_hidden_batch_filter_is_named(staff_client):
    import uuid

    batch = uuid.uuid4()
    SupportActivityFactory(batch=batch)
    SupportActivityFactory()
    response = staff_client.get(reverse("enterprises:ledger"), {"batch": str(batch)})
    assert response.context["page"].paginator.count == 1
    assert "Ghi cùng đợt" in response.content.decode()


def test_bad_sort_parameter_is_ignored_not_a_500(staff_client):
    OrganizationFactory()
    response = staff_client.get(reverse("enterprises:registry"), {"o": "password"})
    assert response.status_code == 200


def test_sorting_is_stable_with_a_primary_key_tie_breaker(staff_client):
    for _ in range(3):
        OrganizationFactory(name="Cùng Một Tên", kind=Organization.Kind.ENTERPRISE)
    response = staff_client.get(reverse("enterprises:registry"), {"o": "-name"})
    names = [org.pk for org in response.context["page"]]
    assert names == sorted(names, reverse=True)


def test_edit_forms_name_their_empty_choice(staff_client):
    response = staff_client.get(reverse("enterprises:organization_create"))
    html = response.content.decode()
    assert "---------" not in html
    assert "— Chọn —" in html


# --- Item 3: the export mechanism ----------------------------------------------------------


def test_export_cells_are_typed(staff_client, django_capture_on_commit_callbacks):
    org = OrganizationFactory(name="=HYPERLINK(1)", annual_revenue=12_345_678_901)
    SupportActivityFactory(organization=org, date=dt.date(2024, 5, 10), state_budget=20_000_000)
    _job, sheet = run_export(staff_client, django_capture_on_commit_callbacks, "ledger", "")
    assert sheet.title == "Sổ theo dõi hỗ trợ"
    date_cell, budget_cell, name_cell = sheet["A2"], sheet["H2"], sheet["C2"]
    assert date_cell.value == dt.datetime(2024, 5, 10)
    assert date_cell.number_format == "dd/mm/yyyy"
    assert budget_cell.value == 20_000_000
    assert budget_cell.data_type == "n"
    assert budget_cell.number_format == "#,##0"
    assert name_cell.value == "=HYPERLINK(1)"
    assert name_cell.data_type == "s"  # text, never a formula
    _job, sheet = run_export(staff_client, django_capture_on_commit_callbacks, "registry", "")
    assert sheet["L2"].value == 12_345_678_901
    assert sheet["L2"].number_format == "#,##0"
    assert sheet.column_dimensions["B"].width == 40


def test_sheet_names_keep_diacritics_and_fit():
    assert exports.sheet_title("Danh bạ tổ chức") == "Danh bạ tổ chức"
    long = exports.sheet_title("Chỉ tiêu [kế hoạch]: năm 2025/2026 * ? và các năm sau nữa")
    assert len(long) <= 31
    assert not set("[]:*?/\\") & set(long)
    assert long.startswith("Chỉ tiêu")


def test_writer_streams_in_constant_memory():
    """20,000 rows through the write-only writer: memory does not grow with the rows."""
    export = exports.ListExport(
        name="bench",
        title="Thử",
        stem="thu",
        columns=[
            exports.Column("Tên", lambda row: f"Công ty số {row}"),
            exports.Column("Tiền", lambda row: row * 1000, "money"),
            exports.Column("Ngày", lambda row: dt.date(2025, 1, 1), "date"),
        ],
        permission=lambda user: (True, ""),
        list_url="enterprises:registry",
    )

    def peak(count: int) -> int:
        tracemalloc.start()
        exports.write_workbook(io.BytesIO(), export, range(count))
        _current, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top

    small, large = peak(2_000), peak(20_000)
    assert large < 20 * 1024 * 1024, large
    # Ten times the rows, not ten times the memory (small absolute peaks vary by run).
    assert large < small * 3, (small, large)


def test_progress_is_recorded(staff_client, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(exports, "PROGRESS_EVERY", 2)
    OrganizationFactory.create_batch(5)
    done = []
    original = exports.write_sheet

    def spying(*args, progress=None, **kwargs):
        def recorded(count):
            done.append(count)
            progress(count)

        return original(*args, progress=recorded if progress else None, **kwargs)

    monkeypatch.setattr(exports, "write_sheet", spying)
    job, _sheet = run_export(staff_client, django_capture_on_commit_callbacks, "registry", "")
    assert done == [2, 4]
    assert job.rows_done == job.rows_total == 5
    assert job.percent == 100
    progress = staff_client.get(reverse("portal:export_progress", args=[job.pk]))
    assert 'data-status="done"' in progress.content.decode()
    assert reverse("portal:export_download", args=[job.pk]) in progress.content.decode()


def test_pending_job_page_polls(staff_client, staff_user):
    job = ExportJob.objects.create(owner=staff_user, list_name="registry", rows_total=10)
    job.rows_done = 4
    job.save()
    html = staff_client.get(reverse("portal:export_detail", args=[job.pk])).content.decode()
    assert "hx-trigger" in html
    assert 'value="40"' in html


def test_another_user_cannot_see_or_download_the_file(
    staff_client, client, django_capture_on_commit_callbacks
):
    OrganizationFactory()
    job, _sheet = run_export(staff_client, django_capture_on_commit_callbacks, "registry", "")
    other = make_user("program_staff", "other-staff@example.vn")
    client.force_login(other)
    for url_name in ("portal:export_detail", "portal:export_progress", "portal:export_download"):
        assert client.get(reverse(url_name, args=[job.pk])).status_code == 404


def test_enterprise_user_cannot_export_a_staff_list(client, enterprise_user):
    client.force_login(enterprise_user)
    response = client.post(reverse("portal:export_start", args=["registry"]), {"query": ""})
    assert response.status_code == 403
    assert not ExportJob.objects.exists()


def test_unknown_list_is_a_404(staff_client):
    response = staff_client.post(reverse("portal:export_start", args=["nothing"]), {"query": ""})
    assert response.status_code == 404


def test_a_failing_export_says_so(staff_user, monkeypatch):
    job = ExportJob.objects.create(owner=staff_user, list_name="registry")

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "write_workbook", broken)
    exports.export_run(job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED
    assert job.error == "Không ghi được tệp xuất. Vui lòng thử lại."


def test_old_exports_are_purged_with_their_files(
    staff_client, staff_user, django_capture_on_commit_callbacks
):
    from portal.tasks import purge_exports_task

    job, _sheet = run_export(staff_client, django_capture_on_commit_callbacks, "registry", "")
    path = job.file.path
    fresh = ExportJob.objects.create(owner=staff_user, list_name="registry")
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    assert purge_exports_task() == 1
    assert not ExportJob.objects.filter(pk=job.pk).exists()
    assert ExportJob.objects.filter(pk=fresh.pk).exists()
    import os

    assert not os.path.exists(path)


def test_dashboard_export_is_a_job_with_typed_figures(
    staff_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.get(reverse("reports:dashboard_export"), {"year": 2025})
    job = ExportJob.objects.get()
    assert response["Location"] == reverse("portal:export_detail", args=[job.pk])
    assert job.status == ExportJob.Status.DONE, job.error
    content = b"".join(
        staff_client.get(reverse("portal:export_download", args=[job.pk])).streaming_content
    )
    book = load_workbook(io.BytesIO(content))
    figures, breakdowns = book.worksheets
    assert figures.title == "Chỉ tiêu và thực hiện"
    assert breakdowns.title == "Phân tổ năm 2025"
    assert figures.freeze_panes == "A2"
    years = {row[3] for row in figures.iter_rows(min_row=2, values_only=True)}
    assert 2025 in years


def test_support_activity_export_follows_status_filter(
    staff_client, django_capture_on_commit_callbacks
):
    SupportActivityFactory(title="Đang ghi")
    SupportActivityFactory(title="Đã hủy", status=SupportActivity.Status.CANCELLED)
    _job, sheet = run_export(
        staff_client, django_capture_on_commit_callbacks, "ledger", "status=cancelled"
    )
    assert [row[3] for row in data_rows(sheet)] == ["Đã hủy"]
