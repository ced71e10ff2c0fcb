"""Journey (c): staff open an award cycle, an enterprise applies with a dossier and its
self-assessment, a council member scores every criterion, staff forward the nomination and
record the level won, and the public winners page shows the organization."""

import datetime as dt
import re
import time

from django.utils import timezone
from playwright.sync_api import expect
from weasyprint import HTML

from awards.cycle_templates import template_for
from portal.models import Role
from tests.conftest import make_user
from tests.enterprises.factories import MembershipFactory, OrganizationFactory

from .journey import (
    confirm,
    expect_message,
    field,
    menu,
    public_menu,
    sign_in,
    sign_out,
    timed,
)

ORGANIZATION = "Công ty TNHH Cơ khí Chính xác Việt Trì"
# The criteria of the template of the year's rules with the points the council member gives
# (total 826): the seven criteria up to 2025, the two groups of Decree 37/2026/NĐ-CP from 2026.
LEGACY_SCORES = {
    "Lãnh đạo": 100,
    "Chiến lược": 70,
    "Định hướng vào khách hàng": 72,
    "Đo lường, phân tích và quản lý tri thức": 75,
    "Nguồn nhân lực": 70,
    "Quản lý hoạt động": 69,
    "Kết quả hoạt động": 370,
}
DECREE_37_SCORES = {
    "Lãnh đạo": 60,
    "Chiến lược": 42,
    "Khách hàng": 43,
    "Đo lường, phân tích và quản lý tri thức": 45,
    "Lực lượng lao động": 42,
    "Vận hành": 41,
    "Kết quả": 222,
    "Chất lượng sản phẩm, hàng hóa": 166,
    "Mức độ tin cậy của sản phẩm, hàng hóa": 83,
    "Sự vượt trội hoặc độc đáo của sản phẩm, hàng hóa": 82,
}
SCORES = (
    DECREE_37_SCORES
    if template_for(timezone.localdate().year).first_year >= 2026
    else LEGACY_SCORES
)


