"""Journey (issue 14, item 1): staff filter the registry. No filter is applied that the person
did not choose (a just-approved firm is found), the active filters are named with a one-click
reset, a header sorts the list, and the Excel export, written by the real worker while the page
follows its progress, holds exactly the rows the page showed, in its order."""

import io

from openpyxl import load_workbook
from playwright.sync_api import expect

from enterprises.models import Organization
from portal.models import Role
from tests.conftest import make_user
from tests.enterprises.factories import OrganizationFactory, SupportActivityFactory

from .journey import menu, sign_in


def test_staff_filter_the_registry_and_export_what_they_see(
    watched_page, live_server, celery_worker
):
    make_user(Role.PROGRAM_STAFF, "danhba@example.vn", full_name="Phạm Thị Danh")
    just_approved = OrganizationFactory(name="Công ty Vừa Được Duyệt")  # no support yet
    supported = OrganizationFactory(name="Công ty Ánh Dương")
    SupportActivityFactory(organization=supported)
    OrganizationFactory(
        name="Phòng thử nghiệm Bình Minh", kind=Organization.Kind.CONFORMITY_ASSESSMENT_BODY
    )
    page = watched_page

    sign_in(page, live_server.url, "danhba@example.vn")
    menu(page, "staff", "Danh bạ tổ chức")
    expect(page.get_by_test_id("no-filters")).to_be_visible()
    # The year select shows "Tất cả", not the current year, and applies nothing.
    expect(page.get_by_label("Được hỗ trợ năm")).to_have_value("")
    expect(page.locator("#id_year_supported option:checked")).to_have_text("Tất cả")

    page.get_by_label("Tìm kiếm").fill("Vừa Được Duyệt")
    page.get_by_role("button", name="Lọc", exact=True).click()
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(just_approved.name)
    chips = page.get_by_test_id("active-filter")
    expect(chips).to_have_count(1)
    expect(chips.first).to_contain_text("Tìm kiếm: Vừa Được Duyệt")

    page.get_by_test_id("reset-filters").click()
    expect(page.get_by_test_id("no-filters")).to_be_visible()
    expect(rows).to_have_count(3)

    page.get_by_label("Loại", exact=True).select_option(label="Doanh nghiệp")
    page.get_by_role("button", name="Lọc", exact=True).click()
    expect(rows).to_have_count(2)
    page.locator("th").get_by_role("link", name="Tên").click()  # ascending (already): descending
    expect(page.locator('th[aria-sort="descending"]')).to_have_count(1)
    assert "o=-name" in page.url
    assert "kind=enterprise" in page.url
    shown = [text.strip() for text in rows.locator("td:first-child").all_inner_texts()]
    # Vietnamese order (PostgreSQL's ICU collation): "Ánh" sorts with A, before "Vừa".
    assert shown == ["Công ty Vừa Được Duyệt", "Công ty Ánh Dương"]

    page.get_by_test_id("export").click()
    status = page.get_by_test_id("export-status")
    expect(status).to_have_attribute("data-status", "done", timeout=45_000)
    with page.expect_download() as download_info:
        page.get_by_test_id("export-download").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(download.path().read_bytes())).worksheets[0]
    assert sheet.title == "Danh bạ tổ chức"
    assert sheet.freeze_panes == "A2"
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == shown
