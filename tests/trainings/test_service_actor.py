"""Every trainings service records who acted: the history row names the user passed as `by`
(tasks and commands pass `by=None`, the system)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from trainings import services
from trainings.models import Contract, Course, Enrollment

from .factories import (
    ConsultantFactory,
    ContractFactory,
    CourseFactory,
    EnrollmentFactory,
    passed_with_certificate,
    today,
)

pytestmark = pytest.mark.django_db


def _author(record):
    return record.history.latest().history_user


def test_course_open_and_cancel_name_the_staff_member(staff_user):
    course = CourseFactory(status=Course.Status.DRAFT)
    services.course_open(course=course, by=staff_user)
    assert _author(course) == staff_user
    services.course_cancel(course=course, by=staff_user)
    assert course.history.latest().status == Course.Status.CANCELLED
    assert _author(course) == staff_user


def test_course_update_names_the_staff_member(staff_user):
    course = CourseFactory(status=Course.Status.DRAFT)
    services.course_update(course=course, by=staff_user, capacity=40)
    assert _author(course) == staff_user


def test_results_name_who_recorded_them(staff_user):
    course = CourseFactory(
        status=Course.Status.CLOSED,
        starts_on=today() - dt.timedelta(days=3),
        ends_on=today() - dt.timedelta(days=1),
    )
    enrollment = EnrollmentFactory(course=course, status=Enrollment.Status.CONFIRMED)
    services.course_results_record(
        course=course,
        by=staff_user,
        results=[{"enrollment": enrollment, "attended": True, "result": "passed", "score": 80}],
    )
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.PASSED
    assert _author(enrollment) == staff_user


def test_certificate_revoke_names_who_revoked(staff_user):
    course = CourseFactory(
        status=Course.Status.COMPLETED,
        starts_on=today() - dt.timedelta(days=3),
        ends_on=today() - dt.timedelta(days=1),
    )
    enrollment = passed_with_certificate(EnrollmentFactory(course=course))
    services.certificate_revoke(enrollment=enrollment, reason="Sai họ tên", by=staff_user)
    enrollment.refresh_from_db()
    assert enrollment.certificate_revoked_by == staff_user
    assert _author(enrollment) == staff_user


def test_contract_start_and_settle_name_the_staff_member(staff_user):
    signed_on = today() - dt.timedelta(days=20)
    contract = ContractFactory(
        consultant=ConsultantFactory(),
        status=Contract.Status.SIGNED,
        contract_number="HĐ-01",
        decision_number="QĐ-01",
        decision_date=signed_on,
        signed_on=signed_on,
    )
    services.contract_start(contract=contract, starts_on=signed_on, by=staff_user)
    assert _author(contract) == staff_user
    services.contract_accept(
        contract=contract, accepted_on=today(), accepted_amount=contract.value, by=staff_user
    )
    services.contract_settle(
        contract=contract, settled_on=today(), settled_amount=contract.value, by=staff_user
    )
    latest = contract.history.latest()
    assert latest.status == Contract.Status.SETTLED
    assert latest.history_user == staff_user


def test_the_system_acts_without_a_user():
    course = CourseFactory(status=Course.Status.DRAFT)
    services.course_open(course=course, by=None)
    assert _author(course) is None


def test_by_is_required():
    with pytest.raises(TypeError):
        services.course_open(course=CourseFactory(status=Course.Status.DRAFT))  # type: ignore[call-arg]


# --- The service's own check: a wrong user calling it directly is refused -------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda user: services.course_open(
            course=CourseFactory(status=Course.Status.DRAFT), by=user
        ),
        lambda user: services.course_update(course=CourseFactory(), by=user, capacity=5),
        lambda user: services.contract_sign(
            contract=ContractFactory(),
            decision_number="QĐ-1",
            decision_date=today(),
            contract_number="HĐ-1",
            signed_on=today(),
            by=user,
        ),
        lambda user: services.certificate_revoke(
            enrollment=passed_with_certificate(EnrollmentFactory()), reason="x", by=user
        ),
    ],
    ids=["course_open", "course_update", "contract_sign", "certificate_revoke"],
)
def test_only_staff_may_call_the_staff_services(call, enterprise_user, council_user):
    for user in (enterprise_user, council_user):
        with pytest.raises(PermissionDenied):
            call(user)


def test_a_claim_is_decided_only_by_the_named_organization(enterprise_user):
    from .factories import OrganizationFactory

    enrollment = EnrollmentFactory(claimed_organization=OrganizationFactory())
    with pytest.raises(PermissionDenied):
        services.enrollment_claim_decide(enrollment=enrollment, by=enterprise_user, confirm=True)
    enrollment.refresh_from_db()
    assert enrollment.claimed_organization_id is not None
