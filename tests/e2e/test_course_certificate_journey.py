"""Journey (b): staff open a course, a person registers from the public catalog, staff record
attendance and a pass, the person's enterprise downloads the certificate and anyone can verify
it by scanning the QR code printed on it."""

import datetime as dt
import io
import re
import time

import zxingcpp
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from portal.models import Role
from tests.conftest import make_user
from tests.enterprises.factories import MembershipFactory, OrganizationFactory

from .journey import expect_message, field, menu, public_menu, sign_in, sign_out, timed

COURSE = "Áp dụng công cụ Lean trong sản xuất chè"
PERSON = "Lê Văn Minh"
PERSON_EMAIL = "minh.le@chephuben.vn"


def test_person_registers_passes_and_the_certificate_verifies(
    watched_page, live_server, celery_worker, mailbox
):
    # What a person cannot create: staff, and an approved organization with its representative.
    make_user(Role.PROGRAM_STAFF, "daotao@example.vn", full_name="Phạm Thu Đào")
    representative = make_user(Role.ENTERPRISE, "giamdoc@chephuben.vn", full_name="Hà Thị Bền")
    organization = OrganizationFactory(name="Công ty Cổ phần Chè Phú Bền")
    MembershipFactory(user=representative, organization=organization)
    today = timezone.localdate()
    page = watched_page
    times: dict[str, float] = {}
    start = time.monotonic()

    with timed(times, "staff open a course"):
        sign_in(page, live_server.url, "daotao@example.vn")
        menu(page, "staff", "Khóa học")
        page.get_by_role("link", name="Khóa học mới").click()
        field(page, "Mã").fill("LEAN-26-01")
        field(page, "Tiêu đề").fill(COURSE)
        field(page, "Loại").select_option(label="Đào tạo công cụ / hệ thống")
        field(page, "Số chỗ").fill("30")
        field(page, "Ngày bắt đầu").fill(today.isoformat())
        field(page, "Ngày kết thúc").fill((today + dt.timedelta(days=1)).isoformat())
        field(page, "Địa điểm").fill("Hội trường Sở Khoa học và Công nghệ")
        page.locator("main form").get_by_role("button", name="Lưu").click()
        expect_message(page, "Đã lưu dự thảo khóa học.")
        page.get_by_role("button", name="Mở đăng ký").click()
        expect_message(page, "Đã cập nhật trạng thái khóa học.")
        sign_out(page)

    with timed(times, "register from the catalog"):
        public_menu(page, "Khóa học")
        expect(page.get_by_role("heading", name="Khóa học đang mở đăng ký")).to_be_visible()
        card = page.get_by_test_id("catalog").locator("article").filter(has_text=COURSE)
        card.get_by_role("link", name="Đăng ký").click()
        expect(page.get_by_role("heading", name="Đăng ký khóa học")).to_be_visible()
        field(page, "Họ và tên").fill(PERSON)
        field(page, "Địa chỉ e-mail").fill(PERSON_EMAIL)
        field(page, "Điện thoại").fill("0912 345 678")
        field(page, "Chức vụ").fill("Trưởng phòng kỹ thuật")
        field(page, "Nơi công tác").fill("Công ty Cổ phần Chè Phú Bền")
        field(page, "Tham gia với tư cách").select_option(label="Người lao động doanh nghiệp")
        field(page, "Mã số thuế của tổ chức").fill(organization.tax_code)
        page.locator("main form").get_by_role("button", name="Đăng ký").click()
        expect_message(
            page, f"Đã nhận đăng ký của bạn. E-mail xác nhận đang được gửi tới {PERSON_EMAIL}."
        )
        received = mailbox.wait_for(to=PERSON_EMAIL, subject=f"Đã nhận đăng ký: {COURSE}")
        assert PERSON in received.body

    with timed(times, "staff record the pass"):
        sign_in(page, live_server.url, "daotao@example.vn")
        menu(page, "staff", "Khóa học")
        page.get_by_role("link", name=COURSE).click()
        registrations = page.get_by_test_id("enrollment-table")
        expect(registrations.locator("tbody tr").filter(has_text=PERSON)).to_contain_text(
            "Đã đăng ký"
        )
        page.get_by_role("link", name="Điểm danh và kết quả").click()
        row = page.get_by_test_id("results-table").locator("tbody tr").filter(has_text=PERSON)
        row.get_by_label("Có mặt").check()
        result = row.get_by_label("Kết quả")
        expect(result.locator("option")).to_have_text(["Chưa có kết quả", "Đạt", "Không đạt"])
        result.select_option(label="Đạt")
        row.get_by_label("Điểm").fill("92")
        page.get_by_role("button", name="Lưu kết quả").click()
        expect_message(page, "Đã lưu kết quả: 1 đạt, 0 không đạt, 1 chứng chỉ mới.")
        passed = registrations.locator("tbody tr").filter(has_text=PERSON)
        expect(passed).to_contain_text("Đạt")
        certificate_number = passed.locator("td").nth(8).inner_text().split()[0]
        assert certificate_number
        sign_out(page)

    with timed(times, "enterprise downloads the certificate"):
        sign_in(page, live_server.url, "giamdoc@chephuben.vn")
        menu(page, "enterprise", "Khóa học và chứng chỉ của tôi")
        # The person only named the organization (its tax code): until its representative
        # confirms that they work there, the course is not the organization's.
        claim = page.get_by_test_id("claims").locator("tbody tr").filter(has_text=PERSON)
        expect(claim).to_contain_text(COURSE)
        claim.get_by_role("button", name="Là nhân sự của chúng tôi").click()
        expect_message(page, f"{PERSON} đã được gắn với tổ chức.")
        expect(page.get_by_test_id("claims")).to_have_count(0)
        history = page.locator("main table").last.locator("tbody tr").filter(has_text=PERSON)
        expect(history).to_contain_text(COURSE)
        expect(history).to_contain_text("Đạt")
        # The worker signs the certificate, then e-mails the person (one queue, in order): once
        # the e-mail is out the signed PDF is there, however slow the machine.
        certificate_mail = mailbox.wait_for(
            to=PERSON_EMAIL, subject="Chứng chỉ của Ông/Bà", timeout=60
        )
        with page.expect_download() as download_info:
            history.get_by_role("link", name=certificate_number).click()
        pdf = download_info.value.path().read_bytes()
        assert pdf.startswith(b"%PDF")
        reader = PdfReader(io.BytesIO(pdf))
        text = "\n".join(p.extract_text() for p in reader.pages)
        assert PERSON in text
        assert certificate_number in text
        assert "Điểm: 92" in text
        printed_url = re.search(r"(http://\S+/trainings/verify/[A-Z0-9-]+/)", text).group(1)
        # What a phone reads from the QR code is the link printed under it.
        scanned = [
            code.text
            for image in reader.pages[0].images
            for code in zxingcpp.read_barcodes(image.image)
        ]
        assert scanned == [printed_url]
        verify_url = scanned[0]
        assert verify_url.startswith(live_server.url)
        sign_out(page)

    with timed(times, "verify"):
        page.goto(verify_url)
        expect(page.get_by_role("heading", name="Tra cứu chứng chỉ")).to_be_visible()
        expect(page.get_by_test_id("verify-result")).to_have_text(
            re.compile("Chứng chỉ này hợp lệ.")
        )
        expect(page.locator("main dl")).to_contain_text(PERSON)
        expect(page.locator("main dl")).to_contain_text(COURSE)
        assert verify_url in certificate_mail.body

    total = round(time.monotonic() - start, 1)
    print(f"\njourney (b) {total} s: {times}")
    assert total < 60
