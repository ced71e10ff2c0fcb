"""What this app keeps pre-aggregated (the `<app>/aggregates.py` hook of
`demo.scale.rebuild_derived` / `clear_derived`): rebuilt from the tables after a bulk load that
bypassed the services, emptied before a reset.

- the support ledger's totals per year, kind and status (`ledger_totals`) and the registry's
  count per status, kind and size class (`registry_count`), the CABs strengthened each year
  (`cab_strengthened`): rebuilt here;
- the counts of the organizations supported each year (`SupportTally`, enterprises/supported.py):
  only emptied here. They are made from `SupportYear`, which trainings rebuilds (its courses'
  part sits above this app) after this app's hook has run, so trainings' `rebuild()` counts them
  again once `SupportYear` is whole (`supported.rebuild_tally`)."""

from . import cab_strengthened, ledger_totals, registry_count, support_pairs, supported


def rebuild() -> None:
    ledger_totals.rebuild()
    registry_count.rebuild()
    cab_strengthened.rebuild()
    support_pairs.rebuild()  # every source: the ledger's and the courses' (trainings registers)


def clear() -> None:
    supported.clear_tally()
    ledger_totals.clear()
    registry_count.clear()
    cab_strengthened.clear()
    support_pairs.clear()
