"""Change history in words people read (issue 14, item 8): labels, choice labels, names."""

from django.urls import reverse

from enterprises import services
from enterprises.models import Organization
from portal.history import readable_history
from tests.conftest import make_user

from .factories import CommuneFactory, OrganizationFactory


def _pending(commune):
    return OrganizationFactory(
        commune=commune, name="Công ty TNHH Gốm Phú Thọ", status=Organization.Status.PENDING
    )


def test_helper_turns_a_diff_into_labels_choices_and_names(commune, staff_user):
    organization = _pending(commune)
    other = CommuneFactory(code="08300", name="Xã Hy Cương", parent=commune.parent)
    services.organization_approve(organization=organization, by=staff_user)
    services.organization_update(organization=organization, by=staff_user, data={"commune": other})
    rows = readable_history(organization.history.select_related("history_user"))
    by_field = {c.field: c for row in rows for c in row.changes}
    assert by_field["Trạng thái"].old == "Chờ xét duyệt"
    assert by_field["Trạng thái"].new == "Đang hoạt động"
    assert by_field["Người quyết định"].new == "Cán bộ Sở"  # a person by name, not an id
    assert (by_field["Xã / phường"].old, by_field["Xã / phường"].new) == (
        "Phường Việt Trì",
        "Xã Hy Cương",
    )
    assert rows[-1].action == "Tạo mới"  # the first version: created
    raw = {str(staff_user.pk), str(commune.pk), str(other.pk), "pending", "active"}
    shown = {v for row in rows for c in row.changes for v in (c.old, c.new)}
    assert not raw & shown


def test_organization_page_shows_readable_history(staff_client, commune, staff_user):
    organization = _pending(commune)
    staff_client.post(reverse("enterprises:review_decide", args=[organization.pk, "approve"]))
    content = staff_client.get(
        reverse("enterprises:organization_detail", args=[organization.pk])
    ).content.decode()
    assert "Trạng thái: “Chờ xét duyệt” → “Đang hoạt động”" in content
    assert "Người quyết định: “—” → “Cán bộ Sở”" in content
    assert "· Cán bộ Sở" in content  # who made the change, by name
    assert "“pending”" not in content


def test_admin_history_shows_readable_changes(client, commune, staff_user):
    organization = _pending(commune)
    services.organization_approve(organization=organization, by=staff_user)
    admin = make_user(None, "admin@example.vn", is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.get(reverse("admin:enterprises_organization_history", args=[organization.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Chờ xét duyệt" in content
    assert "Đang hoạt động" in content
    assert "Cán bộ Sở" in content
    assert "pending" not in content.split('id="change-history"')[1]


def test_pilot_page_shows_readable_history(staff_client, organization):
    import datetime as dt

    from .factories import PilotModelFactory

    pilot = PilotModelFactory(organization=organization, selected_on=dt.date(2024, 1, 10))
    staff_client.post(
        reverse("enterprises:pilot_transition", args=[pilot.pk]),
        {"to": "implementing", "on": "2024-02-01"},
    )
    page = staff_client.get(reverse("enterprises:pilot_detail", args=[pilot.pk])).content.decode()
    assert "“Được lựa chọn” → “Đang triển khai”" in page
    assert "“—” → “01/02/2024”" in page  # the date the implementation started, as people write it
    assert "· Cán bộ Sở · Thay đổi" in page
