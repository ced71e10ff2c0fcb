"""Program data: settings edited by staff, the administrative units and their loader."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from portal import administrative_units
from portal.administrative_units import TWO_LEVEL_SYSTEM_START, administrative_units_load
from portal.models import AdministrativeUnit, ProgramSettings

pytestmark = pytest.mark.django_db

PROVINCE = AdministrativeUnit.Level.PROVINCE
COMMUNE = AdministrativeUnit.Level.COMMUNE


def _text(response) -> str:
    return response.content.decode()


# --- The loader --------------------------------------------------------------------------


def test_load_administrative_units_creates_the_two_level_system_idempotently(monkeypatch):
    out = []
    call_command("load_administrative_units", stdout=type("W", (), {"write": out.append})())
    provinces = AdministrativeUnit.objects.filter(level=PROVINCE)
    communes = AdministrativeUnit.objects.filter(level=COMMUNE)
    assert provinces.count() == 34
    # 3,321 communes and wards in vietnam-provinces 2025.10; later data may move a few.
    assert 3300 <= communes.count() <= 3340
    assert communes.count() == len(administrative_units._dataset()[2])
    assert not AdministrativeUnit.objects.exclude(effective_from=TWO_LEVEL_SYSTEM_START).exists()
    assert not AdministrativeUnit.objects.filter(effective_to__isnull=False).exists()
    assert not communes.filter(parent__isnull=True).exists()
    phu_tho = provinces.get(code="25")
    assert "Phú Thọ" in phu_tho.name
    assert phu_tho.children.count() > 100
    assert f"{AdministrativeUnit.objects.count()} created" in out[0]

    # Idempotent: a second run changes nothing.
    result = administrative_units_load()
    assert (result["created"], result["updated"], result["closed"]) == (0, 0, 0)
    assert AdministrativeUnit.objects.count() == 3355

    # A commune that disappears from a newer dataset is closed, not deleted.
    source, province_rows, ward_rows = administrative_units._dataset()
    dropped = ward_rows[0]
    monkeypatch.setattr(
        administrative_units,
        "_dataset",
        lambda: (source, province_rows, ward_rows[1:]),
    )
    result = administrative_units_load()
    assert (result["created"], result["updated"], result["closed"]) == (0, 0, 1)
    gone = AdministrativeUnit.objects.get(code=dropped[0])
    assert gone.effective_to == timezone.localdate()
    assert AdministrativeUnit.objects.filter(effective_to__isnull=False).count() == 1
    # Running again keeps it closed once (no second closing, no new date).
    assert administrative_units_load()["closed"] == 0

    # When it comes back, it is open again.
    monkeypatch.undo()
    result = administrative_units_load()
    assert result["updated"] == 1
    gone.refresh_from_db()
    assert gone.effective_to is None


# --- Staff page: administrative units ----------------------------------------------------


@pytest.fixture
def units(db):
    start = TWO_LEVEL_SYSTEM_START
    phu_tho = AdministrativeUnit.objects.create(
        code="25", name="Tỉnh Phú Thọ", division_type="tỉnh", level=PROVINCE, effective_from=start
    )
    ha_noi = AdministrativeUnit.objects.create(
        code="01",
        name="Thành phố Hà Nội",
        division_type="thành phố trung ương",
        level=PROVINCE,
        effective_from=start,
    )
    for code, name, kind, parent, end in [
        ("07900", "Phường Việt Trì", "phường", phu_tho, None),
        ("07901", "Phường Nông Trang", "phường", phu_tho, None),
        ("07902", "Xã Đoan Hùng", "xã", phu_tho, None),
        ("07903", "Xã Cũ Đã Nhập", "xã", phu_tho, dt.date(2025, 12, 31)),
        ("00004", "Phường Ba Đình", "phường", ha_noi, None),
    ]:
        AdministrativeUnit.objects.create(
            code=code,
            name=name,
            division_type=kind,
            level=COMMUNE,
            parent=parent,
            effective_from=start,
            effective_to=end,
        )
    settings_row = ProgramSettings.load()
    settings_row.province_code = "25"
    settings_row.save()
    return phu_tho


def test_unit_list_shows_the_program_province_with_dates(staff_client, units):
    page = _text(staff_client.get(reverse("portal:administrative_unit_list")))
    assert "Phường Việt Trì" in page
    assert "Xã Đoan Hùng" in page
    assert "01/07/2025" in page
    assert "Phường Ba Đình" not in page
    assert "Xã Cũ Đã Nhập" not in page  # closed units are hidden by default
    assert "3 xã, phường" in page


def test_unit_list_filters_by_province_search_and_closed(staff_client, units):
    url = reverse("portal:administrative_unit_list")
    assert "Phường Ba Đình" in _text(staff_client.get(url, {"province": "01"}))
    found = _text(staff_client.get(url, {"q": "viet tri"}))
    assert "Phường Việt Trì" in found
    assert "3 xã, phường · 1 kết quả phù hợp" in " ".join(found.split())
    assert "Phường Nông Trang" not in found
    closed = _text(staff_client.get(url, {"closed": "1"}))
    assert "Xã Cũ Đã Nhập" in closed
    assert "31/12/2025" in closed


def test_unit_list_without_data_explains_how_to_load_it(staff_client):
    page = _text(staff_client.get(reverse("portal:administrative_unit_list")))
    assert "load_administrative_units" in page


# --- Staff page: program settings --------------------------------------------------------


def _settings_form(**changes) -> dict:
    data = {
        "province_code": "25",
        "province_name": "Tỉnh Phú Thọ",
        "people_committee_name": "Ủy ban nhân dân tỉnh Phú Thọ",
        "agency_name": "Sở Khoa học và Công nghệ",
        "agency_address": "Số 1 Trần Phú, phường Việt Trì",
        "agency_phone": "0210 3 846 123",
        "agency_email": "sokhcn@phutho.gov.vn",
        "plan_number": "45/KH-UBND",
        "plan_date": "26/02/2021",
        "plan_title": "Kế hoạch thực hiện Chương trình năng suất chất lượng",
        "ministry_report_deadline": "15/12",
        "report_signer_name": "Nguyễn Văn Bình",
        "report_signer_title": "GIÁM ĐỐC",
    }
    data.update(changes)
    return data


def test_staff_edit_program_settings_and_every_page_shows_them_at_once(
    staff_client, units, django_capture_on_commit_callbacks
):
    staff_client.get("/")  # the header's cached copy of the settings is now warm
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("portal:program_settings"),
            _settings_form(
                agency_name="Sở Khoa học và Công nghệ tỉnh Phú Thọ", plan_number="99/KH-UBND"
            ),
            follow=True,
        )
    assert "Đã lưu thiết lập Chương trình." in _text(response)
    row = ProgramSettings.load()
    assert row.plan_number == "99/KH-UBND"
    assert row.plan_date == dt.date(2021, 2, 26)
    assert row.history.first().history_user.email == "staff@example.vn"
    home = _text(staff_client.get("/"))
    assert "Sở Khoa học và Công nghệ tỉnh Phú Thọ" in home
    assert "99/KH-UBND" in home


def test_program_settings_form_offers_the_provinces(staff_client, units):
    form = staff_client.get(reverse("portal:program_settings")).context["form"]
    codes = [code for code, _label in form.fields["province_code"].choices]
    assert codes == ["", "25", "01"] or set(codes) == {"", "25", "01"}


@pytest.mark.parametrize("deadline", ["31/02", "15-12", "hạn cuối", "32/1"])
def test_a_wrong_reporting_deadline_is_refused(staff_client, units, deadline):
    response = staff_client.post(
        reverse("portal:program_settings"), _settings_form(ministry_report_deadline=deadline)
    )
    assert response.status_code == 200
    assert "Nhập ngày và tháng theo dạng dd/mm, ví dụ 15/12." in _text(response)
    assert ProgramSettings.load().ministry_report_deadline == "15/12"


def test_bad_email_and_unknown_province_are_refused(staff_client, units):
    response = staff_client.post(
        reverse("portal:program_settings"),
        _settings_form(agency_email="khong-phai-email", province_code="99"),
    )
    assert response.status_code == 200
    page = _text(response)
    assert "Nhập một địa chỉ email hợp lệ." in page  # "Enter a valid email address."
    assert "Hãy chọn một lựa chọn hợp lệ." in page


def test_the_service_refuses_an_unknown_province_code(units):
    from django.core.exceptions import ValidationError

    from portal.services import program_settings_update

    with pytest.raises(ValidationError) as error:
        program_settings_update(by=None, province_code="99")
    assert error.value.message_dict["province_code"] == [
        "Hãy chọn một tỉnh, thành phố trong danh sách."
    ]
    assert ProgramSettings.load().province_code == "25"
