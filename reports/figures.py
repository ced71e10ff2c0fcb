"""Reads of the plan's figures: each indicator's actual, target, status and projection per year.

A `FigureBook` loads the small tables once (indicators, targets, manual actuals, closings) and
computes actuals through the registry on demand, memoized, so a page's query count depends on
the number of indicators and years, never on the number of records counted.

Figures come out as plain JSON-safe dicts: the same shape is frozen in a year's snapshot, so
the dashboard and the PDF read a locked year and a live year alike.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal import selectors as portal
from portal.models import Phase

from .models import Indicator, ManualActual, Target, YearClosing
from .registry import REGISTRY, Scope
from .status import (
    Bounds,
    D,
    Status,
    average_growth_percent,
    bounds_for,
    derive_growth_bounds,
    elapsed_share,
    evaluate,
    growth_status,
    is_count,
    project_cumulative,
    project_linear,
    whole_bounds,
    whole_count,
)


def num(value):
    """A JSON-safe number: int when whole, else a float with 2 decimals; None stays None."""
    if value is None:
        return None
    value = Decimal(value) if not isinstance(value, Decimal) else value
    if value == value.to_integral_value():
        return int(value)
    return float(round(value, 2))


def figure_display_name(figure: dict) -> str:
    """An indicator's name in the active language, from a figure (live or frozen): what users
    see wherever an indicator is named (never its code)."""
    language = (get_language() or "vi")[:2]
    if language == "en" and figure.get("name_en"):
        return figure["name_en"]
    return figure.get("name", "")


def year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def growth_derivation_text(
    base_year: int,
    base,
    min_percent,
    max_percent,
    bounds: Bounds | None,
    *,
    whole: bool = True,
    source: str = "",
) -> str:
    """How a growth target's bounds follow from the base year's figure, in words. With
    `whole` (an indicator that counts) the bounds are the whole counts of the rounding rule
    (`status.whole_count`); `source` "baseline" says the figure comes from the program
    settings (the year before the plan)."""
    if bounds is None:
        if source == "baseline":
            return _(
                "The %(year)s figure is not entered yet: enter it in the program settings "
                "(figures before the plan) to derive the growth target."
            ) % {"year": base_year}
        return _("%(year)s has no actual above zero: the growth target cannot be derived yet.") % {
            "year": base_year
        }
    from django.utils.formats import number_format

    def fmt(value):
        return number_format(num(value), force_grouping=True)

    if source == "baseline":
        base_text = _("%(year)s figure (program settings) %(base)s") % {
            "year": base_year,
            "base": fmt(base),
        }
    else:
        base_text = _("%(year)s actual %(base)s") % {"year": base_year, "base": fmt(base)}
        if source == "locked":
            base_text += " " + _("(approved figure)")
    if whole:
        low, high = whole_count(bounds.minimum), whole_count(bounds.maximum)
        return _(
            "%(base)s, grown by %(min)s–%(max)s %%: at least %(low)s, at most %(high)s "
            "(whole numbers, rounded up)"
        ) % {
            "base": base_text,
            "min": fmt(min_percent),
            "max": fmt(max_percent),
            "low": fmt(low),
            "high": fmt(high),
        }
    return _("%(base)s × (1 + %(min)s%%) = %(low)s; × (1 + %(max)s%%) = %(high)s") % {
        "base": base_text,
        "min": fmt(min_percent),
        "max": fmt(max_percent),
        "low": fmt(bounds.minimum),
        "high": fmt(bounds.maximum),
    }


def target_label(target: dict | None) -> str:
    """A short human label of a target dict, e.g. "≥ 2", "10–20", "+5–10 %/năm"."""
    if not target:
        return "—"

    def fmt(value):
        from django.utils.formats import number_format

        if value is None:
            return "?"
        return number_format(value, decimal_pos=None, force_grouping=True)

    kind = target["kind"]
    if kind == "exact":
        return f"= {fmt(target['minimum'])}"
    if kind == "at_least":
        return f"≥ {fmt(target['minimum'])}"
    if kind == "at_most":
        return f"≤ {fmt(target['maximum'])}"
    if kind == "range":
        return f"{fmt(target['minimum'])}–{fmt(target['maximum'])}"
    growth = _("+%(low)s–%(high)s %% on the previous year") % {
        "low": fmt(target["growth_min_percent"]),
        "high": fmt(target["growth_max_percent"]),
    }
    if target.get("minimum") is not None:
        return f"{growth} ({fmt(target['minimum'])}–{fmt(target['maximum'])})"
    return growth


def _fixed_bounds(target: Target) -> Bounds:
    """The bounds a target states itself (not for growth targets, derived from an actual)."""
    return bounds_for(
        target.kind, value=target.value, minimum=target.minimum, maximum=target.maximum
    )


def figures_cache_seconds() -> int:
    """How long the dashboard may reuse an actual computed from the records (the page built
    from it is kept as long again at most: shown figures are never older than twice this)."""
    return settings.REPORTS_FIGURES_CACHE_SECONDS


def computed_cache_key(code: str, scope: Scope) -> str:
    return f"reports:computed:{code}:{scope.start_year}:{scope.year}"


class FigureBook:
    """`cached=True` (the dashboard) reuses actuals computed from the records during the last
    `REPORTS_FIGURES_CACHE_SECONDS` (five minutes): counting hundreds of thousands of support
    records on every view would make the dashboard the slowest page of the portal. Targets,
    staff-entered actuals and closings are always read anew, and `computed_at` says how old
    the oldest reused actual is. Reports, closings and drill-downs compute everything live."""

    def __init__(self, *, today: dt.date | None = None, indicators=None, cached: bool = False):
        self.cached = cached
        self.computed_at = None  # the moment the oldest reused actual was computed
        self.today = today or timezone.localdate()
        self.phases = list(Phase.objects.all())
        self.indicators = (
            list(indicators)
            if indicators is not None
            else list(Indicator.objects.filter(is_active=True))
        )
        self.targets: dict[tuple, Target] = {
            (t.indicator_id, t.phase_id, t.year): t for t in Target.objects.select_related("phase")
        }
        self.manual: dict[tuple, ManualActual] = {
            (m.indicator_id, m.year): m for m in ManualActual.objects.select_related("entered_by")
        }
        self.closings: dict[int, str] = dict(YearClosing.objects.values_list("year", "status"))
        self._snapshots: dict[int, dict | None] = {}
        self._fetched: dict[str, dict | None] = {}  # cache entries read ahead by `fetch`
        self._computed: dict[tuple, dict | None] = {}
        self._figures: dict[tuple, dict] = {}
        self._baselines: dict | None = None  # the program settings' figures before the plan

    # --- years and phases ------------------------------------------------------------------
    def phase_for(self, year: int) -> Phase | None:
        for phase in self.phases:
            if phase.start_year <= year <= phase.end_year:
                return phase
        return None

    def phase_of(self, year: int) -> Phase:
        """The phase of a year that has one (a series, a projection, a target's year)."""
        phase = self.phase_for(year)
        if phase is None:
            raise ValueError(f"{year} is outside the plan's phases")
        return phase

    def is_locked(self, year: int) -> bool:
        return self.closings.get(year) == YearClosing.Status.LOCKED

    def locked_snapshot(self, year: int) -> dict | None:
        if not self.is_locked(year):
            return None
        if year not in self._snapshots:
            self._snapshots[year] = (
                YearClosing.objects.filter(year=year).values_list("snapshot", flat=True).first()
            )
        return self._snapshots[year]

    def _locked_entry(self, indicator: Indicator, year: int) -> dict | None:
        snapshot = self.locked_snapshot(year)
        if not snapshot:
            return None
        for entry in snapshot.get("indicators", []):
            if entry["code"] == indicator.code:
                return entry
        return None

    # --- actuals ---------------------------------------------------------------------------
    def scope(self, indicator: Indicator, year: int) -> Scope:
        phase = self.phase_for(year)
        start = phase.start_year if (indicator.is_cumulative and phase) else year
        return Scope(year=year, start_year=start)

    def computed(self, indicator: Indicator, year: int) -> dict | None:
        key = (indicator.code, year)
        if key not in self._computed:
            computation = REGISTRY.get(indicator.code)
            if indicator.source != Indicator.Source.COMPUTED or computation is None:
                self._computed[key] = None
            elif self.cached:
                self._computed[key] = self._cached_value(indicator, year, computation)
            elif computation.values is not None:
                self._compute_series(indicator, year, computation)
            else:
                self._computed[key] = computation.value(self.scope(indicator, year))
        return self._computed[key]

    def _compute_series(self, indicator: Indicator, year: int, computation) -> None:
        """The actuals of `year` and of every year of its phase not computed yet, together
        (the figure's series and projection read them all): a few grouped queries for the
        whole phase instead of a few per year."""
        phase = self.phase_for(year)
        years = {year, *(phase.years if phase else ())}
        years = {y for y in years if (indicator.code, y) not in self._computed}
        scopes = {y: self.scope(indicator, y) for y in sorted(years)}
        values = computation.values(list(scopes.values()))
        for y, scope in scopes.items():
            self._computed[(indicator.code, y)] = values[scope]

    def prefetch(self, years) -> None:
        """With `cached`, fetch the reusable actuals of these years in one cache round trip."""
        if not self.cached:
            return
        self.fetch(
            [
                computed_cache_key(indicator.code, self.scope(indicator, year))
                for indicator in self.indicators
                if indicator.source == Indicator.Source.COMPUTED and indicator.code in REGISTRY
                for year in years
            ]
        )

    def fetch(self, keys: list[str]) -> None:
        """Read the entries of these `reused` keys ahead, in one cache round trip."""
        found = cache.get_many(keys)
        self._fetched.update({key: found.get(key) for key in keys})

    def reused(self, key: str, compute):
        """The value stored under `key` during the last `REPORTS_FIGURES_CACHE_SECONDS`, else
        `compute()` now (and stored); `computed_at` keeps the oldest moment reused."""
        entry = self._fetched[key] if key in self._fetched else cache.get(key)
        if entry is None:
            entry = {"value": compute(), "at": timezone.now()}
            cache.set(key, entry, figures_cache_seconds())
        if self.computed_at is None or entry["at"] < self.computed_at:
            self.computed_at = entry["at"]
        return entry["value"]

    def _cached_value(self, indicator: Indicator, year: int, computation) -> dict:
        scope = self.scope(indicator, year)
        return self.reused(
            computed_cache_key(indicator.code, scope), lambda: computation.value(scope)
        )

    def actual(self, indicator: Indicator, year: int, *, live: bool = False) -> dict:
        """The year's actual: frozen if the year is locked (unless `live`), else the manual
        figure where staff entered one, else the computed one."""
        if not live:
            entry = self._locked_entry(indicator, year)
            if entry is not None:
                return {
                    "value": entry["actual"],
                    "source": "locked",
                    "computed": entry.get("computed"),
                    "details": entry.get("details", {}),
                }
        computed = self.computed(indicator, year)
        manual = self.manual.get((indicator.pk, year))
        if manual is not None:
            value, source = manual.value, "manual"
        elif computed is not None:
            value, source = computed["value"], "computed"
        else:
            value, source = None, "missing"
        return {
            "value": num(value),
            "source": source,
            "computed": num(computed["value"]) if computed else None,
            "details": computed["details"] if computed else {},
        }

    def base_actual(self, indicator: Indicator, year: int) -> dict:
        """The figure a growth target of `year + 1` rests on: the year's actual or, for a year
        before the plan (2020, which the portal keeps no records of), the figure the program
        settings keep for the indicator (source "baseline"; None when not entered)."""
        if self.phase_for(year) is not None or not self.phases:
            return self.actual(indicator, year)
        computation = REGISTRY.get(indicator.code)
        if self._baselines is None:
            self._baselines = portal.plan_baselines()
        value = self._baselines.get(computation.baseline) if computation else None
        return {"value": num(value), "source": "baseline", "computed": None, "details": {}}

    # --- targets ---------------------------------------------------------------------------
    def target_for(self, indicator: Indicator, year: int) -> Target | None:
        phase = self.phase_for(year)
        if phase is None:
            return None
        return self.targets.get((indicator.pk, phase.pk, year)) or self.targets.get(
            (indicator.pk, phase.pk, None)
        )

    def growth_bounds(self, indicator: Indicator, target: Target) -> dict:
        """A growth target's bounds: the stored derivation while it still matches the
        previous year's actual, else derived now (provisional, not stored)."""
        if target.year is None:
            raise ValueError("A growth target is set for a year")
        base_year = target.year - 1
        base_actual = self.base_actual(indicator, base_year)
        base = base_actual["value"]
        stored_matches = (
            target.derived_at is not None
            and target.derived_base_year == base_year
            and base is not None
            and target.derived_base_actual is not None
            and Decimal(str(base)) == target.derived_base_actual
        )
        if stored_matches:
            bounds = (
                Bounds(target.derived_minimum, target.derived_maximum)
                if target.derived_minimum is not None
                else None
            )
            source, provisional = target.derived_base_source, False
        else:
            bounds = derive_growth_bounds(
                base, target.growth_min_percent, target.growth_max_percent
            )
            source, provisional = base_actual["source"], True
        # Said in today's words (a derivation stored by an older version said the exact,
        # fractional bounds); the stored sentence stays on the target as its record.
        text = growth_derivation_text(
            base_year,
            base,
            target.growth_min_percent,
            target.growth_max_percent,
            bounds,
            whole=is_count(indicator.unit),
            source=source,
        )
        return {
            "bounds": bounds if bounds is not None else Bounds(None, None),
            "base_year": base_year,
            "base": base,
            "derivation": text,
            "provisional": provisional,
        }

    def target_info(self, indicator: Indicator, target: Target) -> tuple[Bounds, dict]:
        derivation = {}
        if target.kind == Target.Kind.GROWTH_RANGE:
            derivation = self.growth_bounds(indicator, target)
            bounds = derivation["bounds"]
        else:
            bounds = _fixed_bounds(target)
        if is_count(indicator.unit):
            bounds = whole_bounds(bounds)  # the rounding rule: whole counts, rounded up
        info = {
            "id": target.pk,
            "kind": target.kind,
            "milestone": target.is_milestone,
            "due_year": target.due_year,
            "minimum": num(bounds.minimum),
            "maximum": num(bounds.maximum),
            "growth_min_percent": num(target.growth_min_percent),
            "growth_max_percent": num(target.growth_max_percent),
            "derivation": derivation.get("derivation", ""),
            "provisional": derivation.get("provisional", False),
            "note": target.note,
        }
        info["label"] = target_label(info)
        return bounds, info

    # --- one figure ------------------------------------------------------------------------
    def figure(self, indicator: Indicator, year: int, *, live: bool = False) -> dict:
        """Everything about one indicator in one year (frozen for a locked year)."""
        key = (indicator.code, year, live)
        if key in self._figures:
            return self._figures[key]
        if not live:
            entry = self._locked_entry(indicator, year)
            if entry is not None:
                figure = {**entry, "frozen": True}
                self._figures[key] = figure
                return figure
        figure = self._live_figure(indicator, year)
        self._figures[key] = figure
        return figure

    def _live_figure(self, indicator: Indicator, year: int) -> dict:
        phase = self.phase_for(year)
        actual = self.actual(indicator, year, live=True)
        manual = self.manual.get((indicator.pk, year))
        target = self.target_for(indicator, year)
        as_of = min(self.today, year_end(year))
        status, target_info, expected, due, share = Status.TRACKED, None, None, False, None
        if target is not None:
            phase = self.phase_of(year)  # a target belongs to its year's phase
            bounds, target_info = self.target_info(indicator, target)
            if target.is_milestone:
                start, end = dt.date(phase.start_year, 1, 1), year_end(phase.end_year)
            else:
                start, end = dt.date(year, 1, 1), year_end(year)
            due = self.today > end and as_of >= end
            share = elapsed_share(start, end, as_of)
            applies = target.year is not None or indicator.is_cumulative or year == phase.end_year
            if applies:
                status = evaluate(bounds, actual["value"], due=due, share=share)
                if not due and bounds.minimum is not None:
                    expected = bounds.minimum * share
                    expected = num(whole_count(expected) if is_count(indicator.unit) else expected)
        figure = {
            "code": indicator.code,
            "name": indicator.name,
            "name_en": indicator.name_en,
            "unit": indicator.unit,
            "counting": indicator.counting,
            "rule": indicator.counting_rule,
            "task_group": indicator.task_group,
            "source": indicator.source,
            "year": year,
            "phase": phase.code if phase else None,
            "actual": actual["value"],
            "actual_source": actual["source"],
            "computed": actual["computed"],
            "details": actual["details"],
            "manual": (
                {
                    "id": manual.pk,
                    "value": num(manual.value),
                    "reason": manual.reason,
                    "entered_by": str(manual.entered_by) if manual.entered_by else "",
                    "evidence_name": manual.evidence_name,
                }
                if manual
                else None
            ),
            "target": target_info,
            "due": due,
            "share": num(share) if share is not None else None,
            "expected": expected,
            "status": str(status),
            "frozen": False,
        }
        figure["series"] = self.series(indicator, year) if phase else []
        figure["projection"] = self.projection(indicator, year, figure) if phase else None
        return figure

    # --- series and projection -------------------------------------------------------------
    def series(self, indicator: Indicator, year: int) -> list[dict]:
        """Target against actual for every year of the phase (actuals up to `year`)."""
        phase = self.phase_of(year)
        last_actual_year = min(year, self.today.year)
        points = []
        for y in phase.years:
            value = (
                self.actual(indicator, y, live=(y == year))["value"]
                if y <= last_actual_year
                else None
            )
            point = {"year": y, "actual": value, "minimum": None, "maximum": None}
            target = self.target_for(indicator, y)
            if target is not None:
                if target.kind == Target.Kind.GROWTH_RANGE:
                    if y - 1 <= last_actual_year:
                        bounds = self.growth_bounds(indicator, target)["bounds"]
                    else:
                        bounds = Bounds(None, None)
                else:
                    bounds = _fixed_bounds(target)
                rounded = whole_count if is_count(indicator.unit) else D
                if target.is_milestone and indicator.is_cumulative and bounds.minimum is not None:
                    # the straight-line path to the phase's milestone
                    share = elapsed_share(
                        dt.date(phase.start_year, 1, 1), year_end(phase.end_year), year_end(y)
                    )
                    point["minimum"] = num(rounded(bounds.minimum * share))
                    point["maximum"] = (
                        num(rounded(bounds.maximum * share)) if bounds.maximum is not None else None
                    )
                elif not target.is_milestone or y == phase.end_year:
                    point["minimum"] = num(rounded(bounds.minimum))
                    point["maximum"] = num(rounded(bounds.maximum))
            points.append(point)
        return points

    def projection(self, indicator: Indicator, year: int, figure: dict) -> dict | None:
        """Where the indicator ends the phase if the trend so far goes on."""
        phase = self.phase_of(year)
        end_target = self.target_for(indicator, phase.end_year)
        if self.today > year_end(phase.end_year):
            return self._ended_projection(indicator, year, figure, end_target)
        if figure["actual"] is None:
            return None
        as_of = min(self.today, year_end(year))
        if indicator.is_cumulative:
            share = elapsed_share(dt.date(phase.start_year, 1, 1), year_end(phase.end_year), as_of)
            value = project_cumulative(figure["actual"], share)
            status = None
            if end_target is not None and end_target.kind != Target.Kind.GROWTH_RANGE:
                status = str(evaluate(self._end_bounds(indicator, end_target), value, due=True))
            return {
                "value": num(round(value)) if value is not None else None,
                "method": "cumulative_pace",
                "status": status,
                "growth_percent": None,
            }
        # Per-year indicator: a straight line through the complete years (the running year
        # annualized when it is the only one).
        points: list[tuple[int, Any]] = []
        for y in range(phase.start_year, year + 1):
            value = figure["actual"] if y == year else self.actual(indicator, y)["value"]
            if value is None:
                continue
            if y == year and as_of < year_end(y):
                if len(points) == 0:
                    share = elapsed_share(dt.date(y, 1, 1), year_end(y), as_of)
                    if share > 0:
                        points.append((y, Decimal(str(value)) / share))
                continue
            points.append((y, value))
        value = project_linear(points, phase.end_year)
        status, growth = None, None
        if end_target is not None and end_target.kind == Target.Kind.GROWTH_RANGE:
            growth, status = self._growth_judgement(indicator, phase, points, end_target)
        elif end_target is not None and value is not None:
            status = str(evaluate(self._end_bounds(indicator, end_target), value, due=True))
        return {
            "value": num(round(value)) if value is not None else None,
            "method": "linear_trend",
            "status": status,
            "growth_percent": num(growth) if growth is not None else None,
        }

    def _end_bounds(self, indicator: Indicator, target: Target) -> Bounds:
        bounds = _fixed_bounds(target)
        return whole_bounds(bounds) if is_count(indicator.unit) else bounds

    def _growth_judgement(self, indicator: Indicator, phase: Phase, points: list, target: Target):
        """The compound yearly growth from the year before the phase through `points`, and its
        status against a growth target's range."""
        base = self.base_actual(indicator, phase.start_year - 1)["value"]
        with_base = ([(phase.start_year - 1, base)] if base else []) + points
        growth = average_growth_percent(with_base)
        if growth is None:
            return None, None
        status = growth_status(growth, target.growth_min_percent, target.growth_max_percent)
        return growth, str(status)

    def _ended_projection(
        self, indicator: Indicator, year: int, figure: dict, end_target: Target | None
    ) -> dict | None:
        """Once the phase is over, its end is no longer forecast: the "projection" is the
        actual of the phase's last year, judged against the phase's target. Money spent is
        not forecast for a phase that is over."""
        if not is_count(indicator.unit):
            return None
        phase = self.phase_of(year)

        def actual_of(y: int):
            return figure["actual"] if y == year else self.actual(indicator, y)["value"]

        value = actual_of(phase.end_year)
        if value is None:
            return None
        status, growth = None, None
        if end_target is not None and end_target.kind == Target.Kind.GROWTH_RANGE:
            points = [(y, actual_of(y)) for y in phase.years if actual_of(y) is not None]
            growth, status = self._growth_judgement(indicator, phase, points, end_target)
        elif end_target is not None:
            status = str(evaluate(self._end_bounds(indicator, end_target), value, due=True))
        return {
            "value": num(value),
            "method": "actual",
            "status": status,
            "growth_percent": num(growth) if growth is not None else None,
        }

    def figures(self, year: int, *, live: bool = False) -> list[dict]:
        return [self.figure(indicator, year, live=live) for indicator in self.indicators]
