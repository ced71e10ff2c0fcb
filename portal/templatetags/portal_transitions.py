"""`{% if record|can_move:"approve" %}`: show a button only when the model's WORKFLOW allows
the move from the record's current status (the service checks the same declaration)."""

from django import template

from portal.transitions import can_transition

register = template.Library()


@register.filter
def can_move(record, move: str) -> bool:
    return can_transition(record, move)[0]
