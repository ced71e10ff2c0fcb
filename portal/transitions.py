"""Status transitions, declared as data beside the model and checked by one function.

A model lists the moves its status may make next to its `Status` choices:

    class Organization(models.Model):
        class Status(models.TextChoices): ...
        status = models.CharField(...)

        WORKFLOW = Workflow(
            "status",
            Move("approve", Status.PENDING, to=Status.ACTIVE,
                 refused=_("Only pending registrations can be approved.")),
            Move("reject", Status.PENDING, to=Status.REJECTED, refused=...),
        )

and a service moves it with `transition(organization, "approve")`: the one place that checks
the current status against the declaration, refuses with the move's own translated message
(a ValidationError, shown by `flash_errors` like any other service error) and sets the new
status. It returns the fields it changed, for `save(update_fields=...)`. Saving stays with the
service, after its other checks. Because it sets the status on the object it is given, a
service either moves a row it fetched itself (`select_for_update()`, as most do) or makes its
other checks first, so that a refusal leaves the caller's object as it was.

`can_transition(instance, name)` answers the same question as `(allowed, reason)`, the shape
of the permission functions, so a page shows a button only when the move is possible.

Why not django-fsm-2: its transitions are decorated model methods whose refusal is an
untranslated TransitionNotAllowed, and its FSMField would alter every status column; here the
refusal is the message users already read, and the table reads like the business rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise


@dataclass(frozen=True)
class Move:
    """One named move: from any of `sources` to `to`; `refused` says why it cannot happen."""

    name: str
    sources: frozenset[str]
    to: str
    refused: str | Promise

    def __init__(self, name: str, *sources: str, to: str, refused: str | Promise) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "sources", frozenset(str(source) for source in sources))
        object.__setattr__(self, "to", str(to))
        object.__setattr__(self, "refused", refused)


class Workflow:
    """The moves of one status field, by name."""

    def __init__(self, field: str, *moves: Move) -> None:
        self.field = field
        self.moves: dict[str, Move] = {}
        for move in moves:
            if move.name in self.moves:
                raise ValueError(f"Move {move.name!r} is declared twice")
            self.moves[move.name] = move

    def __getitem__(self, name: str) -> Move:
        try:
            return self.moves[name]
        except KeyError:
            raise KeyError(f"No move {name!r} on the {self.field!r} workflow") from None

    def sources(self, name: str) -> frozenset[str]:
        """The states a move starts from: for querysets (`status__in=...`)."""
        return self[name].sources

    def available(self, state: str) -> list[str]:
        """The moves that can start from `state`, in declaration order."""
        return [name for name, move in self.moves.items() if str(state) in move.sources]

    def edges(self) -> Iterable[tuple[str, str, str]]:
        """(source, move, target) for every declared edge: for docs and tests."""
        for name, move in self.moves.items():
            for source in sorted(move.sources):
                yield source, name, move.to


def _workflow(instance: models.Model) -> Workflow:
    workflow = getattr(type(instance), "WORKFLOW", None)
    if not isinstance(workflow, Workflow):
        raise TypeError(f"{type(instance).__name__} declares no WORKFLOW")
    return workflow


def can_transition(instance: models.Model, name: str) -> tuple[bool, str]:
    """Whether the named move may start from the instance's current status, and if not why."""
    workflow = _workflow(instance)
    move = workflow[name]
    if str(getattr(instance, workflow.field)) in move.sources:
        return True, ""
    return False, str(move.refused)


def transition(instance: models.Model, name: str) -> list[str]:
    """Move the instance's status by the named move, or raise the move's ValidationError.

    Sets the field only; returns `[field]` for the caller's `save(update_fields=...)`."""
    allowed, reason = can_transition(instance, name)
    if not allowed:
        raise ValidationError(reason, code="transition")
    workflow = _workflow(instance)
    setattr(instance, workflow.field, workflow[name].to)
    return [workflow.field]
