"""What this app keeps pre-aggregated, rebuilt from the tables after a bulk load that bypassed
the services (`demo.scale.rebuild_derived`, called by `seed_scale` and `seed_demo`): the
organizations supported each year (`enterprises.SupportYear`), whose activity and course parts
trainings can rebuild together because it sits above enterprises, then their counts
(`enterprises.SupportTally`), which are made from it."""

from enterprises import supported as enterprise_supported

from . import supported


def clear() -> None:
    supported.clear()


def rebuild() -> None:
    supported.rebuild()
    enterprise_supported.rebuild_tally()
