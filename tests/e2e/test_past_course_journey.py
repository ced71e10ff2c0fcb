"""Journey (issue 14, item 6): staff record a course that took place last month: they add one
participant by hand, import the attendance list (a wrong list first: every wrong row is named
and nothing is saved), record the course as held, record a pass, and anyone checks the
certificate by its number. A person cannot register for a course in the past and is told why.
Also the shared "busy" behaviour: a slow form's button is disabled once clicked."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from portal import spreadsheets
from portal.models import Role
from tests.conftest import make_user
from tests.trainings.factories import CourseFactory
from trainings import attendance

from .journey import expect_message, field, menu, sign_in, sign_out, timed

COURSE = "Hội thảo nâng cao năng suất ngành chè 2026"


def _attendance_file(tmp_path, name: str, rows: list[list]):
    workbook = attendance.template_workbook()
    for row in rows:
        spreadsheets.append_row(workbook.active, row)
    path = tmp_path / name
    path.write_bytes(spreadsheets.workbook_bytes(workbook))
    return path


def test_staff_record_a_course_that_took_place(
    watched_page, live_server, celery_worker, mailbox, tmp_path
):
    make_user(Role.PROGRAM_STAFF, "daotao@example.vn", full_name="Phạm Thu Đào")
    held_on = timezone.localdate() - dt.timedelta(days=30)
    page = watched_page
    times: dict[str, float] = {}

    with timed(times, "create the past course"):
        sign_in(page, live_server.url, "daotao@example.vn")
        menu(page, "staff", "Khóa học")
        page.get_by_role("link", name="Khóa học mới").click()
        field(page, "Mã").fill("CHE-25-11")
        field(page, "Tiêu đề").fill(COURSE)
        field(page, "Loại").select_option(label="Đào tạo công cụ / hệ thống")
        field(page, "Số chỗ").fill("40")
        field(page, "Ngày bắt đầu").fill(held_on.isoformat())
        field(page, "Ngày kết thúc").fill(held_on.isoformat())
        field(page, "Địa điểm").fill("Hội trường UBND xã Phú Thọ")
        page.locator("main form").get_by_role("button", name="Lưu").click()
        expect_message(page, "Đã lưu dự thảo khóa học.")
        expect(page.get_by_test_id("past-course-steps")).to_be_visible()
        expect(page.get_by_role("button", name="Mở đăng ký")).to_have_count(0)

    with timed(times, "add a participant by hand"):
        page.get_by_role("link", name="Thêm học viên").click()
        field(page, "Họ và tên").fill("Nguyễn Thị Thêm")
        field(page, "E-mail").fill("them@example.vn")
        page.get_by_role("button", name="Thêm", exact=True).click()
        expect_message(page, "Đã thêm Nguyễn Thị Thêm vào danh sách học viên.")

    with timed(times, "import the attendance list"):
        page.get_by_role("link", name="Nhập danh sách học viên").click()
        with page.expect_download() as template:
            page.get_by_test_id("attendance-template").click()
        assert spreadsheets.read_first_sheet(template.value.path().read_bytes())[0][0] == (
            "Họ và tên (bắt buộc)"
        )
        wrong = _attendance_file(
            tmp_path,
            "sai.xlsx",
            [
                ["Lê Văn Một", "mot@example.vn"],
                ["Thiếu E-mail", ""],
                ["Lại Thêm", "them@example.vn"],
            ],
        )
        page.get_by_label("Danh sách học viên (.xlsx)").set_input_files(wrong)
        page.get_by_role("button", name="Nhập học viên").click()
        errors = page.get_by_test_id("import-errors")
        expect(errors).to_contain_text("Chưa lưu gì")
        expect(errors).to_contain_text("Dòng 3:")
        expect(errors).to_contain_text("Dòng 4:")
        expect(errors).not_to_contain_text("Dòng 2:")
        right = _attendance_file(
            tmp_path,
            "dung.xlsx",
            [["Lê Văn Một", "mot@example.vn"], ["Trần Văn Hai", "hai@example.vn"]],
        )
        page.get_by_label("Danh sách học viên (.xlsx)").set_input_files(right)
        # The slow step's button is disabled once pressed (data-busy).
        button = page.get_by_role("button", name="Nhập học viên")
        page.evaluate("window.addEventListener('submit', e => e.preventDefault(), {once: true})")
        button.click()
        expect(button).to_be_disabled()
        expect(page.locator("main form[aria-busy=true]")).to_have_count(1)
        page.reload()
        page.get_by_label("Danh sách học viên (.xlsx)").set_input_files(right)
        page.get_by_role("button", name="Nhập học viên").click()
        expect_message(page, "Đã thêm 2 học viên từ danh sách.")
        table = page.get_by_test_id("enrollment-table")
        expect(table.locator("tbody tr")).to_have_count(3)

    with timed(times, "record as held, then the results"):
        page.get_by_role("button", name="Ghi nhận đã tổ chức").click()
        expect_message(page, "Đã cập nhật trạng thái khóa học.")
        page.get_by_role("link", name="Điểm danh và kết quả").click()
        row = (
            page.get_by_test_id("results-table").locator("tbody tr").filter(has_text="Trần Văn Hai")
        )
        row.get_by_label("Có mặt").check()
        row.get_by_label("Kết quả").select_option(label="Đạt")
        page.get_by_role("button", name="Lưu kết quả").click()
        expect_message(page, "Đã lưu kết quả: 1 đạt, 0 không đạt, 1 chứng chỉ mới.")
        passed = (
            page.get_by_test_id("enrollment-table")
            .locator("tbody tr")
            .filter(has_text="Trần Văn Hai")
        )
        number = passed.locator("td").nth(8).inner_text().split()[0]
        assert number.startswith("NSCL-")
        sign_out(page)

    with timed(times, "check the certificate by its number"):
        page.goto(live_server.url + "/trainings/verify/")
        field(page, "Mã xác thực hoặc số chứng chỉ").fill(number)
        page.get_by_role("button", name="Tra cứu").click()
        expect(page.get_by_test_id("verify-result")).to_contain_text("Chứng chỉ này hợp lệ.")
        expect(page.get_by_test_id("certificate-number")).to_have_text(number)

    with timed(times, "a past open course refuses registration"):
        past = CourseFactory(
            title="Khóa học đã qua", starts_on=held_on, ends_on=held_on, status="open"
        )
        page.goto(f"{live_server.url}/trainings/courses/{past.pk}/")
        expect(page.locator("main")).to_contain_text("đã hết hạn đăng ký")
    page.watch.assert_clean()
    print("past course journey:", times)
