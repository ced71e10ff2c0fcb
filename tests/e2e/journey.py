"""What every journey does the way a person does it: sign in and out through the header, open
the menus, find form fields by their visible Vietnamese labels, read the flash messages."""

import re
import time
from contextlib import contextmanager

from playwright.sync_api import Locator, Page, expect

PASSWORD = "Secret-pass-123"


def label(text: str) -> re.Pattern:
    """A field's visible label; crispy forms append an asterisk to required ones."""
    return re.compile(rf"^\s*{re.escape(text)}\s*\*?\s*$")


def field(scope: Page | Locator, text: str) -> Locator:
    return scope.get_by_label(label(text))


def pick(scope: Page | Locator, text: str, typed: str, choice: str) -> None:
    """Choose in a picker (a searchable autocomplete) with the keyboard, as a person does: Tab
    to it by its label, type part of the name (accents optional), Enter on the suggestion."""
    page = scope if isinstance(scope, Page) else scope.page
    field_id = scope.locator("label").filter(has_text=label(text)).first.get_attribute("for")
    container = page.locator(f"#{field_id} + .select2")
    multiple = container.locator(".select2-selection--multiple").count() > 0
    if multiple:
        container.locator(".select2-search__field").focus()
    else:
        container.locator(".select2-selection").focus()
        page.keyboard.press("Enter")  # opens the list with its search box focused
    page.keyboard.type(typed, delay=20)
    highlighted = page.locator(".select2-results__option--highlighted")
    expect(highlighted).to_have_text(re.compile(re.escape(choice)))
    page.keyboard.press("Enter")
    expect(container.locator(".select2-selection")).to_contain_text(choice)


def sign_in(page: Page, base_url: str, email: str, password: str = PASSWORD) -> None:
    page.goto(base_url + "/")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Đăng nhập"
    ).click()
    field(page, "Địa chỉ e-mail").fill(email)
    field(page, "Mật khẩu").fill(password)
    page.locator("main form").get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_test_id("account-menu")).to_be_visible()


def sign_out(page: Page) -> None:
    page.get_by_test_id("account-menu").click()
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page.get_by_test_id("account-menu")).to_have_count(0)


def menu(page: Page, section: str, item: str) -> None:
    """Open an entry of a section of the main menu (staff, enterprise, official, council): the
    staff's entries sit in one dropdown per area (Doanh nghiệp, Đào tạo…), found by the entry."""
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    exact = re.compile(rf"^\s*{re.escape(item)}\s*$")
    direct = nav.locator(f'a.nav-link[data-nav-section="{section}"]:not(.dropdown-toggle)')
    if direct.filter(has_text=exact).count():
        direct.filter(has_text=exact).first.click()
        return
    for toggle in nav.locator(f'.dropdown-toggle[data-nav-section="{section}"]').all():
        entries = toggle.locator("xpath=following-sibling::ul[1]").locator("a.dropdown-item")
        if entries.filter(has_text=exact).count():
            toggle.click()
            page.locator(".dropdown-menu.show").get_by_role("link", name=item, exact=True).click()
            return
    raise AssertionError(f"no menu entry {item!r} in the {section} menu")


def public_menu(page: Page, item: str) -> None:
    """A public page from the menu: plain links for visitors; for people with a workspace the
    public pages sit in one dropdown ("Chương trình") so the bar stays one line."""
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    public = nav.locator("[data-nav-public]")
    if public.count():
        public.click()
        page.locator(".dropdown-menu.show").get_by_role("link", name=item, exact=True).click()
    else:
        nav.get_by_role("link", name=item, exact=True).click()


def expect_message(page: Page, text: str) -> None:
    """A flash message (Bootstrap alert) saying `text`."""
    expect(page.locator("main .alert").filter(has_text=text)).to_be_visible()


def confirm(page: Page) -> None:
    """Answer yes in the confirmation modal a data-confirm button just opened."""
    accept = page.get_by_test_id("confirm-accept")
    expect(accept).to_be_visible()
    accept.click()


@contextmanager
def timed(times: dict, step: str):
    """Record how long a step of a journey took (reported with -s)."""
    start = time.monotonic()
    yield
    times[step] = round(time.monotonic() - start, 1)
