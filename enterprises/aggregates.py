"""What this app keeps pre-aggregated, rebuilt from the tables after a bulk load that bypassed
the services (`demo.scale.rebuild_derived`, called by `seed_scale` and `seed_demo`), and
emptied before a reset (`clear_derived`): the support ledger's totals per year, kind and
status (`ledger_totals`) and the registry's count per status and kind (`registry_count`)."""

from . import ledger_totals, registry_count


def rebuild() -> None:
    ledger_totals.rebuild()
    registry_count.rebuild()


def clear() -> None:
    ledger_totals.clear()
    registry_count.clear()
