"""Closing a year: submit, approve by a lead, frozen figures, unlocking with a kept reason."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from reports import services
from reports.figures import FigureBook
from reports.models import Indicator, Target, YearClosing, YearClosingEvent
from reports.snapshot import checksum

from .conftest import EXPECTED_2025
from .factories import OrganizationFactory, SupportActivityFactory

pytestmark = pytest.mark.django_db


def _supported_2025(book=None):
    book = book or FigureBook()
    return book.figure(Indicator.objects.get(code="SUPPORTED_ORGS"), 2025)


def test_submit_freezes_every_indicator_and_the_breakdowns(plan, staff_user):
    closing = services.year_submit(year=2025, by=staff_user)
    assert closing.status == YearClosing.Status.SUBMITTED
    snapshot = closing.snapshot
    assert {f["code"]: f["actual"] for f in snapshot["indicators"]} == EXPECTED_2025
    assert {f["code"]: f["status"] for f in snapshot["indicators"]}["NQA_WINNERS"] in (
        "not_achieved",
        "off_track",
        "at_risk",
        "on_track",
    )
    assert set(snapshot["breakdowns"]) >= {"commune", "industry_section", "size_class"}
    assert sum(row["count"] for row in snapshot["breakdowns"]["size_class"]) == 12
    assert closing.snapshot_checksum == checksum(snapshot)
    supported = next(f for f in snapshot["indicators"] if f["code"] == "SUPPORTED_ORGS")
    assert len(supported["record_ids"]["organizations"]) == 12
    # The growth bounds used are stored on the target, with how they were derived.
    target = Target.objects.get(indicator__code="SUPPORTED_ORGS", year=2025)
    assert target.derived_base_actual == 11
    assert target.derivation


def test_a_lead_other_than_the_submitter_approves(plan, staff_user, lead_user):
    closing = services.year_submit(year=2025, by=staff_user)
    with pytest.raises(PermissionDenied, match="lãnh đạo"):
        services.year_approve(closing=closing, by=staff_user)
    closing = services.year_approve(closing=closing, by=lead_user)
    assert closing.status == YearClosing.Status.LOCKED
    assert closing.approved_by == lead_user
    assert list(closing.events.values_list("action", flat=True)) == ["approved", "submitted"]


def test_lead_cannot_approve_own_submission(plan, lead_user):
    closing = services.year_submit(year=2025, by=lead_user)
    with pytest.raises(PermissionDenied, match="người khác"):
        services.year_approve(closing=closing, by=lead_user)


def test_locked_figures_stay_frozen_when_records_change(plan, staff_user, lead_user):
    closing = services.year_submit(year=2025, by=staff_user)
    services.year_approve(closing=closing, by=lead_user)
    for _index in range(3):
        SupportActivityFactory(organization=OrganizationFactory(), date=dt.date(2025, 12, 1))
    frozen = _supported_2025()
    assert frozen["actual"] == 12
    assert frozen["frozen"] is True
    live = FigureBook().figure(Indicator.objects.get(code="SUPPORTED_ORGS"), 2025, live=True)
    assert live["actual"] == 15
    # Nothing about a locked year can be changed.
    with pytest.raises(ValidationError, match="khóa sổ"):
        services.manual_actual_save(
            indicator=Indicator.objects.get(code="BUDGET_SPENT"),
            year=2025,
            value=Decimal(1),
            reason="x",
            by=staff_user,
            evidence=ContentFile(b"x", name="x.pdf"),
        )
    target = Target.objects.get(indicator__code="SUPPORTED_ORGS", year=2025)
    with pytest.raises(ValidationError, match="khóa sổ"):
        services.target_update(target=target, by=staff_user, reason="x", growth_min_percent=1)


def test_approval_bases_next_years_growth_on_the_approved_figure(plan, staff_user, lead_user):
    closing = services.year_submit(year=2025, by=staff_user)
    services.year_approve(closing=closing, by=lead_user)
    target = Target.objects.get(indicator__code="SUPPORTED_ORGS", year=2026)
    assert target.derived_base_year == 2025
    assert target.derived_base_actual == 12
    assert target.derived_base_source == "locked"
    assert (target.derived_minimum, target.derived_maximum) == (Decimal("13.2"), Decimal("13.8"))


def test_unlocking_needs_a_reason_that_is_kept(plan, staff_user, lead_user):
    closing = services.year_submit(year=2025, by=staff_user)
    services.year_approve(closing=closing, by=lead_user)
    with pytest.raises(ValidationError):
        services.year_unlock(closing=closing, by=lead_user, reason="  ")
    with pytest.raises(PermissionDenied, match="lãnh đạo"):
        services.year_unlock(closing=closing, by=staff_user, reason="Sai số liệu")
    services.year_unlock(
        closing=closing, by=lead_user, reason="Bổ sung 3 doanh nghiệp được hỗ trợ tháng 12"
    )
    closing.refresh_from_db()
    assert closing.status == YearClosing.Status.OPEN
    event = closing.events.get(action=YearClosingEvent.Action.UNLOCKED)
    assert event.reason == "Bổ sung 3 doanh nghiệp được hỗ trợ tháng 12"
    assert event.by == lead_user
    SupportActivityFactory(organization=OrganizationFactory(), date=dt.date(2025, 12, 2))
    assert _supported_2025()["actual"] == 13  # live again
    assert closing.history.count() >= 3


def test_a_lead_returns_submitted_figures_with_a_reason(plan, staff_user, lead_user):
    closing = services.year_submit(year=2025, by=staff_user)
    with pytest.raises(ValidationError):
        services.year_return(closing=closing, by=lead_user, reason="")
    services.year_return(closing=closing, by=lead_user, reason="Thiếu số liệu quý IV")
    closing.refresh_from_db()
    assert closing.status == YearClosing.Status.OPEN
    assert closing.events.first().reason == "Thiếu số liệu quý IV"
    # It can be submitted again.
    assert services.year_submit(year=2025, by=staff_user).status == YearClosing.Status.SUBMITTED


def test_future_years_cannot_be_closed(staff_user):
    with pytest.raises(ValidationError):
        services.year_submit(year=dt.date.today().year + 1, by=staff_user)
    with pytest.raises(ValidationError):
        services.year_submit(year=2019, by=staff_user)
