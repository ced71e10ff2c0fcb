"""The user guide's screenshots, taken from the portal itself so they stay current: each role's
main pages at a laptop's 1366×768, saved to static/help/ (committed; run this module after a
change to those pages). Also: the guide is reached from the menu by anyone, its sections from
a list's empty state, and the staff menu fits one line of a 1366×768 screen."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from portal.models import ProgramSettings, Role
from portal.views.help import SECTIONS
from tests.conftest import make_user
from tests.enterprises.factories import CommuneFactory, MembershipFactory, OrganizationFactory

from .journey import menu, pick, sign_in, sign_out

SHOTS = Path(settings.BASE_DIR) / "static" / "help"
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": LAPTOP}


def shoot(page, name: str) -> None:
    page.wait_for_load_state("networkidle")
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 5_000, f"{name}.png is empty"


def test_user_guide_screenshots_of_each_role(watched_page, live_server):
    program = ProgramSettings.load()
    CommuneFactory(name="Xã Hạ Hòa")
    organization = OrganizationFactory(name="Công ty TNHH Gốm Sứ Hạ Hòa")
    OrganizationFactory.create_batch(5)
    representative = make_user(Role.ENTERPRISE, "hoa.tran@gomhahoa.vn", full_name="Trần Thị Hoa")
    MembershipFactory(user=representative, organization=organization)
    make_user(Role.PROGRAM_STAFF, "canbo.so@example.vn", full_name="Nguyễn Văn Cán")
    make_user(Role.OFFICIAL, "lanhdao@example.vn", full_name="Lê Văn Đạo")
    make_user(Role.COUNCIL_MEMBER, "hoidong@example.vn", full_name="Phạm Thị Hội")
    assert program.pk
    page = watched_page
    url = live_server.url

    page.goto(url + "/enterprises/register/")
    pick(page.locator("main form"), "Xã / phường", "ha hoa", "Xã Hạ Hòa")
    page.keyboard.press("Escape")
    shoot(page, "enterprise-register")

    sign_in(page, url, "hoa.tran@gomhahoa.vn")
    shoot(page, "enterprise-home")
    sign_out(page)

    sign_in(page, url, "canbo.so@example.vn")
    menu(page, "staff", "Danh bạ tổ chức")
    shoot(page, "staff-registry")
    menu(page, "staff", "Sổ theo dõi hỗ trợ")
    page.locator("main").get_by_role("link", name="Ghi nhận hỗ trợ").click()
    pick(page.locator("main form"), "Tổ chức", "gom su", organization.name)
    shoot(page, "staff-record-support")
    menu(page, "staff", "Thiết lập Chương trình")
    shoot(page, "admin-program-settings")
    sign_out(page)

    sign_in(page, url, "lanhdao@example.vn")
    menu(page, "official", "Bảng theo dõi kế hoạch")
    shoot(page, "official-dashboard")
    sign_out(page)

    sign_in(page, url, "hoidong@example.vn")
    menu(page, "council", "Hồ sơ được phân công")
    shoot(page, "council-reviews")

    # The guide shows every picture it references (none missing or broken).
    page.get_by_test_id("help-link").click()
    expect(page.get_by_role("heading", name="Hướng dẫn sử dụng", level=1)).to_be_visible()
    for anchor, _title, shots in SECTIONS:
        expect(page.locator(f"section#{anchor}")).to_be_visible()
        for name in shots:
            image = page.locator(f'img[data-help-shot="{name}"]')
            image.scroll_into_view_if_needed()
            expect(image).to_have_js_property("complete", True)
            assert image.evaluate("img => img.naturalWidth") > 0, name


def test_anyone_reaches_the_guide_and_a_list_s_empty_state_links_its_section(
    watched_page, live_server
):
    make_user(Role.PROGRAM_STAFF, "canbo.so@example.vn", full_name="Nguyễn Văn Cán")
    page = watched_page
    page.goto(live_server.url + "/")
    page.get_by_test_id("help-link").click()
    expect(page).to_have_url(re.compile(r"/help/$"))
    expect(page.get_by_test_id("help-link")).to_have_attribute("aria-current", "page")
    expect(page.locator("section#doanh-nghiep")).to_contain_text("Đăng ký")

    sign_in(page, live_server.url, "canbo.so@example.vn")
    menu(page, "staff", "Chuyên gia")
    page.locator("main").get_by_role("link", name="Xem hướng dẫn").click()
    expect(page).to_have_url(re.compile(r"/help/#can-bo$"))
    expect(page.locator("section#can-bo")).to_be_in_viewport()


def test_staff_menu_fits_one_line_of_a_1366_screen_and_marks_the_page(watched_page, live_server):
    make_user(Role.PROGRAM_STAFF, "canbo.so@example.vn", full_name="Nguyễn Thị Phương Thảo")
    page = watched_page
    sign_in(page, live_server.url, "canbo.so@example.vn")
    assert page.viewport_size == LAPTOP
    menu(page, "staff", "Khóa học")
    nav = page.locator("#main-nav")
    expect(nav).to_be_visible()  # expanded, not behind the toggler
    layout = nav.evaluate(
        """nav => {
            const items = [...nav.querySelectorAll(':scope > ul > li > .nav-link')];
            const box = nav.closest('.container').getBoundingClientRect();
            return {
                tops: items.map(a => Math.round(a.getBoundingClientRect().top)),
                lines: items.map(a => a.getClientRects().length),
                heights: items.map(a => Math.round(a.getBoundingClientRect().height)),
                right: Math.max(...items.map(a => a.getBoundingClientRect().right)),
                left: Math.min(...items.map(a => a.getBoundingClientRect().left)),
                box: [box.left, box.right],
                overflow: nav.scrollWidth > nav.clientWidth,
                texts: items.map(a => a.textContent.trim()),
            };
        }"""
    )
    assert len(set(layout["tops"])) == 1, layout  # one line
    assert max(layout["heights"]) < 2 * min(layout["heights"]), layout  # no entry wraps
    assert layout["left"] >= layout["box"][0] - 1, layout
    assert layout["right"] <= layout["box"][1] + 1, layout
    assert not layout["overflow"], layout
    for group in ("Doanh nghiệp", "Đào tạo", "Giải thưởng", "Báo cáo", "Hệ thống"):
        assert group in layout["texts"], layout["texts"]
    # The current page: its entry and its group.
    group = page.locator('.dropdown-toggle[data-nav-group="trainings"]')
    expect(group).to_have_class(re.compile(r"\bactive\b"))
    expect(group).to_have_attribute("aria-current", "page")
    entry = page.locator('.dropdown-menu a.dropdown-item[aria-current="page"]')
    expect(entry).to_have_count(1)
    expect(entry).to_have_text(re.compile("Khóa học"))
