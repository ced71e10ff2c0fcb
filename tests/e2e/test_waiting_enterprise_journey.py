"""Journey (issue 14, item 7): a representative who registered but has not opened the
confirmation link tries to sign in, is told the e-mail is not confirmed yet (only with the right
password: a wrong one gets the usual message), has the link sent again, confirms, signs in and
reads on the landing page that the registration waits for review and what happens next; signed
in, the header offers no "Đăng nhập"."""

import re
import time

from playwright.sync_api import expect

from enterprises import services
from tests.enterprises.factories import CommuneFactory, valid_tax_code

from .conftest import Mail
from .journey import PASSWORD, field, timed

EMAIL = "hoa@gomthanhba.vn"
ORGANIZATION = "Công ty TNHH Gốm Thanh Ba"


def _try_sign_in(page, base_url: str, password: str) -> None:
    page.goto(base_url + "/accounts/login/")
    field(page, "Địa chỉ e-mail").fill(EMAIL)
    field(page, "Mật khẩu").fill(password)
    page.locator("main form").get_by_role("button", name="Đăng nhập").click()


def _second_message(mailbox, timeout: float = 90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        messages = [m for m in mailbox.messages() if EMAIL in str(m["To"])]
        if len(messages) >= 2:
            return Mail(messages[-1])
        time.sleep(0.2)
    raise AssertionError("the confirmation link was not sent again")


def test_unconfirmed_representative_is_told_and_follows_the_registration(
    watched_page, live_server, celery_worker, mailbox
):
    commune = CommuneFactory(name="Xã Thanh Ba")
    services.organization_register(
        data={
            "kind": "enterprise",
            "name": ORGANIZATION,
            "tax_code": valid_tax_code(777),
            "legal_form": "llc_multi",
            "ownership": "private",
            "industry_classification": "vsic2025",
            "industry_code": "2393",
            "sector_group": "aic",
            "employees": 45,
            "annual_revenue": 30_000_000_000,
            "commune": commune,
        },
        account={"email": EMAIL, "full_name": "Trần Thị Hoa", "password": PASSWORD},
    )
    mailbox.wait_for(to=EMAIL, subject="", timeout=90)  # the worker sends the first link
    page = watched_page
    times: dict[str, float] = {}

    with timed(times, "wrong password: the usual message"):
        _try_sign_in(page, live_server.url, "Sai-mat-khau-999")
        expect(page.locator("main")).to_contain_text("mật khẩu chính xác")
        expect(page.get_by_test_id("resend-confirmation")).to_have_count(0)

    with timed(times, "right password: not confirmed, resend"):
        _try_sign_in(page, live_server.url, PASSWORD)
        expect(page.locator("main")).to_contain_text("chưa được xác nhận")
        page.get_by_test_id("resend-confirmation").click()
        expect(page.locator("main .alert")).to_contain_text(
            "Chúng tôi đã gửi lại đường dẫn xác nhận"
        )
        again = _second_message(mailbox)
        link = re.search(r"http://\S+/register/confirm/\S+/", again.body).group(0)
        assert link.startswith(live_server.url)

    with timed(times, "confirm, sign in, read the status"):
        page.goto(link)
        page.get_by_role("button", name="Xác nhận").click()
        expect(page.get_by_role("heading", name="Đã xác nhận địa chỉ thư điện tử")).to_be_visible()
        _try_sign_in(page, live_server.url, PASSWORD)
        expect(page.get_by_test_id("account-menu")).to_be_visible()
        status = page.get_by_test_id("registration-status")
        expect(status).to_contain_text(ORGANIZATION)
        expect(status).to_contain_text("Chờ xét duyệt")
        expect(status).to_contain_text("Cán bộ Chương trình xem xét đăng ký")
        navigation = page.get_by_role("navigation", name="Điều hướng chính")
        expect(navigation.get_by_role("link", name="Đăng nhập")).to_have_count(0)
        page.goto(live_server.url + "/trainings/")
        expect(navigation.get_by_role("link", name="Đăng nhập")).to_have_count(0)
    page.watch.assert_clean()
    print("waiting enterprise journey:", times)
