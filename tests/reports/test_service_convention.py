"""The monitoring services record who acted (history) and check the acting user themselves."""

import pytest
from django.core.exceptions import PermissionDenied

from reports import services
from reports.models import Target, YearClosing

pytestmark = pytest.mark.django_db


def _author(record):
    return record.history.latest().history_user


def test_target_update_names_the_staff_member(plan, staff_user):
    target = Target.objects.get(indicator__code="PILOT_MODELS", phase__code="2026-2030")
    services.target_update(target=target, by=staff_user, reason="Điều chỉnh", value=7)
    assert _author(target) == staff_user


def test_year_submit_and_approve_name_who_did_them(plan, staff_user, lead_user):
    closing = services.year_submit(year=2025, by=staff_user)
    assert _author(closing) == staff_user
    services.year_approve(closing=closing, by=lead_user)
    latest = closing.history.latest()
    assert latest.status == YearClosing.Status.LOCKED
    assert latest.history_user == lead_user


def test_wrong_users_are_refused_by_the_services(plan, staff_user, enterprise_user, official_user):
    target = Target.objects.get(indicator__code="PILOT_MODELS", phase__code="2026-2030")
    for user in (enterprise_user, official_user):
        with pytest.raises(PermissionDenied):
            services.target_update(target=target, by=user, reason="x", value=9)
        with pytest.raises(PermissionDenied):
            services.year_submit(year=2025, by=user)
    closing = services.year_submit(year=2025, by=staff_user)
    with pytest.raises(PermissionDenied):
        services.year_approve(closing=closing, by=staff_user)  # not a lead
    closing.refresh_from_db()
    assert closing.status == YearClosing.Status.SUBMITTED
