"""The one service convention in the enterprises app: the acting user is required and named
on the history row; status moves are declared on the model; each service checks who acts."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from enterprises import services
from enterprises.models import Membership, Organization, SupportRequest
from portal.models import Role
from tests.conftest import make_user
from tests.services_walk import by_problems, changing_functions

from .factories import (
    MembershipFactory,
    OrganizationFactory,
    PilotModelFactory,
    SupportActivityFactory,
    SupportRequestFactory,
)

pytestmark = pytest.mark.django_db


def test_every_changing_service_requires_by():
    assert "organization_approve" in changing_functions(services)  # the walk is not empty
    assert by_problems(services, exempt={}) == []


def latest_author(record):
    return record.history.latest().history_user


def test_approve_and_reject_name_the_reviewer(staff_user):
    pending = OrganizationFactory(status=Organization.Status.PENDING)
    services.organization_approve(organization=pending, by=staff_user)
    assert latest_author(pending) == staff_user
    other = OrganizationFactory(status=Organization.Status.PENDING)
    services.organization_reject(organization=other, by=staff_user, reason="Trùng lặp")
    assert latest_author(other) == staff_user
    assert other.decided_by == staff_user


def test_update_names_the_editor(staff_user):
    organization = OrganizationFactory()
    services.organization_update(organization=organization, by=staff_user, data={"employees": 45})
    assert latest_author(organization) == staff_user


def test_evidence_add_and_delete_name_who_did_it(staff_user):
    activity = SupportActivityFactory()
    evidence = services.evidence_add(
        activity=activity,
        by=staff_user,
        file=SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4\nbien ban", content_type="text/plain"),
    )
    assert latest_author(evidence) == staff_user
    evidence_pk = evidence.pk
    services.evidence_delete(evidence=evidence, by=staff_user)
    removal = type(evidence).history.filter(id=evidence_pk).latest()
    assert (removal.history_type, removal.history_user) == ("-", staff_user)


def test_membership_decision_names_the_reviewer(staff_user):
    applicant = make_user(Role.ENTERPRISE, "xin@example.vn")
    membership = MembershipFactory(
        user=applicant, status=Membership.Status.PENDING, role=Membership.Role.MEMBER
    )
    services.membership_approve(membership=membership, by=staff_user)
    assert latest_author(membership) == staff_user


def test_request_withdraw_names_the_representative(representative, organization):
    request = SupportRequestFactory(organization=organization)
    services.support_request_withdraw(request=request, by=representative)
    assert request.status == SupportRequest.Status.WITHDRAWN
    assert latest_author(request) == representative


def test_pilot_move_names_the_staff_member(staff_user):
    pilot = PilotModelFactory()
    services.pilot_model_transition(
        pilot=pilot, by=staff_user, to="implementing", on=dt.date(2023, 4, 1)
    )
    assert latest_author(pilot) == staff_user


def test_the_system_leaves_no_author():
    pilot = PilotModelFactory()
    services.pilot_model_transition(pilot=pilot, by=None, to="implementing", on=dt.date(2023, 4, 1))
    assert latest_author(pilot) is None
