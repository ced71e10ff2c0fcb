"""Each model's status moves, declared beside it (WORKFLOW), are the documented flow; a move
refused still says what it said before the moves were data."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from awards.models import Nomination, Review
from portal.transitions import can_transition, transition
from reports.models import AnnualReport, YearClosing
from trainings.models import Contract, Course, Enrollment

# (source, move, target) for every edge: the flow as the user guide describes it.
FLOWS = {
    Course: [
        ("closed", "cancel", "cancelled"),
        ("closed", "complete", "completed"),
        ("closed", "open", "open"),
        ("draft", "cancel", "cancelled"),
        ("draft", "complete_past", "completed"),
        ("draft", "open", "open"),
        ("open", "cancel", "cancelled"),
        ("open", "close", "closed"),
        ("open", "complete", "completed"),
    ],
    Enrollment: [
        ("confirmed", "cancel", "cancelled"),
        ("registered", "cancel", "cancelled"),
        ("registered", "confirm", "confirmed"),
        ("waitlisted", "cancel", "cancelled"),
    ],
    Contract: [
        ("accepted", "settle", "settled"),
        ("draft", "sign", "signed"),
        ("in_progress", "accept", "accepted"),
        ("in_progress", "terminate", "terminated"),
        ("signed", "start", "in_progress"),
        ("signed", "terminate", "terminated"),
    ],
    Nomination: [
        ("awarded", "award", "awarded"),
        ("awarded", "not_award", "not_awarded"),
        ("dossier_submitted", "review", "under_review"),
        ("dossier_submitted", "withdraw", "withdrawn"),
        ("encouraged", "register", "registered"),
        ("encouraged", "withdraw", "withdrawn"),
        ("forwarded", "award", "awarded"),
        ("forwarded", "not_award", "not_awarded"),
        ("not_awarded", "award", "awarded"),
        ("not_awarded", "not_award", "not_awarded"),
        ("registered", "submit", "dossier_submitted"),
        ("registered", "withdraw", "withdrawn"),
        ("under_review", "forward", "forwarded"),
        ("under_review", "not_forward", "not_awarded"),
        ("under_review", "review", "under_review"),
    ],
    Review: [
        ("assigned", "save_draft", "draft"),
        ("assigned", "submit", "submitted"),
        ("draft", "save_draft", "draft"),
        ("draft", "submit", "submitted"),
    ],
    YearClosing: [
        ("locked", "unlock", "open"),
        ("open", "submit", "submitted"),
        ("submitted", "approve", "locked"),
        ("submitted", "return", "open"),
    ],
    AnnualReport: [("failed", "retry", "queued")],
}


@pytest.mark.parametrize("model", FLOWS, ids=lambda model: model.__name__)
def test_declared_moves_are_the_documented_flow(model):
    assert sorted(model.WORKFLOW.edges()) == FLOWS[model]
    states = {str(value) for value in model.Status.values}
    for source, _move, target in model.WORKFLOW.edges():
        assert {source, target} <= states


# A move refused keeps the message users read before (the catalogue translates it).
REFUSALS = [
    (Course, "completed", "open", "Only a draft or closed course can be opened for registration."),
    (Course, "draft", "close", "Only an open course can be closed for registration."),
    (Course, "cancelled", "cancel", "A completed or cancelled course cannot be cancelled."),
    (
        Course,
        "cancelled",
        "complete",
        "Only an open or closed course, or a draft of one that took place, can be completed.",
    ),
    (Enrollment, "passed", "cancel", "This registration can no longer be cancelled."),
    (Contract, "signed", "sign", "Only a draft contract can be signed."),
    (Contract, "draft", "start", "Only a signed contract can start."),
    (
        Contract,
        "signed",
        "accept",
        "Only a contract whose work is in progress can be accepted (nghiệm thu).",
    ),
    (Contract, "in_progress", "settle", "Only an accepted contract can be settled."),
    (Contract, "settled", "terminate", "Only a signed or running contract can be terminated."),
    (
        Nomination,
        "encouraged",
        "submit",
        "Only a registered nomination's dossier can be submitted.",
    ),
    (
        Nomination,
        "under_review",
        "withdraw",
        "A nomination under review or decided cannot be withdrawn.",
    ),
    (
        Nomination,
        "registered",
        "review",
        "Council members can be assigned only to a submitted dossier under review.",
    ),
    (
        Nomination,
        "forwarded",
        "forward",
        "Only a nomination under provincial review can be decided.",
    ),
    (
        Nomination,
        "under_review",
        "award",
        "Only a nomination forwarded to the national council has a result.",
    ),
    (
        Review,
        "submitted",
        "submit",
        "This review has been submitted and can no longer be changed.",
    ),
    (YearClosing, "locked", "submit", "The year has already been submitted or locked."),
    (YearClosing, "open", "approve", "Only submitted figures can be approved."),
    (YearClosing, "locked", "return", "Only submitted figures can be returned."),
    (YearClosing, "submitted", "unlock", "Only a locked year can be unlocked."),
    (AnnualReport, "succeeded", "retry", "Only a failed build can be retried."),
]


@pytest.mark.parametrize(("model", "status", "move", "message"), REFUSALS)
def test_a_refused_move_says_what_it_said_before(model, status, move, message):
    record = model(status=status)
    with translation.override("en"):
        assert can_transition(record, move) == (False, message)
        with pytest.raises(ValidationError) as refused:
            transition(record, move)
        assert refused.value.messages == [message]
    assert record.status == status
    # The users' language reads it as it did: the same entry of the catalogue.
    with translation.override("vi"):
        assert can_transition(record, move)[1] == translation.gettext(message) != message
