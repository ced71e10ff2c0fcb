"""Journey: staff choose organizations and communes in pickers with the keyboard alone,
typing names without accents, among many rows; the pickers' scripts load once per page
(watched_page fails on a console error such as "select2 has already been registered") and
nothing comes from another site."""

import re

from playwright.sync_api import expect

from enterprises.models import SupportActivity
from portal.models import Role
from tests.conftest import make_user
from tests.enterprises.factories import CommuneFactory, OrganizationFactory
from trainings.models import Expert

from .journey import expect_message, field, menu, pick, sign_in


def test_staff_choose_organizations_and_a_commune_by_typing_without_accents(
    watched_page, live_server
):
    CommuneFactory(name="Xã Hạ Hòa")
    CommuneFactory(name="Xã Hà Lộc")
    gom = OrganizationFactory(name="Công ty TNHH Gốm Sứ Hạ Hòa")
    che = OrganizationFactory(name="Hợp tác xã Chè Đồng Hỷ")
    OrganizationFactory.create_batch(30)  # more than one page of suggestions
    make_user(Role.PROGRAM_STAFF, "canbo.so@example.vn", full_name="Nguyễn Văn Cán")
    page = watched_page
    sign_in(page, live_server.url, "canbo.so@example.vn")

    # Support given to two organizations at once, each found by typing part of its name.
    menu(page, "staff", "Sổ theo dõi hỗ trợ")
    page.locator("main").get_by_role("link", name="Ghi nhận hỗ trợ").click()
    form = page.locator("main form")
    pick(form, "Tổ chức", "gom su", gom.name)
    pick(form, "Tổ chức", "che dong hy", che.name)
    field(form, "Ngày").fill("2026-01-05")
    field(form, "Loại").select_option(value=SupportActivity.Kind.GUIDANCE)
    field(form, "Tiêu đề").fill("Hướng dẫn áp dụng ISO 9001")
    form.get_by_role("button", name=re.compile("Ghi nhận|Lưu")).click()
    expect(page.locator("main .alert")).to_be_visible()
    recorded = SupportActivity.objects.filter(title="Hướng dẫn áp dụng ISO 9001")
    assert sorted(recorded.values_list("organization__name", flat=True)) == sorted(
        [gom.name, che.name]
    )

    # A new expert (the page that once failed with a server error), commune chosen by keyboard.
    menu(page, "staff", "Chuyên gia")
    page.locator("main").get_by_role("link", name="Thêm chuyên gia").click()
    form = page.locator("main form")
    field(form, "Họ và tên").fill("Trần Thị Hạnh")
    field(form, "E-mail").fill("hanh.tran@example.vn")
    pick(form, "Tổ chức, doanh nghiệp", "gom su ha hoa", gom.name)
    pick(form, "Xã / phường", "ha hoa", "Xã Hạ Hòa")
    form.get_by_role("button", name=re.compile("Lưu|Thêm")).click()
    expect_message(page, "Đã bổ sung chuyên gia vào đội ngũ.")
    expert = Expert.objects.get(full_name="Trần Thị Hạnh")
    assert expert.commune.name == "Xã Hạ Hòa"
    assert expert.organization == gom
