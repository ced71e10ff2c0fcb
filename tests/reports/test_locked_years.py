"""A locked year is locked: no service that writes dated records, and not the admin, may add,
change or cancel a record that counts in it (issue 13, item 9)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import services as awards_services
from awards.models import Nomination
from enterprises import imports
from enterprises import services as enterprises_services
from enterprises.models import PilotModel, SupportActivity
from portal import services as portal_services
from portal import yearlock
from portal.models import CommunicationActivity
from reports import services as reports_services
from reports.models import Indicator, ManualActual, YearClosing, YearClosingEvent
from tests.portal.factories import UserFactory
from trainings import services as trainings_services
from trainings.models import Contract, Enrollment

from .factories import (
    AwardCycleFactory,
    AwardLevelFactory,
    CommunicationFactory,
    ContractFactory,
    CourseFactory,
    EnrollmentFactory,
    NominationFactory,
    OrganizationFactory,
    PilotModelFactory,
    SupportActivityFactory,
)

pytestmark = pytest.mark.django_db

LOCKED_MESSAGE = "đã khóa sổ"


@pytest.fixture
def locked_2024(db):
    return YearClosing.objects.create(year=2024, status=YearClosing.Status.LOCKED)


@pytest.fixture
def superuser_client(client):
    user = UserFactory(email="root@example.vn", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def _activity_form(organization, date: str) -> dict:
    return {
        "organizations": [organization.pk],
        "date": date,
        "kind": "guidance",
        "title": "Hướng dẫn áp dụng 5S",
        "participants": 10,
        "state_budget": 1_000_000,
        "own_contribution": 0,
    }


def test_staff_cannot_record_support_dated_in_a_locked_year(staff_client, locked_2024):
    organization = OrganizationFactory()
    response = staff_client.post(
        reverse("enterprises:activity_new"), _activity_form(organization, "2024-06-15")
    )
    assert response.status_code == 200
    assert LOCKED_MESSAGE in response.content.decode()
    assert not SupportActivity.objects.exists()
    # The year after is open.
    response = staff_client.post(
        reverse("enterprises:activity_new"), _activity_form(organization, "2025-06-15")
    )
    assert response.status_code == 302
    assert SupportActivity.objects.count() == 1


def test_staff_cannot_cancel_or_move_support_of_a_locked_year(staff_client, locked_2024):
    locked = SupportActivityFactory(date=dt.date(2024, 5, 10))
    response = staff_client.post(
        reverse("enterprises:activity_cancel", args=[locked.pk]), {"reason": "Ghi nhầm"}
    )
    assert LOCKED_MESSAGE in response.content.decode()
    locked.refresh_from_db()
    assert locked.status == SupportActivity.Status.RECORDED

    # Moving a record of an open year into the locked one changes the locked figures too.
    open_one = SupportActivityFactory(date=dt.date(2025, 5, 10))
    with pytest.raises(ValidationError, match=LOCKED_MESSAGE):
        enterprises_services.support_activity_update(
            activity=open_one, by=None, data={"date": dt.date(2024, 12, 31)}
        )
    with pytest.raises(ValidationError, match=LOCKED_MESSAGE):
        enterprises_services.support_activity_update(
            activity=locked, by=None, data={"date": dt.date(2025, 1, 2)}
        )
    open_one.refresh_from_db()
    assert open_one.date == dt.date(2025, 5, 10)


def test_unlocking_the_year_lets_the_record_change_again(staff_user, lead_user, locked_2024):
    activity = SupportActivityFactory(date=dt.date(2024, 5, 10))
    with pytest.raises(ValidationError, match=LOCKED_MESSAGE):
        enterprises_services.support_activity_cancel(activity=activity, by=staff_user, reason="x")
    reports_services.year_unlock(closing=locked_2024, by=lead_user, reason="Bổ sung hồ sơ")
    enterprises_services.support_activity_cancel(activity=activity, by=staff_user, reason="x")
    activity.refresh_from_db()
    assert activity.status == SupportActivity.Status.CANCELLED


def test_every_dated_service_refuses_a_locked_year(staff_user, locked_2024):
    organization = OrganizationFactory()
    checks = []

    def refused(call):
        with pytest.raises(ValidationError) as info:
            call()
        checks.append(LOCKED_MESSAGE in " ".join(info.value.messages))

    # Pilot models count in the year they were selected.
    refused(
        lambda: enterprises_services.pilot_model_create(
            organization=organization,
            by=staff_user,
            data={"title": "Mô hình 5S", "selected_on": dt.date(2024, 2, 1)},
            solutions=[],
        )
    )
    pilot = PilotModelFactory(selected_on=dt.date(2024, 3, 1))
    refused(
        lambda: enterprises_services.pilot_model_update(
            pilot=pilot, by=staff_user, data={"selected_on": dt.date(2025, 3, 1)}
        )
    )
    # Course results count in the year the course ends.
    course = CourseFactory(starts_on=dt.date(2024, 6, 1), ends_on=dt.date(2024, 6, 20))
    enrollment = EnrollmentFactory(course=course, status=Enrollment.Status.CONFIRMED)
    refused(
        lambda: trainings_services.course_results_record(
            course=course,
            results=[{"enrollment": enrollment, "attended": True, "result": "passed"}],
            by=staff_user,
        )
    )
    # Contracts: settled amounts are the year's budget spent.
    contract = ContractFactory(
        status=Contract.Status.ACCEPTED, settled_on=None, settled_amount=None
    )
    refused(
        lambda: trainings_services.contract_settle(
            contract=contract,
            settled_on=dt.date(2024, 12, 20),
            settled_amount=100_000_000,
            by=staff_user,
        )
    )
    # Award results count in the cycle's year.
    cycle = AwardCycleFactory(year=2024)
    nomination = NominationFactory(
        cycle=cycle, organization=organization, status=Nomination.Status.FORWARDED
    )
    refused(
        lambda: awards_services.nomination_record_result(
            nomination=nomination,
            by=staff_user,
            level=AwardLevelFactory(cycle=cycle),
            decision_number="12/QĐ-TTg",
            decision_date=dt.date(2024, 11, 1),
        )
    )
    # Communication reach counts in the activity's year.
    refused(
        lambda: portal_services.communication_activity_record(
            by=None,
            title="Phóng sự",
            channel="radio_tv",
            date=dt.date(2024, 9, 1),
            people_reached=10,
        )
    )
    activity = CommunicationFactory(date=dt.date(2025, 3, 1))
    refused(
        lambda: portal_services.communication_activity_update(
            by=None, activity=activity, date=dt.date(2024, 3, 1)
        )
    )
    assert checks == [True] * 7
    assert not PilotModel.objects.filter(selected_on__year=2025).exists()
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.CONFIRMED
    contract.refresh_from_db()
    assert contract.status == Contract.Status.ACCEPTED
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.FORWARDED
    assert not CommunicationActivity.objects.filter(date__year=2024).exists()


def test_the_import_reports_rows_dated_in_a_locked_year(locked_2024):
    organization = OrganizationFactory()
    csv = (
        "Mã số thuế,Ngày,Hình thức hỗ trợ,Nội dung\n"
        f"{organization.tax_code},15/06/2024,Hướng dẫn áp dụng,Hướng dẫn 5S\n"
        f"{organization.tax_code},15/06/2025,Hướng dẫn áp dụng,Hướng dẫn 5S\n"
    ).encode()
    result, parsed = imports.import_validate(kind="activities", data=csv, filename="a.csv")
    assert [(e.row, LOCKED_MESSAGE in e.message) for e in result.errors] == [(2, True)]
    assert [item["date"].year for item in parsed] == [2025]


def test_the_check_lives_below_reports():
    # Apps below reports ask portal; reports answered by registering at start-up.
    assert not yearlock.is_locked(dt.date(2024, 1, 1))
    YearClosing.objects.create(year=2024, status=YearClosing.Status.SUBMITTED)
    assert not yearlock.is_locked(2024)
    YearClosing.objects.filter(year=2024).update(status=YearClosing.Status.LOCKED)
    assert yearlock.is_locked(dt.date(2024, 12, 31))
    assert not yearlock.is_locked(None)


# --- the admin cannot bypass it --------------------------------------------------------------


def test_admin_cannot_delete_or_change_a_year_closing(superuser_client, locked_2024):
    YearClosingEvent.objects.create(closing=locked_2024, action="approved", reason="")
    delete = reverse("admin:reports_yearclosing_delete", args=[locked_2024.pk])
    assert superuser_client.get(delete).status_code == 403
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    response = superuser_client.post(
        reverse("admin:reports_yearclosing_changelist"),
        {"action": "delete_selected", "_selected_action": [locked_2024.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)
    # Reverting to the version before approval would unlock it without a reason.
    first = locked_2024.history.earliest()
    revert = reverse(
        "admin:reports_yearclosing_simple_history", args=[locked_2024.pk, first.history_id]
    )
    assert superuser_client.post(revert, {}).status_code == 403
    locked_2024.refresh_from_db()
    assert locked_2024.status == YearClosing.Status.LOCKED
    assert locked_2024.events.count() == 1


def test_admin_cannot_edit_or_delete_records_of_a_locked_year(superuser_client, locked_2024):
    activity = SupportActivityFactory(date=dt.date(2024, 5, 10))
    change = reverse("admin:enterprises_supportactivity_change", args=[activity.pk])
    page = superuser_client.get(change).content.decode()
    assert LOCKED_MESSAGE in page
    response = superuser_client.post(change, {"title": "Sửa", "date": "2024-05-10"})
    assert response.status_code == 403
    delete = reverse("admin:enterprises_supportactivity_delete", args=[activity.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    # The bulk delete action names the locked record and deletes nothing.
    response = superuser_client.post(
        reverse("admin:enterprises_supportactivity_changelist"),
        {"action": "delete_selected", "_selected_action": [activity.pk], "post": "yes"},
    )
    assert LOCKED_MESSAGE in response.content.decode()
    assert SupportActivity.objects.filter(pk=activity.pk).exists()
    # A record of an open year cannot be moved into the locked one from the admin either.
    other = SupportActivityFactory(date=dt.date(2025, 5, 10))
    change = reverse("admin:enterprises_supportactivity_change", args=[other.pk])
    response = superuser_client.post(
        change,
        {
            "organization": other.organization_id,
            "date": "2024-05-10",
            "kind": other.kind,
            "title": other.title,
            "participants": 0,
            "state_budget": 0,
            "own_contribution": 0,
            "status": other.status,
        },
    )
    assert response.status_code == 200
    assert LOCKED_MESSAGE in response.content.decode()
    other.refresh_from_db()
    assert other.date == dt.date(2025, 5, 10)
    # The locked year's manual figures cannot be deleted.
    manual = ManualActual.objects.create(
        indicator=Indicator.objects.first(),
        year=2024,
        value=5,
        reason="Theo báo cáo",
        evidence="x.pdf",
    )
    delete = reverse("admin:reports_manualactual_delete", args=[manual.pk])
    assert superuser_client.post(delete, {"post": "yes"}).status_code == 403
    assert ManualActual.objects.filter(pk=manual.pk).exists()


def test_admin_cannot_change_a_nomination_of_a_locked_year(superuser_client, locked_2024):
    nomination = NominationFactory(cycle=AwardCycleFactory(year=2024))
    change = reverse("admin:awards_nomination_change", args=[nomination.pk])
    assert superuser_client.post(change, {"status": "awarded"}).status_code == 403
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.REGISTERED
