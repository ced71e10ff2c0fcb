"""The public home page and signing in, in a real browser."""

from playwright.sync_api import expect

from portal.models import Role
from tests.conftest import make_user


def test_home_page_is_styled_vietnamese_and_local(watched_page, live_server):
    page = watched_page
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    # Bootstrap is loaded from static/: the header has its gradient and the grid applies.
    header_background = page.locator(".site-header").evaluate(
        "el => getComputedStyle(el).backgroundImage"
    )
    assert "gradient" in header_background
    expect(page.locator("footer .visitor-stats")).to_be_visible()


def test_staff_signs_in_and_lands_in_the_workspace(watched_page, live_server):
    make_user(Role.PROGRAM_STAFF, "e2e-staff@example.vn", full_name="Cán bộ E2E")
    page = watched_page
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("E-mail").fill("e2e-staff@example.vn")
    page.locator("input[name=password]").fill("Secret-pass-123")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(live_server.url + "/staff/")
    expect(page.get_by_test_id("account-menu")).to_contain_text("Cán bộ E2E")
