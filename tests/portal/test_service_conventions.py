"""The one service convention's pieces: transitions declared as data, authorize, record_actor."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from portal.permissions import authorize
from portal.service_tools import record_actor
from portal.transitions import Move, Workflow, can_transition, transition


class Door:
    """A record with a status and its workflow. Not a Django model on purpose: a model class
    defined in a test joins the app registry, and every walk over the project's models (the
    demo seed's counts, the hostile-input walk) would then look for its table."""

    WORKFLOW = Workflow(
        "status",
        Move("open", "closed", to="open", refused="Only a closed door can be opened."),
        Move("close", "open", "ajar", to="closed", refused="Only an open door can be closed."),
    )

    def __init__(self, status: str = "closed") -> None:
        self.status = status


def test_transition_moves_the_status_and_names_the_field():
    door = Door(status="closed")
    assert transition(door, "open") == ["status"]
    assert door.status == "open"


def test_transition_refuses_with_the_moves_own_message_and_changes_nothing():
    door = Door(status="open")
    with pytest.raises(ValidationError) as refused:
        transition(door, "open")
    assert refused.value.messages == ["Only a closed door can be opened."]
    assert door.status == "open"


def test_can_transition_answers_like_a_permission_function():
    assert can_transition(Door(status="ajar"), "close") == (True, "")
    assert can_transition(Door(status="closed"), "close") == (
        False,
        "Only an open door can be closed.",
    )


def test_workflow_lists_moves_sources_and_edges():
    workflow = Door.WORKFLOW
    assert workflow.available("open") == ["close"]
    assert workflow.sources("close") == {"open", "ajar"}
    assert sorted(workflow.edges()) == [
        ("ajar", "close", "closed"),
        ("closed", "open", "open"),
        ("open", "close", "closed"),
    ]


def test_an_unknown_move_is_a_programming_error():
    with pytest.raises(KeyError):
        transition(Door(), "slam")
    with pytest.raises(ValueError, match="declared twice"):
        Workflow("status", Move("a", "x", to="y", refused=""), Move("a", "y", to="x", refused=""))


def test_authorize_raises_the_rules_reason():
    def staff_only(user, door):
        return (False, "Only staff may open doors.") if not user.is_authenticated else (True, "")

    with pytest.raises(PermissionDenied) as refused:
        authorize(AnonymousUser(), staff_only, Door())
    assert str(refused.value) == "Only staff may open doors."


def test_authorize_lets_the_system_act():
    def never(user, *records):
        return False, "never"

    authorize(None, never)  # tasks and commands act as the system (by=None)


@pytest.mark.django_db
def test_record_actor_names_the_user_on_the_history_row(django_user_model):
    from portal.models import Article

    staff = django_user_model.objects.create_user(email="writer@example.org", password="x")
    article = Article(title="Tin", body="Nội dung")
    record_actor(article, staff)
    article.save()
    assert article.history.latest().history_user == staff


def test_record_actor_ignores_the_system_and_anonymous_users():
    door = Door()
    record_actor(door, None)
    record_actor(door, AnonymousUser())
    assert not hasattr(door, "_history_user")
