"""The dashboard (staff and officials), its Excel export and the drill-down per figure."""

import time

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from enterprises.selectors import breakdown_classification, classification_name
from portal import fragments
from portal.areas import EVERY_AREA
from portal.permissions import monitoring_required
from portal.views.exports import start_export
from portal.views.helpers import keyset_paginate

from ..figures import FigureBook, figure_display_name, figures_cache_seconds, target_label
from ..models import Indicator, YearClosing
from ..registry import REGISTRY, decorate, supported_breakdown
from ..status import STATUS_LABELS, Status
from .common import parse_year, with_indicator_ids

DASHBOARD_BREAKDOWNS = ("commune", "industry_section", "size_class")


def figures_period() -> int:
    return int(time.time() // max(figures_cache_seconds(), 1))


# A province has a hundred or more communes and wards: the page lists the largest groups and
# sums the rest (the Excel export and the annual report list them all).
BREAKDOWN_ROWS_SHOWN = 20
DRILLDOWN_PAGE_SIZE = 50


def _year_and_phase(request, book: FigureBook):
    return year_and_phase(request.GET, book)


def year_and_phase(query, book: FigureBook):
    """The year and phase the dashboard's query (`?year=`, `?phase=`) shows."""
    today_year = timezone.localdate().year
    year = parse_year(query.get("year"), today_year)
    phase_code = query.get("phase")
    phase = next((p for p in book.phases if p.code == phase_code), None)
    if phase is not None and not phase.contains(year):
        year = max(phase.start_year, min(phase.end_year, today_year))
    phase = book.phase_for(year)
    if phase is None:
        year = today_year
        phase = book.phase_for(year) or (book.phases[-1] if book.phases else None)
        if phase is not None and not phase.contains(year):
            year = phase.end_year
    return year, phase


def _breakdowns(book: FigureBook, year: int) -> dict:
    snapshot = book.locked_snapshot(year)
    if snapshot:
        return {by: snapshot["breakdowns"].get(by, []) for by in DASHBOARD_BREAKDOWNS}
    if not book.cached:
        return {by: supported_breakdown(year, by) for by in DASHBOARD_BREAKDOWNS}
    # Like the actuals, the breakdowns computed from the records are reused for a while.
    language = get_language() or ""
    # Sections are counted in the classification the program settings name (part of the key).
    version = breakdown_classification()
    keys = {
        by: f"reports:breakdown:{year}:{by}:{language}:{version}" for by in DASHBOARD_BREAKDOWNS
    }
    book.fetch(list(keys.values()))
    return {
        by: book.reused(key, lambda by=by: supported_breakdown(year, by))
        for by, key in keys.items()
    }


def _industry_classification(book: FigureBook, year: int) -> str:
    """The classification the sections are in: the frozen one of a locked year, else now's."""
    snapshot = book.locked_snapshot(year)
    if snapshot:
        return (snapshot.get("industry_classification") or {}).get("name", "")
    return classification_name()


def _largest(rows: list[dict]) -> list[dict]:
    """The largest groups, and one line summing the others (groups never overlap)."""
    if len(rows) <= BREAKDOWN_ROWS_SHOWN + 1:
        return rows
    shown, rest = rows[:BREAKDOWN_ROWS_SHOWN], rows[BREAKDOWN_ROWS_SHOWN:]
    other = {
        "key": None,
        "label": _("%(count)s other groups") % {"count": len(rest)},
        "count": sum(row["count"] for row in rest),
        "other": True,
    }
    return [*shown, other]


def _chart_data(figures: list[dict], breakdowns: dict) -> dict:
    return {
        "labels": {
            "actual": _("Actual"),
            "minimum": _("Target (minimum)"),
            "maximum": _("Target (maximum)"),
            "path": _("Straight-line path to the target"),
            "organizations": _("Organizations"),
        },
        "indicators": [
            {
                "id": figure["indicator_id"],
                "name": figure_display_name(figure),
                "unit": figure["unit"],
                "path": figure["counting"] == "cumulative"
                and bool(figure["target"] and figure["target"]["milestone"]),
                "years": [point["year"] for point in figure["series"]],
                "actual": [point["actual"] for point in figure["series"]],
                "minimum": [point["minimum"] for point in figure["series"]],
                "maximum": [point["maximum"] for point in figure["series"]],
            }
            for figure in figures
        ],
        "breakdowns": {
            by: {
                "labels": [str(row["label"]) for row in rows[:15]],
                "counts": [row["count"] for row in rows[:15]],
            }
            for by, rows in breakdowns.items()
        },
    }


@monitoring_required
def dashboard(request):
    today = timezone.localdate()

    def build():
        book = FigureBook(today=today, cached=True)
        year, phase = _year_and_phase(request, book)
        if phase is not None:
            # The years a phase's figures, series, growth bounds and projections read.
            book.prefetch(range(phase.start_year - 1, min(year, today.year) + 1))
        figures = with_indicator_ids(book.figures(year), book.indicators)
        for figure in figures:
            figure["target_label"] = target_label(figure["target"]) if figure["target"] else ""
        breakdowns = _breakdowns(book, year)
        closing_status = book.closings.get(year, YearClosing.Status.OPEN)
        context = {
            "year": year,
            "phase": phase,
            "phases": book.phases,
            "years": list(phase.years) if phase else [year],
            "figures": figures,
            "breakdowns": {by: _largest(rows) for by, rows in breakdowns.items()},
            "industry_classification": _industry_classification(book, year),
            "closing_status": closing_status,
            "closing_label": YearClosing.Status(closing_status).label,
            "locked": closing_status == YearClosing.Status.LOCKED,
            "chart_data": _chart_data(figures, breakdowns),
            "today": today,
            "computed_at": book.computed_at,
            "refresh_minutes": 2 * figures_cache_seconds() // 60,
        }
        return {"content": fragments.render_fragment("reports/_dashboard.html", context)}

    # Rebuilt at least every period even without a change of the records, so the figures it
    # shows are never older than two periods.
    key = f"reports:dashboard|{request.get_full_path()}|{today}|{figures_period()}"
    return fragments.render_page(
        request, "reports/dashboard.html", key, build, depends_on=EVERY_AREA
    )


@monitoring_required
def dashboard_export(request):
    """The target-vs-actual table of the phase (and the year's breakdowns) as Excel: an
    export job (portal.exports, reports/exports.py) for the dashboard's year and phase."""
    return start_export(request, "dashboard", request.GET.urlencode())


def figure_rows(query, user) -> tuple[list[dict], int]:
    """The dashboard export's rows: each indicator in each year of the phase shown."""
    book = FigureBook()
    year, phase = year_and_phase(query, book)
    last_year = min(year, timezone.localdate().year)
    sources = {
        "computed": _("Computed from the records"),
        "manual": _("Entered by staff with evidence"),
        "locked": _("Approved figure"),
        "missing": _("No figure"),
    }
    years = [y for y in (phase.years if phase else [year]) if y <= last_year]
    rows = []
    for indicator in book.indicators:
        for y in years:
            figure = book.figure(indicator, y)
            target = figure["target"]
            projection = figure.get("projection") or {}
            source = figure.get("actual_source")
            rows.append(
                {
                    "indicator": indicator.display_name,
                    "unit": str(Indicator.Unit(figure["unit"]).label),
                    "counting": str(Indicator.Counting(figure["counting"]).label),
                    "year": y,
                    "target": target_label(target) if target else _("tracked"),
                    "minimum": target["minimum"] if target else None,
                    "maximum": target["maximum"] if target else None,
                    "actual": figure["actual"],
                    "source": str(sources.get(source, source or "")),  # type: ignore[arg-type]
                    "status": str(STATUS_LABELS.get(Status(figure["status"]), figure["status"])),
                    "projection": projection.get("value"),
                    "frozen": _("yes") if figure.get("frozen") else _("no"),
                }
            )
    return rows, len(rows)


def breakdown_rows(query, user) -> tuple[int, list[dict]]:
    """The year's breakdowns (by commune, industry section and size), one row per group."""
    book = FigureBook()
    year, _phase = year_and_phase(query, book)
    titles = {
        "commune": _("By commune / ward"),
        "industry_section": f"{_('By industry section')} ({_industry_classification(book, year)})",
        "size_class": _("By size class"),
    }
    rows = [
        {"breakdown": titles[by], "group": str(row["label"]), "count": row["count"]}
        for by, groups in _breakdowns(book, year).items()
        for row in groups
    ]
    return year, rows


@monitoring_required
def drilldown(request, pk: int, year: int):
    """The records a figure counts, one paginated tab per kind of record (for a locked year,
    the records frozen with its figures; a tab the snapshot did not keep is left out)."""
    if not 2000 <= year <= 2100:
        raise Http404
    staff = request.user.is_program_staff
    today = timezone.localdate()

    def build():
        indicator = get_object_or_404(Indicator, pk=pk)
        context = _drilldown_context(request, indicator, year, today)
        context["is_staff"] = staff  # the link to enter a figure (the roles are in the key)
        # Every part is served as HTML: the name is escaped here.
        return {
            "name": escape(figure_display_name(context["figure"])),
            "year": str(year),
            "content": fragments.render_fragment("reports/_drilldown.html", context),
        }

    # A figure may count any of the program's records; it is computed as of today.
    key = f"reports:drilldown|{request.get_full_path()}|{today}"
    return fragments.render_page(
        request, "reports/drilldown.html", key, build, depends_on=EVERY_AREA
    )


def _drilldown_context(request, indicator: Indicator, year: int, today) -> dict:
    book = FigureBook(indicators=[indicator], today=today)
    figure = book.figure(indicator, year)
    computation = REGISTRY.get(indicator.code)
    sections = []
    if computation is not None and indicator.source == Indicator.Source.COMPUTED:
        sections = computation.sections(book.scope(indicator, year))
    active = None
    page, query = None, ""
    frozen_ids = figure.get("record_ids") if figure.get("frozen") else None
    if frozen_ids is not None:
        sections = [section for section in sections if section.key in frozen_ids]
    if sections:
        active = next((s for s in sections if s.key == request.GET.get("section")), sections[0])
        if frozen_ids is not None:
            ids = frozen_ids.get(active.key, [])
            queryset = decorate(
                active.kind, active.queryset.model._default_manager.filter(pk__in=ids)
            )
        else:
            queryset = decorate(active.kind, active.queryset)
        # By the sort key (name and id for organizations): a deep page of a 100,000-row
        # drill-down costs what the first costs. The total is the same records' count.
        page, query = keyset_paginate(request, queryset, per_page=DRILLDOWN_PAGE_SIZE)
    return {
        "indicator": indicator,
        "year": year,
        "figure": figure,
        "target_label": target_label(figure["target"]) if figure["target"] else "",
        "rule": figure.get("rule") or indicator.counting_rule,
        "sections": sections,
        "active": active,
        "page": page,
        "query": query,
    }
