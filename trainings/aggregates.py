"""What this app keeps pre-aggregated, rebuilt from the tables after a bulk load that bypassed
the services (`demo.scale.rebuild_derived`, called by `seed_scale` and `seed_demo`): the
organizations supported each year (`enterprises.SupportYear`), whose activity and course parts
trainings can rebuild together because it sits above enterprises, and the persons trained
each year (`PersonTrainedYear`, trainings/persons.py)."""

from django.db import transaction

from . import persons, supported


def clear() -> None:
    """Empty the tables (before raw deletes of organizations or enrollments)."""
    supported.clear()
    persons.clear()


def rebuild() -> None:
    """The tables from scratch, from the records."""
    with transaction.atomic():
        supported.rebuild()
        persons.rebuild()


__all__ = ["clear", "rebuild"]
