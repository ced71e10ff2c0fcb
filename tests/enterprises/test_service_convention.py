"""The one service convention in the enterprises app: the acting user is required and named
on the history row; status moves are declared on the model; each service checks who acts."""

import datetime as dt
import inspect

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext

from enterprises import services
from enterprises.models import (
    Membership,
    Organization,
    OrganizationChangeRequest,
    PilotModel,
    SupportActivity,
    SupportRequest,
)
from enterprises.permissions import (
    can_act_for_organization,
    can_keep_support_records,
    can_review_organizations,
)
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


# --- Status moves, declared on the models ---------------------------------------------------

OPEN_REQUEST = ("submitted", "in_review", "accepted", "declined")
DOCUMENTED_FLOWS = {
    Organization: {
        ("draft", "confirm", "pending"),
        ("pending", "approve", "active"),
        ("pending", "reject", "rejected"),
        ("pending", "request_changes", "changes_requested"),
        ("changes_requested", "resubmit", "pending"),
        ("active", "deactivate", "inactive"),
        ("inactive", "reactivate", "active"),
    },
    Membership: {
        ("pending", "approve", "active"),
        ("pending", "reject", "rejected"),
        ("active", "revoke", "revoked"),
    },
    OrganizationChangeRequest: {
        ("pending", "approve", "approved"),
        ("pending", "reject", "rejected"),
    },
    SupportRequest: {
        ("submitted", "withdraw", "withdrawn"),
        ("in_review", "withdraw", "withdrawn"),
        *((source, "review", "in_review") for source in OPEN_REQUEST),
        *((source, "accept", "accepted") for source in OPEN_REQUEST),
        *((source, "decline", "declined") for source in OPEN_REQUEST),
        *((source, "fulfil", "fulfilled") for source in (*OPEN_REQUEST, "withdrawn")),
    },
    SupportActivity: {("recorded", "cancel", "cancelled")},
    PilotModel: {
        ("selected", "implement", "implementing"),
        ("implementing", "evaluate", "evaluated"),
        ("evaluated", "recognize", "recognized"),
    },
}


@pytest.mark.parametrize("model", list(DOCUMENTED_FLOWS), ids=lambda m: m.__name__)
def test_workflow_matches_the_documented_flow(model):
    assert set(model.WORKFLOW.edges()) == DOCUMENTED_FLOWS[model]
    statuses = set(model.Status.values)
    assert {s for edge in DOCUMENTED_FLOWS[model] for s in (edge[0], edge[2])} <= statuses


@pytest.mark.parametrize(
    ("call", "status", "message"),
    [
        ("organization_approve", "active", "Only pending registrations can be approved."),
        (
            "organization_deactivate",
            "pending",
            "Only an active organization can be marked inactive.",
        ),
        ("organization_reactivate", "active", "Only an inactive organization can be reactivated."),
        (
            "organization_resubmit",
            "pending",
            "Only a registration returned for changes can be resubmitted.",
        ),
    ],
)
def test_organization_refusals_keep_their_message(call, status, message, staff_user):
    organization = OrganizationFactory(status=status)
    service = getattr(services, call)
    extra = {"reason": "Lý do"} if "reason" in inspect.signature(service).parameters else {}
    with pytest.raises(ValidationError) as refused:
        service(organization=organization, by=None, **extra)
    assert refused.value.messages == [gettext(message)]
    organization.refresh_from_db()
    assert organization.status == status


def test_request_and_activity_refusals_keep_their_message(staff_user):
    request = SupportRequestFactory(status=SupportRequest.Status.FULFILLED)
    with pytest.raises(ValidationError) as refused:
        services.support_request_withdraw(request=request, by=None)
    assert refused.value.messages == [gettext("Only an open request can be withdrawn.")]
    with pytest.raises(ValidationError) as refused:
        services.support_request_respond(request=request, by=None, status="accepted")
    assert refused.value.messages == [gettext("This request is closed.")]
    activity = SupportActivityFactory(status=SupportActivity.Status.CANCELLED)
    with pytest.raises(ValidationError) as refused:
        services.support_activity_cancel(activity=activity, by=None, reason="x")
    assert refused.value.messages == [gettext("This activity is already cancelled.")]
    membership = MembershipFactory(
        user=make_user(Role.ENTERPRISE, "tu-choi@example.vn"), status=Membership.Status.REJECTED
    )
    with pytest.raises(ValidationError) as refused:
        services.membership_revoke(membership=membership, by=None)
    assert refused.value.messages == [gettext("Only an active membership can be revoked.")]


def test_pilot_refusal_keeps_its_message():
    pilot = PilotModelFactory()
    with pytest.raises(ValidationError) as refused:
        services.pilot_model_transition(
            pilot=pilot, by=None, to="evaluated", on=dt.date(2023, 4, 1)
        )
    expected = gettext("A pilot model that is %(current)s cannot move to %(target)s.") % {
        "current": str(PilotModel.Status.SELECTED.label).lower(),
        "target": str(PilotModel.Status.EVALUATED.label).lower(),
    }
    assert refused.value.messages == [expected]
    assert services.pilot_allowed_transitions(pilot) == ("implementing",)


# --- Who may act: each service checks it (authorize), whatever calls it ------------------------


def test_a_representative_cannot_make_staff_decisions(representative, organization):
    pending = OrganizationFactory(status=Organization.Status.PENDING)
    with pytest.raises(PermissionDenied):
        services.organization_approve(organization=pending, by=representative)
    activity = SupportActivityFactory(organization=organization)
    with pytest.raises(PermissionDenied):
        services.support_activity_cancel(activity=activity, by=representative, reason="x")
    pending.refresh_from_db()
    activity.refresh_from_db()
    assert pending.status == Organization.Status.PENDING
    assert activity.status == SupportActivity.Status.RECORDED


def test_only_the_organizations_people_act_for_it(organization, other_org_user, official_user):
    request = SupportRequestFactory(organization=organization)
    for outsider in (other_org_user, official_user):
        with pytest.raises(PermissionDenied):
            services.support_request_withdraw(request=request, by=outsider)
    request.refresh_from_db()
    assert request.status == SupportRequest.Status.SUBMITTED


def test_rules_answer_allowed_and_why(representative, organization, other_org_user, staff_user):
    assert can_act_for_organization(representative, organization) == (True, "")
    assert can_act_for_organization(staff_user, organization) == (True, "")
    allowed, reason = can_act_for_organization(other_org_user, organization)
    assert not allowed
    assert reason
    assert can_review_organizations(representative)[0] is False
    assert can_keep_support_records(staff_user) == (True, "")