def test_enterprise_applies_council_scores_and_the_winner_is_published(
    watched_page, live_server, celery_worker, mailbox, tmp_path
):
    # What a person cannot create: staff, a council member, and an approved organization.
    make_user(Role.PROGRAM_STAFF, "giaithuong@example.vn", full_name="Đỗ Minh Thưởng")
    make_user(Role.COUNCIL_MEMBER, "hoidong@example.vn", full_name="GS. Trần Hội Đồng")
    representative = make_user(Role.ENTERPRISE, "giamdoc@cokhivt.vn", full_name="Vũ Văn Trì")
    MembershipFactory(user=representative, organization=OrganizationFactory(name=ORGANIZATION))
    dossier = tmp_path / "ho-so-giai-thuong.pdf"
    HTML(
        string="<h1>Hồ sơ tham dự Giải thưởng Chất lượng Quốc gia</h1><p>Báo cáo tóm tắt.</p>"
    ).write_pdf(dossier)
    today = timezone.localdate()
    page = watched_page
    times: dict[str, float] = {}
    start = time.monotonic()

    with timed(times, "staff open a cycle"):
        sign_in(page, live_server.url, "giaithuong@example.vn")
        menu(page, "staff", "Kỳ xét Giải thưởng")
        page.get_by_role("link", name="Kỳ xét thưởng mới").click()
        field(page, "Năm").fill(str(today.year))
        page.get_by_label("Doanh nghiệp nhỏ và vừa, sản xuất").check()
        field(page, "Ngày mở đăng ký").fill(today.isoformat())
        field(page, "Ngày hết hạn đăng ký").fill((today + dt.timedelta(days=30)).isoformat())
        field(page, "Hạn nộp hồ sơ").fill((today + dt.timedelta(days=60)).isoformat())
        field(page, "Hạn sơ tuyển cấp tỉnh").fill((today + dt.timedelta(days=90)).isoformat())
        page.locator("main form").get_by_role("button", name="Lưu").click()
        expect_message(
            page,
            f"Đã tạo kỳ xét thưởng năm {today.year} với bộ tiêu chí và mức giải mặc định.",
        )
        sign_out(page)

    with timed(times, "enterprise applies and submits"):
        sign_in(page, live_server.url, "giamdoc@cokhivt.vn")
        menu(page, "enterprise", "Hồ sơ dự Giải thưởng của tôi")
        cycle_name = f"Giải thưởng Chất lượng Quốc gia năm {today.year}"
        open_cycle = page.locator("main .alert").filter(has_text=cycle_name)
        expect(open_cycle).to_contain_text("đang mở đăng ký")
        open_cycle.get_by_role("link", name="Đăng ký tham gia").click()
        expect(field(page, "Tổ chức")).to_have_value(re.compile(r"\d+"))
        field(page, "Loại hình tham dự").select_option(label="Doanh nghiệp nhỏ và vừa, sản xuất")
        page.locator("main form").get_by_role("button", name="Đăng ký tham gia").click()
        deadline = (today + dt.timedelta(days=60)).strftime("%d/%m/%Y")
        expect_message(page, f"Đã ghi nhận đăng ký. Vui lòng tải hồ sơ lên trước ngày {deadline}.")
        expect(page.get_by_role("heading", name=ORGANIZATION)).to_be_visible()

        upload = page.locator("main form").filter(has_text="Tải lên")
        field(upload, "Loại").select_option(label="Hồ sơ")
        field(upload, "Tệp").set_input_files(dossier)
        field(upload, "Mô tả").fill("Hồ sơ tham dự và báo cáo tóm tắt")
        upload.get_by_role("button", name="Tải lên").click()
        expect_message(page, "Đã thêm tệp vào hồ sơ.")
        expect(page.get_by_role("link", name="ho-so-giai-thuong.pdf")).to_be_visible()

        page.get_by_role("link", name="Tự đánh giá", exact=True).click()
        for criterion, points in SCORES.items():
            page.get_by_label(criterion, exact=True).fill(str(points + 5))
        page.get_by_role("button", name="Lưu", exact=True).click()
        expect_message(page, "Đã lưu phần tự đánh giá.")
        page.get_by_role("button", name="Nộp hồ sơ").click()
        confirm(page)
        expect_message(page, "Đã nộp hồ sơ. Cán bộ chương trình sẽ kiểm tra và thông báo cho bạn.")
        expect(page.locator("main .award-steps [aria-current=step]")).to_have_text("Đã nộp hồ sơ")
        sign_out(page)

    with timed(times, "staff assign the council"):
        sign_in(page, live_server.url, "giaithuong@example.vn")
        menu(page, "staff", "Đơn vị tham dự Giải thưởng")
        page.get_by_role("link", name=ORGANIZATION).click()
        page.get_by_role("link", name="Phân công thành viên hội đồng").click()
        page.get_by_label("GS. Trần Hội Đồng").check()
        page.get_by_role("button", name="Phân công", exact=True).click()
        expect_message(page, "Đã phân công 1 thành viên hội đồng.")
        sign_out(page)
        assigned = mailbox.wait_for(to="hoidong@example.vn", subject=ORGANIZATION)
        review_link = re.search(r"http://\S+/awards/council/reviews/\d+/", assigned.body).group(0)

    with timed(times, "council member scores"):
        sign_in(page, live_server.url, "hoidong@example.vn")
        menu(page, "council", "Hồ sơ được phân công")
        row = page.locator("main table tbody tr").filter(has_text=ORGANIZATION)
        row.get_by_role("link", name="Chấm điểm").click()
        assert page.url == review_link
        for criterion, points in SCORES.items():
            page.get_by_label(criterion, exact=True).fill(str(points))
        page.get_by_role("button", name="Nộp phiếu chấm").click()
        confirm(page)
        expect_message(page, "Phiếu chấm của bạn đã được nộp.")
        expect(page.locator("main table tfoot")).to_contain_text("826")
        menu(page, "council", "Hồ sơ được phân công")
        row = page.locator("main table tbody tr").filter(has_text=ORGANIZATION)
        expect(row).to_contain_text("Đã gửi · 826")
        expect(row.get_by_role("link", name="Mở", exact=True)).to_be_visible()
        sign_out(page)

    with timed(times, "staff forward and award"):
        sign_in(page, live_server.url, "giaithuong@example.vn")
        menu(page, "staff", "Đơn vị tham dự Giải thưởng")
        page.get_by_role("link", name=ORGANIZATION).click()
        expect(page.locator("main")).to_contain_text("826")
        page.get_by_role("link", name="Ghi nhận quyết định của hội đồng").click()
        page.get_by_label("Đề nghị Hội đồng quốc gia xét").check()
        field(page, "Biên bản họp hội đồng").fill(
            "Hội đồng sơ tuyển thống nhất đề nghị Hội đồng quốc gia xét tặng giải."
        )
        page.get_by_role("button", name="Ghi nhận quyết định").click()
        expect_message(page, "Đã ghi nhận quyết định của hội đồng.")
        page.get_by_role("link", name="Ghi nhận kết quả").click()
        field(page, "Mức giải").select_option(label="Giải Vàng")
        field(page, "Số quyết định").fill("1234/QĐ-TTg")
        field(page, "Ngày quyết định").fill(today.isoformat())
        page.locator("main form").get_by_role("button", name="Ghi nhận kết quả").click()
        expect_message(page, "Đã ghi nhận kết quả.")
        expect(page.locator("main")).to_contain_text("Đạt giải")
        sign_out(page)

    with timed(times, "public winners"):
        public_menu(page, "Tổ chức đạt giải")
        expect(
            page.get_by_role("heading", name="Doanh nghiệp đạt Giải thưởng Chất lượng Quốc gia")
        ).to_be_visible()
        winner = page.locator("main table tbody tr").filter(has_text=ORGANIZATION)
        expect(winner).to_contain_text("Giải Vàng")
        expect(winner).to_contain_text(str(today.year))
        expect(winner).to_contain_text(f"1234/QĐ-TTg ngày {today.strftime('%d/%m/%Y')}")

    total = round(time.monotonic() - start, 1)
    print(f"\njourney (c) {total} s: {times}")
    assert total < 60
