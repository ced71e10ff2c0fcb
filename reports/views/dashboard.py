"""The dashboard (staff and officials), its Excel export and the drill-down per figure."""

import io

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.selectors import supported_breakdown
from portal.permissions import monitoring_required

from ..figures import FigureBook, target_label
from ..models import Indicator, YearClosing
from ..registry import REGISTRY, decorate
from ..status import STATUS_LABELS, Status
from .common import parse_year

DASHBOARD_BREAKDOWNS = ("commune", "industry_section", "size_class")
DRILLDOWN_PAGE_SIZE = 50


def _year_and_phase(request, book: FigureBook):
    today_year = timezone.localdate().year
    year = parse_year(request.GET.get("year"), today_year)
    phase_code = request.GET.get("phase")
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
    return {by: supported_breakdown(year, by) for by in DASHBOARD_BREAKDOWNS}


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
                "code": figure["code"],
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
    book = FigureBook()
    year, phase = _year_and_phase(request, book)
    figures = book.figures(year)
    for figure in figures:
        figure["target_label"] = target_label(figure["target"]) if figure["target"] else ""
    breakdowns = _breakdowns(book, year)
    closing_status = book.closings.get(year, YearClosing.Status.OPEN)
    return render(
        request,
        "reports/dashboard.html",
        {
            "year": year,
            "phase": phase,
            "phases": book.phases,
            "years": list(phase.years) if phase else [year],
            "figures": figures,
            "breakdowns": breakdowns,
            "closing_status": closing_status,
            "closing_label": YearClosing.Status(closing_status).label,
            "locked": closing_status == YearClosing.Status.LOCKED,
            "chart_data": _chart_data(figures, breakdowns),
            "today": timezone.localdate(),
        },
    )


@monitoring_required
def dashboard_export(request):
    """The target-vs-actual table of the phase (and the year's breakdowns) as Excel."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    book = FigureBook()
    year, phase = _year_and_phase(request, book)
    last_year = min(year, timezone.localdate().year)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Targets and actuals")[:31]
    header = [
        _("Code"),
        _("Indicator"),
        _("Unit"),
        _("Counting"),
        _("Year"),
        _("Target"),
        _("Minimum"),
        _("Maximum"),
        _("Actual"),
        _("Source of the figure"),
        _("Status"),
        _("Projection to the phase's end"),
        _("Frozen (year locked)"),
    ]
    sheet.append(header)
    sources = {
        "computed": _("Computed from the records"),
        "manual": _("Entered by staff with evidence"),
        "locked": _("Approved figure"),
        "missing": _("No figure"),
    }
    years = [y for y in (phase.years if phase else [year]) if y <= last_year]
    for indicator in book.indicators:
        for y in years:
            figure = book.figure(indicator, y)
            target = figure["target"]
            projection = figure.get("projection") or {}
            sheet.append(
                [
                    figure["code"],
                    indicator.display_name,
                    str(Indicator.Unit(figure["unit"]).label),
                    str(Indicator.Counting(figure["counting"]).label),
                    y,
                    target_label(target) if target else _("tracked"),
                    target["minimum"] if target else None,
                    target["maximum"] if target else None,
                    figure["actual"],
                    str(sources.get(figure.get("actual_source"), figure.get("actual_source", ""))),
                    str(STATUS_LABELS.get(Status(figure["status"]), figure["status"])),
                    projection.get("value"),
                    _("yes") if figure.get("frozen") else _("no"),
                ]
            )
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="EEF2F7")
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    widths = [18, 60, 14, 22, 8, 28, 12, 12, 16, 28, 22, 18, 12]
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"

    breakdown_sheet = workbook.create_sheet(_("Breakdowns %(year)s") % {"year": year})
    titles = {
        "commune": _("By commune / ward"),
        "industry_section": _("By industry section"),
        "size_class": _("By size class"),
    }
    for by, rows in _breakdowns(book, year).items():
        breakdown_sheet.append([titles[by], _("Organizations")])
        breakdown_sheet[breakdown_sheet.max_row][0].font = bold
        for row in rows:
            breakdown_sheet.append([str(row["label"]), row["count"]])
        breakdown_sheet.append([])
    breakdown_sheet.column_dimensions["A"].width = 50

    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="chi-tieu-thuc-hien-{year}.xlsx"'
    return response


@monitoring_required
def drilldown(request, code: str, year: int):
    """The records a figure counts, one paginated tab per kind of record."""
    indicator = get_object_or_404(Indicator, code=code)
    if not 2000 <= year <= 2100:
        raise Http404
    book = FigureBook(indicators=[indicator])
    figure = book.figure(indicator, year)
    computation = REGISTRY.get(indicator.code)
    sections = []
    if computation is not None and indicator.source == Indicator.Source.COMPUTED:
        sections = computation.sections(book.scope(indicator, year))
    active = None
    page = None
    if sections:
        active = next((s for s in sections if s.key == request.GET.get("section")), sections[0])
        if figure.get("frozen") and "record_ids" in figure:
            ids = figure["record_ids"].get(active.key, [])
            queryset = decorate(
                active.kind, active.queryset.model._default_manager.filter(pk__in=ids)
            )
        else:
            queryset = decorate(active.kind, active.queryset)
        page = Paginator(queryset, DRILLDOWN_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/drilldown.html",
        {
            "indicator": indicator,
            "year": year,
            "figure": figure,
            "target_label": target_label(figure["target"]) if figure["target"] else "",
            "sections": sections,
            "active": active,
            "page": page,
        },
    )
