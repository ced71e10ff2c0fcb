"""What the API publishes, as plain JSON-safe data: aggregates only.

Closed (approved and locked) years come from their frozen snapshot with its SHA-256; open
years are computed now, as the dashboard computes them (provisional). Everything is read
through the selectors and the figure book the dashboard and the annual PDF use, so the API
says what they say. Labels are in Vietnamese, as frozen in the snapshots.

Nothing here returns a record of a person or an organization other than the National
Quality Award winners' names (published on the public site): no tax codes, no contacts.
"""

from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone, translation

from awards import selectors as awards
from enterprises import selectors as enterprises
from portal.models import Phase, ProgramSettings
from reports.figures import FigureBook
from reports.models import AnnualReport, Indicator, YearClosing
from reports.registry import supported_breakdown
from reports.selectors import plan_years_until

from .models import ApiToken

# The API's names for the breakdowns and the snapshot's dimension each reads.
BREAKDOWNS = {"commune": "commune", "industry": "industry_section", "size": "size_class"}


def decimal_text(value) -> str | None:
    """A figure as a decimal string ("123", "1234.5"), None staying None."""
    if value is None:
        return None
    return format(Decimal(str(value)).normalize(), "f")


def classification_code(version: str) -> str:
    """ "vsic2025" → "VSIC2025" (the API's spelling of a classification version)."""
    return (version or "").upper()


def program() -> dict:
    settings_row = ProgramSettings.load()
    return {
        "api_version": "1",
        "province": {"code": settings_row.province_code, "name": settings_row.province_name},
        "program": settings_row.plan_title,
        "plan_number": settings_row.plan_number,
        "agency": settings_row.agency_name,
        "industry_classification": classification_code(settings_row.industry_classification),
        "phases": [
            {
                "id": phase.pk,
                "code": phase.code,
                "name": phase.name,
                "start_year": phase.start_year,
                "end_year": phase.end_year,
            }
            for phase in Phase.objects.order_by("start_year")
        ],
    }


def indicators() -> list[dict]:
    with translation.override("vi"):
        return [
            {
                "code": indicator.code,
                "name": indicator.name,
                "name_en": indicator.name_en,
                "unit": indicator.unit,
                "counting": indicator.counting,
                "source": indicator.source,
                "task_group": indicator.task_group,
                "rule": str(indicator.counting_rule),
            }
            for indicator in Indicator.objects.filter(is_active=True)
        ]


def locked_closings() -> dict[int, YearClosing]:
    """The approved and locked years, with their snapshot checksum (without the snapshot)."""
    return {
        closing.year: closing
        for closing in YearClosing.objects.filter(status=YearClosing.Status.LOCKED)
        .exclude(snapshot__isnull=True)
        .only("year", "status", "snapshot_checksum")
    }


def api_years(*, today=None) -> list[int]:
    """The plan's years up to this one, and any year closed outside them, oldest first."""
    today = today or timezone.localdate()
    return sorted(set(plan_years_until(today.year)) | set(locked_closings()))


def years() -> list[dict]:
    closed = locked_closings()
    return [
        {
            "year": year,
            "closed": year in closed,
            "snapshot_sha256": closed[year].snapshot_checksum if year in closed else None,
        }
        for year in api_years()
    ]


def year_closing(year: int) -> YearClosing | None:
    """The year's locked closing with its snapshot, or None while the year is open (a year
    locked without frozen figures is served as open: provisional, behind a token)."""
    return (
        YearClosing.objects.filter(year=year, status=YearClosing.Status.LOCKED)
        .exclude(snapshot__isnull=True)
        .first()
    )


def _target(target: dict | None) -> dict | None:
    if not target:
        return None
    kind = target.get("kind")
    value = None
    if kind in ("exact", "at_least"):
        value = target.get("minimum")
    elif kind == "at_most":
        value = target.get("maximum")
    return {
        "kind": kind,
        "value": decimal_text(value),
        "minimum": decimal_text(target.get("minimum")),
        "maximum": decimal_text(target.get("maximum")),
        "growth_min_percent": decimal_text(target.get("growth_min_percent")),
        "growth_max_percent": decimal_text(target.get("growth_max_percent")),
        "milestone": bool(target.get("milestone")),
    }


def _figure(entry: dict) -> dict:
    return {
        "indicator": entry["code"],
        "unit": entry["unit"],
        "counting": entry.get("counting", ""),
        "target": _target(entry.get("target")),
        "actual": decimal_text(entry.get("actual")),
        "status": entry.get("status") or "",
    }


def figures(year: int) -> dict:
    """The year's figures: frozen for a locked year, else computed now (provisional)."""
    closing = year_closing(year)
    if closing is not None and closing.snapshot:
        entries = closing.snapshot.get("indicators", [])
        return {
            "year": year,
            "provisional": False,
            "snapshot_sha256": closing.snapshot_checksum,
            "figures": [_figure(entry) for entry in entries],
        }
    with translation.override("vi"):
        # As the dashboard: actuals counted from the records may be reused for a few minutes.
        book = FigureBook(cached=True)
        book.prefetch([year, year - 1])
        entries = book.figures(year)
    return {
        "year": year,
        "provisional": True,
        "snapshot_sha256": None,
        "figures": [_figure(entry) for entry in entries],
    }


def breakdown(year: int, by: str) -> dict:
    """Supported organizations of the year counted per commune, industry section (in the one
    classification the program settings name) or size class."""
    dimension = BREAKDOWNS[by]
    closing = year_closing(year)
    if closing is not None and closing.snapshot:
        snapshot = closing.snapshot
        rows = snapshot.get("breakdowns", {}).get(dimension, [])
        version = (snapshot.get("industry_classification") or {}).get("code", "")
        provisional, sha = False, closing.snapshot_checksum
    else:
        with translation.override("vi"):
            rows = supported_breakdown(year, dimension)
        version = enterprises.breakdown_classification()
        provisional, sha = True, None
    result = {
        "year": year,
        "by": by,
        "provisional": provisional,
        "snapshot_sha256": sha,
        "rows": [
            {
                "key": None if row.get("key") is None else str(row["key"]),
                "label": str(row.get("label") or ""),
                "count": int(row.get("count") or 0),
            }
            for row in rows
        ],
    }
    if by == "industry":
        result["classification"] = classification_code(version)
    return result


def annual_reports() -> QuerySet[AnnualReport]:
    """Every version of every year's report, newest first, without the frozen figures."""
    return AnnualReport.objects.defer("figures").order_by("-year", "-version")


def ready_report(pk: int) -> AnnualReport | None:
    return (
        AnnualReport.objects.defer("figures")
        .filter(pk=pk, status=AnnualReport.Status.SUCCEEDED)
        .exclude(file="")
        .first()
    )


def award_winners() -> list[dict]:
    return [
        {
            "year": nomination.cycle.year,
            "cycle": nomination.cycle.name,
            "organization_name": nomination.organization.name,
            "prize": nomination.level.name if nomination.level else "",
            "prize_code": nomination.level.code if nomination.level else "",
            "category": nomination.category or "",
            "decision_number": nomination.decision_number,
            "decision_date": (
                nomination.decision_date.isoformat() if nomination.decision_date else None
            ),
        }
        for nomination in awards.winners()
    ]


def tokens_for_staff() -> QuerySet[ApiToken]:
    return ApiToken.objects.select_related("created_by", "revoked_by")


def recent_uses(token: ApiToken, limit: int = 100):
    return token.uses.all()[:limit]
