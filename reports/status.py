"""Pure functions that judge a figure against its target (DESIGN §3). No database here.

- achieved: inside a range (or exactly on an exact target), at or above an "at least",
  at or below an "at most";
- exceeded: above a range's (or an exact target's) maximum;
- for a target not yet due (a cumulative phase milestone before the phase's end, or a year
  still running) that is not reached yet: the actual is compared with the straight-line share
  of the target elapsed: at or above it → on track, within 15 % below it → at risk, further
  below → off track;
- not achieved: below the minimum once the target is due (or above an "at most" at any time,
  since the counts only grow).

Beside the status, a projection to the phase's end from the trend so far.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum
from typing import Any, overload

from django.utils.translation import gettext_lazy as _

AT_RISK_TOLERANCE = Decimal("0.15")
HUNDRED = Decimal(100)


class Status(StrEnum):
    ACHIEVED = "achieved"
    EXCEEDED = "exceeded"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NOT_ACHIEVED = "not_achieved"
    TRACKED = "tracked"  # no target: the figure is followed, not judged
    NO_BASELINE = "no_baseline"  # a growth target whose previous year has no actual
    NO_DATA = "no_data"


STATUS_LABELS = {
    Status.ACHIEVED: _("Achieved"),
    Status.EXCEEDED: _("Exceeded"),
    Status.ON_TRACK: _("On track"),
    Status.AT_RISK: _("At risk"),
    Status.OFF_TRACK: _("Off track"),
    Status.NOT_ACHIEVED: _("Not achieved"),
    Status.TRACKED: _("Tracked, no target"),
    Status.NO_BASELINE: _("No baseline for the growth target"),
    Status.NO_DATA: _("No data"),
}

# Bootstrap colour per status for badges.
STATUS_COLOURS = {
    Status.ACHIEVED: "success",
    Status.EXCEEDED: "success",
    Status.ON_TRACK: "success",
    Status.AT_RISK: "warning",
    Status.OFF_TRACK: "danger",
    Status.NOT_ACHIEVED: "danger",
    Status.TRACKED: "secondary",
    Status.NO_BASELINE: "secondary",
    Status.NO_DATA: "secondary",
}


@overload
def D(value: None) -> None: ...  # noqa: N802
@overload
def D(value: Decimal | int | float | str) -> Decimal: ...  # noqa: N802
@overload
def D(value: object) -> Decimal | None: ...  # noqa: N802
def D(value: Any) -> Decimal | None:  # noqa: N802 - a short conversion helper
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(str(value))
    return Decimal(value)


@dataclass(frozen=True)
class Bounds:
    """What a target asks for: a lower and/or upper bound (None where there is none)."""

    minimum: Decimal | None
    maximum: Decimal | None

    @property
    def is_empty(self) -> bool:
        return self.minimum is None and self.maximum is None


# --- whole counts ---------------------------------------------------------------------------
# THE ROUNDING RULE. Organizations, people and models are counted in whole numbers, so a
# bound or an expected figure that comes out as a fraction (5 % growth on 147 organizations is
# 154.35) means the smallest whole count that reaches it: it is rounded up. A growth target of
# 154.35–161.7 organizations is shown and judged as 155–162. Money (đồng) is not rounded here.
def is_count(unit: str | None) -> bool:
    """Whether an indicator of this unit (the codes of `Indicator.Unit`) counts things."""
    return unit != "vnd"


def whole_count(value) -> Decimal | None:
    value = D(value)
    if value is None:
        return None
    return value.to_integral_value(rounding=ROUND_CEILING)


def whole_bounds(bounds: Bounds) -> Bounds:
    return Bounds(whole_count(bounds.minimum), whole_count(bounds.maximum))


def bounds_for(
    kind: str,
    *,
    value=None,
    minimum=None,
    maximum=None,
    derived_minimum=None,
    derived_maximum=None,
) -> Bounds:
    """The bounds of a target of `kind` (the codes of `Target.Kind`)."""
    if kind == "exact":
        return Bounds(D(value), D(value))
    if kind == "at_least":
        return Bounds(D(value), None)
    if kind == "at_most":
        return Bounds(None, D(value))
    if kind == "range":
        return Bounds(D(minimum), D(maximum))
    if kind == "growth_range":
        return Bounds(D(derived_minimum), D(derived_maximum))
    raise ValueError(f"Unknown target kind {kind!r}")


def derive_growth_bounds(base_actual, min_percent, max_percent) -> Bounds | None:
    """A year's bounds from the previous year's actual and a growth range in percent.

    No bounds when the previous year has no actual or it is zero (growth of nothing is
    undefined): the target then cannot be judged until staff enter a baseline.
    """
    base = D(base_actual)
    if base is None or base <= 0 or min_percent is None or max_percent is None:
        return None
    return Bounds(
        base * (1 + D(min_percent) / HUNDRED),
        base * (1 + D(max_percent) / HUNDRED),
    )


def elapsed_share(start: dt.date, end: dt.date, as_of: dt.date) -> Decimal:
    """The share (0–1) of the period [start, end] elapsed at the end of the day `as_of`."""
    total = (end - start).days + 1
    if total <= 0:
        raise ValueError("The period must end on or after its start.")
    done = (as_of - start).days + 1
    done = max(0, min(done, total))
    return Decimal(done) / Decimal(total)


def expected_by_now(bounds: Bounds, share: Decimal) -> Decimal | None:
    """The straight-line share of the target reached at `share` of the period."""
    if bounds.minimum is None:
        return None
    return bounds.minimum * share


def evaluate(bounds: Bounds | None, actual, *, due: bool, share: Decimal = Decimal(1)) -> Status:
    """Judge `actual` against `bounds`.

    `due` says the target's period is over; `share` is the part of the period elapsed (used
    only while the target is not yet due).
    """
    if bounds is None:
        return Status.TRACKED
    if bounds.is_empty:
        return Status.NO_BASELINE
    value = D(actual)
    if value is None:
        return Status.NO_DATA
    low, high = bounds.minimum, bounds.maximum
    if high is not None and value > high:
        # Above an "at most" is a miss (counts only grow); above a range is exceeded.
        return Status.NOT_ACHIEVED if low is None else Status.EXCEEDED
    if low is None or value >= low:
        return Status.ACHIEVED
    if due:
        return Status.NOT_ACHIEVED
    expected = low * D(share)
    if value >= expected:
        return Status.ON_TRACK
    if value >= expected * (1 - AT_RISK_TOLERANCE):
        return Status.AT_RISK
    return Status.OFF_TRACK


def project_cumulative(actual, share) -> Decimal | None:
    """A cumulative figure at the period's end if it keeps its pace so far (linear)."""
    value, share = D(actual), D(share)
    if value is None or share is None or share <= 0:
        return None
    return value / share


