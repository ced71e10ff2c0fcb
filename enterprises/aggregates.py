"""What this app keeps pre-aggregated (the `<app>/aggregates.py` hook of
`demo.scale.rebuild_derived` / `clear_derived`): the counts of the organizations supported each
year (`SupportTally`, enterprises/supported.py).

Only `clear()` is here: the counts are made from `SupportYear`, which trainings rebuilds
(its courses' part sits above this app) after this app's hook has run, so trainings'
`rebuild()` counts them again once `SupportYear` is whole (`supported.rebuild_tally`)."""

from .supported import clear_tally as clear

__all__ = ["clear"]
