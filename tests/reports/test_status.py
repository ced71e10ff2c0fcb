"""The status rules of DESIGN §3 as pure functions, boundaries included."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.status import (
    Bounds,
    Status,
    average_growth_percent,
    bounds_for,
    derive_growth_bounds,
    elapsed_share,
    evaluate,
    growth_status,
    project_cumulative,
    project_linear,
)

D = Decimal
RANGE_10_20 = Bounds(D(10), D(20))
AT_LEAST_2 = Bounds(D(2), None)
AT_MOST_5 = Bounds(None, D(5))


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (9, Status.NOT_ACHIEVED),
        (10, Status.ACHIEVED),
        (15, Status.ACHIEVED),
        (20, Status.ACHIEVED),
        (21, Status.EXCEEDED),
    ],
)
def test_range_when_due(actual, expected):
    assert evaluate(RANGE_10_20, actual, due=True) == expected


@pytest.mark.parametrize(
    ("actual", "expected"),
    [(1, Status.NOT_ACHIEVED), (2, Status.ACHIEVED), (200, Status.ACHIEVED)],
)
def test_at_least_is_achieved_at_or_above_and_never_exceeded(actual, expected):
    assert evaluate(AT_LEAST_2, actual, due=True) == expected


@pytest.mark.parametrize(
    ("actual", "due", "expected"),
    [
        (5, True, Status.ACHIEVED),
        (0, True, Status.ACHIEVED),
        (6, True, Status.NOT_ACHIEVED),
        (6, False, Status.NOT_ACHIEVED),
        (3, False, Status.ACHIEVED),
    ],
)
def test_at_most(actual, due, expected):
    assert evaluate(AT_MOST_5, actual, due=due, share=D("0.5")) == expected


def test_exact_target_is_a_range_of_one_value():
    bounds = bounds_for("exact", value=7)
    assert evaluate(bounds, 7, due=True) == Status.ACHIEVED
    assert evaluate(bounds, 8, due=True) == Status.EXCEEDED
    assert evaluate(bounds, 6, due=True) == Status.NOT_ACHIEVED


def test_not_yet_due_uses_the_straight_line_share():
    # 10 by the end; 40 % of the period elapsed → 4 expected by now.
    share = D("0.4")
    bounds = Bounds(D(10), None)
    assert evaluate(bounds, 4, due=False, share=share) == Status.ON_TRACK  # at the line
    assert (
        evaluate(bounds, D("3.4"), due=False, share=share) == Status.AT_RISK
    )  # exactly 15 % below
    assert evaluate(bounds, D("3.39"), due=False, share=share) == Status.OFF_TRACK  # further below
    assert evaluate(bounds, 5, due=False, share=share) == Status.ON_TRACK
    assert evaluate(bounds, 10, due=False, share=share) == Status.ACHIEVED  # reached early
    assert evaluate(bounds, 3, due=True, share=share) == Status.NOT_ACHIEVED  # after the phase


def test_range_not_yet_due_judged_against_its_minimum():
    share = D("0.6")  # expected 6 of the minimum 10
    assert evaluate(RANGE_10_20, 6, due=False, share=share) == Status.ON_TRACK
    assert evaluate(RANGE_10_20, D("5.1"), due=False, share=share) == Status.AT_RISK
    assert evaluate(RANGE_10_20, 5, due=False, share=share) == Status.OFF_TRACK
    assert evaluate(RANGE_10_20, 25, due=False, share=share) == Status.EXCEEDED


def test_no_target_no_baseline_no_data():
    assert evaluate(None, 5, due=True) == Status.TRACKED
    assert evaluate(Bounds(None, None), 5, due=True) == Status.NO_BASELINE
    assert evaluate(RANGE_10_20, None, due=True) == Status.NO_DATA


def test_growth_bounds_are_derived_from_last_years_actual():
    bounds = derive_growth_bounds(100, 5, 10)
    assert bounds == Bounds(D(105), D(110))
    odd = derive_growth_bounds(37, 5, 10)
    assert odd.minimum == D("38.85")
    assert odd.maximum == D("40.70")
    # 38 is below +5 %, 39 and 40 inside, 41 above +10 %
    assert [evaluate(odd, n, due=True) for n in (38, 39, 40, 41)] == [
        Status.NOT_ACHIEVED,
        Status.ACHIEVED,
        Status.ACHIEVED,
        Status.EXCEEDED,
    ]


@pytest.mark.parametrize("base", [None, 0, -3])
def test_growth_needs_a_positive_base(base):
    assert derive_growth_bounds(base, 5, 10) is None


def test_elapsed_share_of_a_phase():
    start, end = dt.date(2021, 1, 1), dt.date(2025, 12, 31)
    assert elapsed_share(start, end, dt.date(2020, 12, 31)) == 0
    assert elapsed_share(start, end, dt.date(2025, 12, 31)) == 1
    assert elapsed_share(start, end, dt.date(2030, 1, 1)) == 1
    # the end of 2022: 730 of 1826 days
    assert elapsed_share(start, end, dt.date(2022, 12, 31)) == D(730) / D(1826)
    with pytest.raises(ValueError, match="end on or after"):
        elapsed_share(end, start, end)


def test_projections():
    assert project_cumulative(6, D("0.4")) == 15
    assert project_cumulative(6, 0) is None
    assert project_linear([(2021, 10), (2022, 12), (2023, 14)], 2025) == 18
    assert project_linear([(2021, 10)], 2025) == 10
    assert project_linear([], 2025) is None
    assert project_linear([(2021, 10), (2022, 2)], 2025) == 0  # never below zero
    assert average_growth_percent([(2020, 100), (2022, 121)]) == pytest.approx(D(10))
    assert average_growth_percent([(2020, 0), (2022, 121)]) is None
    assert growth_status(D("7.5"), 5, 10) == Status.ACHIEVED
    assert growth_status(D("4.9"), 5, 10) == Status.NOT_ACHIEVED
    assert growth_status(D("12"), 5, 10) == Status.EXCEEDED
    assert growth_status(None, 5, 10) == Status.NO_DATA


amounts = st.decimals(
    min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False
)
shares = st.decimals(min_value=0, max_value=1, places=4, allow_nan=False, allow_infinity=False)


@given(low=amounts, width=amounts, actual=amounts)
def test_range_statuses_partition_the_line(low, width, actual):
    bounds = Bounds(low, low + width)
    status = evaluate(bounds, actual, due=True)
    if actual < low:
        assert status == Status.NOT_ACHIEVED
    elif actual > low + width:
        assert status == Status.EXCEEDED
    else:
        assert status == Status.ACHIEVED


@given(target=amounts, actual=amounts, share=shares)
def test_not_yet_due_matches_the_straight_line_rule(target, actual, share):
    status = evaluate(Bounds(target, None), actual, due=False, share=share)
    expected = target * share
    if actual >= target:
        assert status == Status.ACHIEVED
    elif actual >= expected:
        assert status == Status.ON_TRACK
    elif actual >= expected * D("0.85"):
        assert status == Status.AT_RISK
    else:
        assert status == Status.OFF_TRACK


@given(target=amounts, low=amounts, high=amounts, share=shares)
def test_more_is_never_worse_for_an_at_least(target, low, high, share):
    order = [Status.OFF_TRACK, Status.AT_RISK, Status.ON_TRACK, Status.ACHIEVED]
    a, b = sorted([low, high])
    bounds = Bounds(target, None)
    assert order.index(evaluate(bounds, a, due=False, share=share)) <= order.index(
        evaluate(bounds, b, due=False, share=share)
    )


@given(
    base=st.integers(min_value=1, max_value=100_000),
    low=st.integers(0, 50),
    extra=st.integers(0, 50),
)
def test_growth_bounds_bracket_the_base(base, low, extra):
    bounds = derive_growth_bounds(base, low, low + extra)
    assert base <= bounds.minimum <= bounds.maximum
    assert evaluate(bounds, bounds.minimum, due=True) == Status.ACHIEVED
    assert evaluate(bounds, bounds.maximum, due=True) == Status.ACHIEVED
