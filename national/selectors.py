"""Reads of the national roll-up: the register with each portal's freshness, and the
dashboard's table of the provinces side by side with the national totals."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from reports.models import Indicator

from .models import ProvincialFigure, ProvincialPortal, ProvincialReport, Pull
from .provinces import provinces

# Counts and money add up across provinces; anything else (a percentage, a ratio, an index,
# an unknown unit) does not: the dashboard shows its lowest, median and highest instead.
SUMMABLE_UNITS = {Indicator.Unit.ORGANIZATIONS, Indicator.Unit.PEOPLE, Indicator.Unit.VND}


def is_summable(unit: str) -> bool:
    return unit in SUMMABLE_UNITS


def is_stale(portal: ProvincialPortal, now: dt.datetime | None = None) -> bool:
    """Stale: never pulled, the last pull failed, or the last success is older than
    NATIONAL_STALE_AFTER_HOURS."""
    if portal.last_success_at is None or portal.last_attempt_failed:
        return True
    now = now or timezone.now()
    return portal.last_success_at < now - dt.timedelta(hours=settings.NATIONAL_STALE_AFTER_HOURS)


def _number(value: Decimal | None):
    """A whole Decimal as an int (no "123,00 tổ chức"), else the Decimal."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()


def portals_with_state():
    now = timezone.now()
    portals = list(ProvincialPortal.objects.select_related("created_by", "updated_by"))
    for portal in portals:
        portal.stale = is_stale(portal, now)
    return portals


def portal_pulls(portal: ProvincialPortal, limit: int = 20):
    return Pull.objects.filter(portal=portal).select_related("started_by")[:limit]


def figure_years() -> list[int]:
    return list(
        ProvincialFigure.objects.order_by("-year").values_list("year", flat=True).distinct()
    )


def default_year(years: list[int]) -> int:
    """The latest year some province has closed, else the latest pulled, else last year."""
    closed = ProvincialFigure.objects.filter(provisional=False).aggregate(year=Max("year"))["year"]
    if closed:
        return closed
    return years[0] if years else timezone.localdate().year - 1


@dataclass
class Column:
    code: str
    name: str
    unit: str
    counting: str
    summable: bool
    total: object = None  # the sum, for summable indicators
    minimum: object = None
    median: object = None
    maximum: object = None
    reporting: int = 0


@dataclass
class ProvinceRow:
    code: str
    name: str
    portal: ProvincialPortal | None
    stale: bool = False
    provisional: bool = False
    snapshot_sha256: str = ""
    cells: list = field(default_factory=list)  # one value (or None) per column
    entries: list = field(default_factory=list)  # (column, value) pairs

    @property
    def reported(self) -> bool:
        return any(value is not None for value in self.cells)


def _columns(codes_seen: dict[str, ProvincialFigure]) -> list[Column]:
    columns = [
        Column(
            code=indicator.code,
            name=indicator.display_name,
            unit=indicator.unit,
            counting=indicator.counting,
            summable=is_summable(indicator.unit),
        )
        for indicator in Indicator.objects.filter(is_active=True)
    ]
    known = {column.code for column in columns}
    # Indicators a province serves that this instance does not know: shown with its names.
    for code, figure in sorted(codes_seen.items()):
        if code not in known:
            columns.append(
                Column(
                    code=code,
                    name=figure.indicator_name or code,
                    unit=figure.unit,
                    counting=figure.counting,
                    summable=is_summable(figure.unit),
                )
            )
    return columns


def national_table(year: int) -> dict:
    """The 34 provinces side by side for `year`: one row per province (its figures or
    nothing), one column per indicator with the national total or the spread."""
    now = timezone.now()
    portals = {portal.province_code: portal for portal in ProvincialPortal.objects.all()}
    figures = list(
        ProvincialFigure.objects.filter(year=year).select_related("portal").order_by("indicator")
    )
    by_province: dict[str, dict[str, ProvincialFigure]] = {}
    codes_seen: dict[str, ProvincialFigure] = {}
    for figure in figures:
        by_province.setdefault(figure.portal.province_code, {})[figure.indicator] = figure
        codes_seen.setdefault(figure.indicator, figure)
    columns = _columns(codes_seen)
    rows = []
    for code, name in provinces():
        portal = portals.get(code)
        own = by_province.get(code, {})
        row = ProvinceRow(code=code, name=name, portal=portal)
        if portal is not None:
            row.stale = is_stale(portal, now)
        row.provisional = any(figure.provisional for figure in own.values())
        row.snapshot_sha256 = next(
            (figure.snapshot_sha256 for figure in own.values() if figure.snapshot_sha256), ""
        )
        row.cells = [_number(own[c.code].actual) if c.code in own else None for c in columns]
        rows.append(row)
    for index, column in enumerate(columns):
        values = [row.cells[index] for row in rows if row.cells[index] is not None]
        column.reporting = len(values)
        if not values:
            continue
        if column.summable:
            column.total = _number(sum((Decimal(value) for value in values), Decimal(0)))
        else:
            column.minimum = min(values)
            column.median = _number(Decimal(str(statistics.median(values))))
            column.maximum = max(values)
    for row in rows:
        row.entries = list(zip(columns, row.cells, strict=True))
    reported = [row for row in rows if row.reported]
    return {
        "year": year,
        "columns": columns,
        "rows": rows,
        "reported": reported,
        "not_reported": [row for row in rows if not row.reported],
        "stale": [row for row in rows if row.portal is not None and row.stale],
        "provinces_total": len(rows),
        "stale_hours": settings.NATIONAL_STALE_AFTER_HOURS,
    }


def province_figures(portal: ProvincialPortal) -> dict:
    """A province's pulled figures by year (newest first) and its reports."""
    years: dict[int, list[ProvincialFigure]] = {}
    for figure in ProvincialFigure.objects.filter(portal=portal).select_related("pull"):
        figure.value = _number(figure.actual)  # type: ignore[attr-defined]
        years.setdefault(figure.year, []).append(figure)
    order = {indicator.code: indicator.order for indicator in Indicator.objects.all()}
    for entries in years.values():
        entries.sort(key=lambda figure: (order.get(figure.indicator, 999), figure.indicator))
    return {
        "years": sorted(years.items(), reverse=True),
        "reports": list(ProvincialReport.objects.filter(portal=portal)),
    }
