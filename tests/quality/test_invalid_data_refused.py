"""Invalid data is refused at the model, so every way in (public form, staff form, service,
import) refuses it with a clear message and saves nothing.

Found by the hostile-input review (issue 13, item 11): founding dates 0001, 1066, 2031 and
2999, support activities dated 1899, control and text-direction characters in names, and 9 MB of
text in one support request were all saved. Run these on PostgreSQL too (CI does): SQLite does
not enforce string lengths, so only the validators stand between a long value and the
database there."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from enterprises import services
from enterprises.imports import import_validate
from enterprises.models import Organization, SupportActivity, SupportRequest
from portal.spreadsheets import append_row, new_workbook, workbook_bytes
from portal.validators import FREE_TEXT_MAX
from tests.enterprises.factories import (
    CommuneFactory,
    OrganizationFactory,
    ProvinceFactory,
    solution,
    valid_tax_code,
)
from tests.enterprises.test_ledger import activity_data
from tests.enterprises.test_registration import registration_data

BAD_FOUNDING_DATES = ["0001-01-01", "1066-10-14", "2031-01-01", "2999-12-31"]
BAD_NAMES = {
    "right-to-left override": "Công ty \u202eABC\u202c",
    "isolate": "Công ty \u2067ABC\u2069",
    "bell": "Công ty\x07 ABC",
    "escape": "Công ty \x1b[31mABC",
    "line break": "Công ty\nABC",
}
CONTROL_MESSAGE = "Hãy bỏ các ký tự điều khiển hoặc ký tự đổi chiều văn bản"


@pytest.fixture
def commune(db):
    return CommuneFactory(code="08290", name="Phường Việt Trì", parent=ProvinceFactory())


def _register(commune, **overrides):
    return Client().post(
        reverse("enterprises:register"),
        registration_data(commune, tax_code=valid_tax_code(9191), **overrides),
    )


@pytest.mark.parametrize("founded_on", BAD_FOUNDING_DATES)
def test_a_registration_with_an_impossible_founding_date_is_refused(founded_on, commune):
    response = _register(commune, founded_on=founded_on)
    assert response.status_code == 200
    errors = response.context["form"].errors["founded_on"]
    assert errors == (
        ["Ngày không được sau ngày hôm nay."]
        if founded_on > "2026"
        else ["Hãy nhập một ngày từ 01/01/1900 trở đi."]
    )
    assert not Organization.objects.exists()


@pytest.mark.parametrize("name", list(BAD_NAMES.values()), ids=list(BAD_NAMES))
def test_a_registration_with_control_characters_in_a_name_is_refused(name, commune):
    for field in ("name", "full_name"):  # the organization's, then its representative's
        response = _register(commune, **{field: name})
        assert response.status_code == 200
        assert CONTROL_MESSAGE in response.context["form"].errors[field][0]
    assert not Organization.objects.exists()


def test_an_ordinary_vietnamese_name_is_accepted(commune):
    response = _register(commune, name="Công ty TNHH Gốm Sứ Thanh Ba – Chi nhánh “Hạ Hòa”")
    assert response.status_code == 302


def test_a_support_activity_dated_1899_is_refused(staff_client, commune):
    organization = OrganizationFactory(commune=commune)
    response = staff_client.post(
        reverse("enterprises:activity_new"),
        activity_data(organizations=[organization.pk], date="1899-12-31"),
    )
    assert response.status_code == 200
    assert "Hãy nhập một ngày từ 01/01/2000 trở đi." in response.content.decode()
    assert not SupportActivity.objects.exists()


def test_a_service_refuses_what_the_form_refuses(staff_user, commune):
    """Services call full_clean: the same validators hold without any form."""
    with pytest.raises(ValidationError) as caught:
        services.organization_create(
            data={
                "kind": "enterprise",
                "name": BAD_NAMES["right-to-left override"],
                "tax_code": valid_tax_code(5151),
                "founded_on": dt.date(1066, 10, 14),
                "commune": commune,
            },
            by=staff_user,
        )
    assert set(caught.value.message_dict) >= {"name", "founded_on"}
    assert not Organization.objects.exists()


@pytest.fixture
def rep_client(commune):
    from enterprises.models import Membership
    from portal.models import Role
    from tests.conftest import make_user

    organization = OrganizationFactory(commune=commune)
    user = make_user(Role.ENTERPRISE, "daidien@example.vn")
    Membership.objects.create(
        user=user,
        organization=organization,
        role=Membership.Role.REPRESENTATIVE,
        status=Membership.Status.ACTIVE,
    )
    client = Client()
    client.force_login(user)
    client.organization = organization
    return client


@pytest.mark.parametrize("size", [FREE_TEXT_MAX + 1, 9 * 1024 * 1024])
def test_a_support_request_is_capped(size, rep_client):
    url = reverse("enterprises:my_request_new", args=[rep_client.organization.pk])
    page = rep_client.get(url).content.decode()
    assert f'maxlength="{FREE_TEXT_MAX}"' in page
    response = rep_client.post(url, {"need": "x" * size, "solutions": [solution("5s").pk]})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert "Giá trị này chỉ có tối đa 10000 kí tự" in response.content.decode()
    assert not SupportRequest.objects.exists()


def test_a_support_request_at_the_cap_is_accepted(rep_client):
    url = reverse("enterprises:my_request_new", args=[rep_client.organization.pk])
    response = rep_client.post(url, {"need": "x" * FREE_TEXT_MAX, "solutions": [solution("5s").pk]})
    assert response.status_code == 302
    assert SupportRequest.objects.count() == 1


def _import(rows) -> list[tuple[str, str]]:
    workbook = new_workbook()
    for row in rows:
        append_row(workbook.active, row)
    result, _parsed = import_validate(
        kind="organizations", data=workbook_bytes(workbook), filename="to-chuc.xlsx"
    )
    return [(error.column, error.message) for error in result.errors]


def test_an_import_refuses_what_the_model_refuses(db):
    header = ["Mã số thuế", "Tên tổ chức", "Ngày thành lập", "Điện thoại", "Địa chỉ"]
    errors = _import(
        [
            header,
            [valid_tax_code(1), "Công ty Một", "14/10/1066", "0210 3 812 345", "Khu 1"],
            [valid_tax_code(2), BAD_NAMES["isolate"], "01/01/2010", "0210 3 812 345", "Khu 2"],
            [valid_tax_code(3), "Công ty Ba", "01/01/2999", "0" * 31, "K" * 301],
        ]
    )
    assert ("Ngày thành lập", "Hãy nhập một ngày từ 01/01/1900 trở đi.") in errors
    assert any(column == "Tên tổ chức" and CONTROL_MESSAGE in m for column, m in errors)
    assert ("Ngày thành lập", "Ngày không được sau ngày hôm nay.") in errors
    assert any(column == "Điện thoại" and "tối đa 30 kí tự" in m for column, m in errors)
    assert any(column == "Địa chỉ" and "tối đa 300 kí tự" in m for column, m in errors)