def _numbers(points: list[tuple[int, object]]) -> list[tuple[int, Decimal]]:
    """The points that have a value, as (year, Decimal)."""
    clean = []
    for year, value in points:
        number = D(value)
        if number is not None:
            clean.append((int(year), number))
    return clean


def project_linear(points: list[tuple[int, object]], to_year: int) -> Decimal | None:
    """The least-squares line through (year, value) points, read at `to_year` (never < 0).

    One point gives a flat line; no point gives no projection.
    """
    clean = _numbers(points)
    if not clean:
        return None
    if len(clean) == 1:
        return max(clean[0][1], Decimal(0))
    n = Decimal(len(clean))
    mean_x = sum(Decimal(x) for x, _y in clean) / n
    mean_y = sum(y for _x, y in clean) / n
    sxx = sum((Decimal(x) - mean_x) ** 2 for x, _y in clean)
    sxy = sum((Decimal(x) - mean_x) * (y - mean_y) for x, y in clean)
    slope = sxy / sxx if sxx else Decimal(0)
    value = mean_y + slope * (Decimal(to_year) - mean_x)
    return max(value, Decimal(0))


def average_growth_percent(points: list[tuple[int, object]]) -> Decimal | None:
    """The compound yearly growth (%) from the first to the last positive point."""
    clean = sorted(_numbers(points))
    if len(clean) < 2:
        return None
    (first_year, first), (last_year, last) = clean[0], clean[-1]
    if first <= 0 or last_year == first_year:
        return None
    ratio = float(last / first) ** (1 / (last_year - first_year))
    return (Decimal(str(ratio)) - 1) * HUNDRED


def growth_status(growth_percent, min_percent, max_percent) -> Status:
    """Judge a (projected) yearly growth rate against a growth range."""
    if growth_percent is None:
        return Status.NO_DATA
    return evaluate(Bounds(D(min_percent), D(max_percent)), growth_percent, due=True)
