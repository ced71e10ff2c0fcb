"""Pilot models: the lifecycle enforced on the server, figures, sharing events."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from enterprises import services
from enterprises.models import PilotModel

from .factories import PilotModelFactory, solution


def test_create_from_the_staff_page(staff_client, organization):
    response = staff_client.post(
        reverse("enterprises:pilot_new"),
        {
            "organization": organization.pk,
            "title": "Mô hình Lean tại xưởng cơ khí",
            "selected_on": "2024-02-01",
            "solutions": [solution("lean").pk, solution("5s").pk],
            "baseline_productivity": "120",
            "productivity_unit": "sản phẩm/ca",
            "baseline_defect_rate": "4.5",
        },
    )
    pilot = PilotModel.objects.get()
    assert response["Location"] == reverse("enterprises:pilot_detail", args=[pilot.pk])
    assert pilot.status == "selected"


def test_full_lifecycle_with_rules(staff_client, organization, staff_user):
    pilot = PilotModelFactory(organization=organization, selected_on=dt.date(2024, 1, 10))
    url = reverse("enterprises:pilot_transition", args=[pilot.pk])
    # Skipping a step is refused.
    response = staff_client.post(
        url, {"to": "recognized", "on": "2024-05-01", "recognition_decision": "1/QĐ"}, follow=True
    )
    assert "không chuyển sang" in response.content.decode()
    staff_client.post(url, {"to": "implementing", "on": "2024-02-01"})
    pilot.refresh_from_db()
    assert pilot.status == "implementing"
    assert pilot.implementation_started_on == dt.date(2024, 2, 1)
    # Evaluated needs a result figure.
    response = staff_client.post(url, {"to": "evaluated", "on": "2024-09-01"}, follow=True)
    assert "ít nhất một chỉ số kết quả" in response.content.decode()
    services.pilot_model_update(
        pilot=pilot, by=staff_user, data={"result_defect_rate": Decimal("1.20")}
    )
    staff_client.post(url, {"to": "evaluated", "on": "2024-09-01"})
    pilot.refresh_from_db()
    assert pilot.status == "evaluated"
    # Recognized needs the decision number.
    staff_client.post(url, {"to": "recognized", "on": "2024-12-01"})
    pilot.refresh_from_db()
    assert pilot.status == "evaluated"
    staff_client.post(
        url, {"to": "recognized", "on": "2024-12-01", "recognition_decision": "125/QĐ-SKHCN"}
    )
    pilot.refresh_from_db()
    assert (pilot.status, pilot.recognition_decision) == ("recognized", "125/QĐ-SKHCN")
    with pytest.raises(ValidationError):
        services.pilot_model_transition(
            pilot=pilot, by=staff_user, to="implementing", on=dt.date(2025, 1, 1)
        )


def test_transition_date_not_before_selection(staff_user, organization):
    pilot = PilotModelFactory(organization=organization, selected_on=dt.date(2024, 1, 10))
    with pytest.raises(ValidationError):
        services.pilot_model_transition(
            pilot=pilot, by=staff_user, to="implementing", on=dt.date(2023, 1, 1)
        )


def test_sharing_events(staff_client, organization):
    pilot = PilotModelFactory(organization=organization)
    staff_client.post(
        reverse("enterprises:sharing_event_new", args=[pilot.pk]),
        {
            "kind": "site_visit",
            "date": "2024-10-10",
            "title": "Tham quan mô hình",
            "participants": 35,
            "organizations_attending": 12,
        },
    )
    event = pilot.sharing_events.get()
    assert event.participants == 35
    page = staff_client.get(reverse("enterprises:pilot_detail", args=[pilot.pk])).content.decode()
    assert "Tham quan mô hình" in page
    assert (
        "Tham quan mô hình"
        in staff_client.get(
            reverse("enterprises:organization_detail", args=[organization.pk])
        ).content.decode()
    )


def test_pilot_list(staff_client, organization):
    PilotModelFactory(organization=organization, title="Mô hình TPM")
    content = staff_client.get(reverse("enterprises:pilot_list")).content.decode()
    assert "Mô hình TPM" in content
    assert "Được lựa chọn: 1" in content
