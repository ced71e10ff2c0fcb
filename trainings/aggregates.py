"""What this app keeps pre-aggregated, rebuilt from the tables after a bulk load that bypassed
the services (`demo.scale.rebuild_derived`, called by `seed_scale` and `seed_demo`): the
organizations supported each year (`enterprises.SupportYear`), whose activity and course parts
trainings can rebuild together because it sits above enterprises, then their counts
(`enterprises.SupportTally`), which are made from it; and the persons trained each year
(`PersonTrainedYear`, trainings/persons.py)."""

from django.db import transaction

from enterprises import supported as enterprise_supported

from . import persons, supported


def clear() -> None:
    """Empty the tables (before raw deletes of organizations or enrollments)."""
    supported.clear()
    persons.clear()


def rebuild() -> None:
    """The tables from scratch, from the records."""
    with transaction.atomic():
        supported.rebuild()
        enterprise_supported.rebuild_tally()
        persons.rebuild()
