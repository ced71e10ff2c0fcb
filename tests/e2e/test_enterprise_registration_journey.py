"""Journey (a): an enterprise registers online, confirms its e-mail from the message the worker
sent, staff approve it in the review queue, and its representative asks for support."""

import re
import time

from playwright.sync_api import expect
from stdnum.vn import mst

from portal.models import Role
from tests.conftest import make_user
from tests.enterprises.factories import CommuneFactory

from .journey import (
    PASSWORD,
    expect_message,
    field,
    menu,
    pick,
    public_menu,
    sign_in,
    sign_out,
    timed,
)

ORGANIZATION = "Công ty TNHH Gốm Sứ Hạ Hòa"
REPRESENTATIVE = "hoa.tran@gomhahoa.vn"
NEED = "Chúng tôi cần hướng dẫn xây dựng hệ thống quản lý chất lượng ISO 9001 cho xưởng men."


def tax_code(first_nine: str) -> str:
    """A 10-digit Vietnamese tax code: the nine digits and their check digit (weights of the
    General Department of Taxation; a sum that leaves 10 has no valid digit)."""
    weights = (31, 29, 23, 19, 17, 13, 7, 5, 3)
    digit = 10 - sum(w * int(d) for w, d in zip(weights, first_nine, strict=True)) % 11
    assert digit < 10, "no check digit fits these nine digits"
    return first_nine + str(digit)


def test_enterprise_registers_is_approved_and_requests_support(
    watched_page, live_server, celery_worker, mailbox
):
    # What a person cannot create: the province's communes (loaded by a command) and staff.
    CommuneFactory(name="Xã Hạ Hòa")
    make_user(Role.PROGRAM_STAFF, "canbo.so@example.vn", full_name="Nguyễn Văn Cán")
    code = tax_code("260777124")
    assert mst.is_valid(code)  # python-stdnum agrees
    page = watched_page
    times: dict[str, float] = {}
    start = time.monotonic()

    with timed(times, "register"):
        page.goto(live_server.url + "/")
        public_menu(page, "Đăng ký tổ chức")
        expect(page.get_by_role("heading", name="Đăng ký tổ chức")).to_be_visible()
        form = page.locator("main form")
        field(form, "Loại").select_option(label="Doanh nghiệp")
        field(form, "Loại hình pháp lý").select_option(label="Công ty TNHH hai thành viên trở lên")
        field(form, "Tên").fill(ORGANIZATION)
        field(form, "Tên viết tắt").fill("Gốm Hạ Hòa")
        field(form, "Mã số thuế").fill(code)
        field(form, "Hình thức sở hữu").select_option(label="Tư nhân trong nước")
        field(form, "Hệ thống ngành kinh tế").select_option(
            label="VSIC 2025 (Quyết định 36/2025/QĐ-TTg)"
        )
        field(form, "Mã ngành").fill("2393")
        field(form, "Số lao động tham gia BHXH bình quân năm").fill("45")
        field(form, "Doanh thu năm (đồng)").fill("30000000000")
        # The commune picker, typed without accents, chosen with the keyboard.
        pick(form, "Xã / phường", "ha hoa", "Xã Hạ Hòa")
        field(form, "Địa chỉ").fill("Khu 3, thị trấn Hạ Hòa")
        field(form, "Điện thoại").fill("0210 3888 999")
        field(form, "E-mail").fill("lienhe@gomhahoa.vn")
        field(form, "Trang thông tin điện tử").fill("gomhahoa.vn")
        field(form, "Họ và tên của bạn").fill("Trần Thị Hoa")
        field(form, "Chức vụ của bạn").fill("Giám đốc")
        field(form, "Thư điện tử của bạn (dùng để đăng nhập)").fill(REPRESENTATIVE)
        field(form, "Mật khẩu").fill(PASSWORD)
        field(form, "Nhập lại mật khẩu").fill(PASSWORD)
        form.get_by_label(re.compile("Tôi đã đọc thông báo về xử lý dữ liệu cá nhân")).check()
        form.get_by_role("button", name="Đăng ký").click()
        expect(page.get_by_role("heading", name="Kiểm tra hộp thư của bạn")).to_be_visible()

    with timed(times, "confirm e-mail"):
        mail = mailbox.wait_for(to=REPRESENTATIVE, subject="Xác nhận thư điện tử")
        assert ORGANIZATION in mail.body
        link = re.search(r"http://\S+/register/confirm/\S+/", mail.body).group(0)
        assert link.startswith(live_server.url)
        page.goto(link)
        page.get_by_role("button", name="Xác nhận").click()
        expect(page.get_by_role("heading", name="Đã xác nhận địa chỉ thư điện tử")).to_be_visible()
        expect(page.locator("main")).to_contain_text(ORGANIZATION)

    with timed(times, "staff approve"):
        sign_in(page, live_server.url, "canbo.so@example.vn")
        menu(page, "staff", "Đăng ký chờ xét duyệt")
        expect(page.get_by_role("heading", name="Danh sách chờ xét duyệt")).to_be_visible()
        card = page.locator(".card").filter(has_text=ORGANIZATION)
        expect(card).to_contain_text(code)
        card.get_by_role("button", name="Phê duyệt").click()
        expect_message(
            page, "Đăng ký đã được phê duyệt; người đại diện được thông báo qua thư điện tử."
        )
        expect(page.locator(".card").filter(has_text=ORGANIZATION)).to_have_count(0)
        sign_out(page)
        approval = mailbox.wait_for(to=REPRESENTATIVE, subject="Đăng ký được phê duyệt")
        assert ORGANIZATION in approval.subject

    with timed(times, "request support"):
        sign_in(page, live_server.url, REPRESENTATIVE)
        menu(page, "enterprise", "Tổ chức của tôi")
        entry = page.get_by_role("link").filter(has_text=ORGANIZATION)
        expect(entry).to_contain_text("Đang hoạt động")
        entry.click()
        expect(page.get_by_role("heading", name=ORGANIZATION)).to_be_visible()
        page.locator("main").get_by_role("link", name="Đề nghị hỗ trợ", exact=True).first.click()
        expect(page.get_by_role("heading", name="Đề nghị hỗ trợ")).to_be_visible()
        page.get_by_label("ISO 9001", exact=False).first.check()
        field(page, "Nhu cầu của tổ chức").fill(NEED)
        page.get_by_role("button", name="Gửi đề nghị").click()
        expect_message(page, "Đề nghị của bạn đã được gửi cán bộ Chương trình.")
        row = page.locator("main table tbody tr").filter(has_text="ISO 9001")
        expect(row).to_have_count(1)
        expect(row).to_contain_text("Chúng tôi cần hướng dẫn xây dựng hệ thống quản lý")
        expect(row).to_contain_text("Đã gửi")

    total = round(time.monotonic() - start, 1)
    print(f"\njourney (a) {total} s: {times}")
    assert total < 60
