"""What this app keeps pre-aggregated, rebuilt from the tables after a bulk load that bypassed
the services (`demo.scale.rebuild_derived`, called by `seed_scale` and `seed_demo`): the
organizations supported each year (`enterprises.SupportYear`), whose activity and course parts
trainings can rebuild together because it sits above enterprises."""

from .supported import clear, rebuild

__all__ = ["clear", "rebuild"]
