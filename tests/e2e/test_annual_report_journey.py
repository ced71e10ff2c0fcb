"""Journey (d): staff ask for the annual report, the real worker builds it while the page
follows its status by htmx polling, and an official downloads the PDF."""

import io
import re
import time

from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from portal.models import ProgramSettings, Role
from tests.conftest import make_user

from .journey import expect_message, menu, sign_in, sign_out, timed


def test_staff_request_the_annual_report_and_an_official_downloads_it(
    watched_page, live_server, celery_worker
):
    # What a person cannot create: staff and official accounts.
    make_user(Role.PROGRAM_STAFF, "baocao@example.vn", full_name="Lý Thị Báo")
    make_user(Role.OFFICIAL, "lanhdao@example.vn", full_name="Hoàng Văn Đạo")
    year = timezone.localdate().year
    program = ProgramSettings.load()
    page = watched_page
    times: dict[str, float] = {}
    start = time.monotonic()

    with timed(times, "staff request"):
        sign_in(page, live_server.url, "baocao@example.vn")
        menu(page, "staff", "Báo cáo năm")
        expect(page.get_by_role("heading", name="Báo cáo năm", exact=True)).to_be_visible()
        page.get_by_label("Năm").select_option(str(year))
        page.get_by_role("button", name="Tạo phiên bản mới").click()
        expect_message(page, f"Đang tạo phiên bản 1 của báo cáo năm {year}.")
        section = page.locator(f'section[data-year="{year}"]')
        status = section.locator(".report-status")
        expect(status).to_have_count(1)
        # Queued or running: the cell polls by itself, no reload.
        expect(status).to_have_attribute("hx-get", re.compile(r"/reports/annual/\d+/status/"))
        page.evaluate("window.journeyMarker = 'still the same page'")

    with timed(times, "worker builds, page follows"):
        expect(status).to_have_attribute("data-status", "succeeded", timeout=45_000)
        expect(status.locator(".badge")).to_have_text("Đã xong")
        expect(status.get_by_role("link", name="Tải PDF")).to_be_visible()
        # Updated in place by htmx, not by reloading the page.
        assert page.evaluate("window.journeyMarker") == "still the same page"
        expect(status).not_to_have_attribute("hx-get", re.compile(".*"))
        sign_out(page)

    with timed(times, "official downloads"):
        sign_in(page, live_server.url, "lanhdao@example.vn")
        menu(page, "official", "Báo cáo năm")
        row = page.locator(f'section[data-year="{year}"] tbody tr').filter(has_text="v1")
        expect(row).to_contain_text("Lý Thị Báo")
        expect(row.get_by_role("button", name="Tạo phiên bản mới")).to_have_count(0)
        with page.expect_download() as download_info:
            row.get_by_role("link", name="Tải PDF").click()
        download = download_info.value
        assert download.suggested_filename.endswith(".pdf")
        pdf = download.path().read_bytes()

    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == f"Báo cáo kết quả thực hiện Kế hoạch năm {year}"
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert "BÁO CÁO" in text
    assert (
        f"Kết quả thực hiện Kế hoạch số {program.plan_number} "
        f"của {program.people_committee_name} năm {year}"
    ) in text
    assert f"Số liệu tạm tính: số liệu năm {year} chưa được phê duyệt và khóa sổ" in text

    total = round(time.monotonic() - start, 1)
    print(f"\njourney (d) {total} s: {times}")
    assert total < 60
