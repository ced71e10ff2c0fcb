"""The annual report as a PDF, rendered with WeasyPrint from a frozen snapshot only (never
from live records), so the same figures give the same report.

Decree 30/2020/NĐ-CP presentation: one serif metric-compatible with Times New Roman that
covers Vietnamese, Liberation Serif 2 (SIL OFL, vendored in static/fonts with its licence),
declared with @font-face file URLs and set on `html`, on the @page margin boxes and in the
charts, so it is the only font the PDF embeds, on any machine.
"""

import base64
import datetime as dt
import logging
import math
from pathlib import Path

import pygal
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from pygal.style import Style

from .models import Indicator
from .snapshot import checksum
from .status import STATUS_LABELS, Status

# WeasyPrint logs every layout step at INFO; the worker logs need only its warnings.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)  # one INFO line per subset table

# The PDF names each embedded font after this family (pdffonts shows "Liberation-Serif-Bold").
FONT_FAMILY = "Liberation Serif"
FONT_FILES = {  # (weight, style) -> the vendored file
    ("normal", "normal"): "fonts/LiberationSerif-Regular.ttf",
    ("bold", "normal"): "fonts/LiberationSerif-Bold.ttf",
    ("normal", "italic"): "fonts/LiberationSerif-Italic.ttf",
    ("bold", "italic"): "fonts/LiberationSerif-BoldItalic.ttf",
}


def chart_style() -> Style:
    return Style(
        font_family=FONT_FAMILY,
        background="white",
        plot_background="white",
        foreground="#222",
        foreground_strong="#111",
        foreground_subtle="#999",
        colors=("#0b4f8a", "#a50e0e", "#d4a200"),
        label_font_size=11,
        major_label_font_size=11,
        legend_font_size=11,
        value_font_size=10,
        title_font_size=13,
    )


TASK_GROUP_ORDER = (
    "communication",
    "training",
    "support",
    "cab",
    "policies",
    "pilot_models",
    "award",
    "budget",
)


def font_face_css() -> str:
    rules = []
    for (weight, style), relative in FONT_FILES.items():
        path = finders.find(relative)
        if not path:
            raise FileNotFoundError(f"Font {relative} is missing from static/")
        rules.append(
            f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; '
            f'font-style: {style}; src: url("{Path(path).resolve().as_uri()}"); }}'
        )
    return "\n".join(rules)


def _fmt(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and abs(value - round(value)) < 1e-9:
        value = int(round(value))
    elif isinstance(value, float):
        value = round(value, 1)
    return number_format(value, force_grouping=True)


def _whole_ticks(values: list) -> list[int] | None:
    """Whole-number y-axis labels (0 … the largest value): a count of organizations or people
    has no tick at 0,2, nor has an amount in whole đồng."""
    present = [value for value in values if value is not None]
    top = math.ceil(max(present)) if present else 0
    if top <= 0:
        return [0, 1]
    rough = top / 8  # about eight ticks, at 1, 2 or 5 times a power of ten
    magnitude = 10 ** math.floor(math.log10(rough)) if rough >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= rough)
    return list(range(0, top + step, step))


def indicator_chart(figure: dict) -> str:
    """A bar chart (pygal SVG) of the target against the actual per year, as a data URI."""
    series = figure.get("series") or []
    cumulative = figure.get("counting") == Indicator.Counting.CUMULATIVE
    target = figure.get("target") or {}
    lines = [(_("Actual"), [point["actual"] for point in series])]
    if any(point["minimum"] is not None for point in series):
        label = (
            _("Straight-line path to the target")
            if cumulative and target.get("milestone")
            else _("Target (minimum)")
        )
        lines.append((label, [point["minimum"] for point in series]))
    if any(
        point["maximum"] is not None and point["maximum"] != point["minimum"] for point in series
    ):
        lines.append((_("Target (maximum)"), [point["maximum"] for point in series]))
    # Counts and money (whole đồng) alike: whole ticks, never 0,2 of an organization.
    ticks = _whole_ticks([value for _label, values in lines for value in values])
    chart = pygal.Bar(
        style=chart_style(),
        width=760,
        height=300,
        js=[],
        legend_at_bottom=True,
        # One column per line drawn: with fewer lines than columns pygal places the legend
        # below the chart's bottom edge, where it is cut off.
        legend_at_bottom_columns=len(lines),
        print_values=True,
        print_values_position="top",
        value_formatter=_fmt,
        show_y_guides=True,
        margin=12,
        truncate_legend=-1,
        title=figure["name"],
        truncate_title=-1,
        y_labels=ticks,
    )
    chart.x_labels = [str(point["year"]) for point in series]
    for label, values in lines:
        chart.add(label, values)
    svg = chart.render(is_unicode=False)
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _short_place(province_name: str) -> str:
    for prefix in ("Tỉnh ", "tỉnh ", "Thành phố ", "thành phố "):
        if province_name.startswith(prefix):
            return province_name[len(prefix) :]
    return province_name


def _status_text(code) -> str:
    try:
        return str(STATUS_LABELS[Status(code)])
    except (ValueError, KeyError):
        return "—"


def report_context(figures: dict, *, report=None, generated_on: dt.date | None = None) -> dict:
    generated_on = generated_on or timezone.localdate()
    figures_checksum = checksum(figures)  # of the frozen figures, before charts are added
    program = figures["program"]
    indicators = figures["indicators"]
    for figure in indicators:
        figure["chart"] = indicator_chart(figure)
        figure["status_text"] = _status_text(figure["status"])
        projection = figure.get("projection") or {}
        figure["projection_status_text"] = (
            _status_text(projection["status"]) if projection.get("status") else ""
        )
    by_group: dict[str, list[dict]] = {group: [] for group in TASK_GROUP_ORDER}
    for figure in indicators:
        by_group.setdefault(figure["task_group"], []).append(figure)
    plan_date = figures["program"].get("plan_date")
    return {
        "f": figures,
        "program": program,
        "year": figures["year"],
        "phase": figures.get("phase"),
        "indicators": indicators,
        "has_rules": any(figure.get("rule") for figure in indicators),  # older snapshots: none
        # Each indicator's number in the summary table, for the notes that send the reader to
        # its drill-down (a list too long for the report); the code itself is never shown.
        "indicator_number": {
            figure["code"]: number for number, figure in enumerate(indicators, start=1)
        },
        "by_group": by_group,
        "breakdowns": figures["breakdowns"],
        "industry_classification": (figures.get("industry_classification") or {}).get("name", ""),
        "sections": figures["sections"],
        "annexes": figures["annexes"],
        "issuer_parent": "UBND " + program["province_name"].upper(),
        "issuer": program["agency_name"].upper(),
        "place": _short_place(program["province_name"]),
        "plan_date": dt.date.fromisoformat(plan_date) if plan_date else None,
        "generated_on": generated_on,
        "figures_checksum": figures_checksum,
        "report": report,
        "provisional": figures.get("source") != "locked",
        "document": figures.get("document", {}),
        "font_css": font_face_css(),
        "font_family": FONT_FAMILY,
        "page_word": _("Page"),
    }


# The element of the signer block where the Department's digital signature goes (Decree
# 30/2020/NĐ-CP, Appendix I: the signature at the signer's place, above the name).
SIGNATURE_BLOCK_CLASS = "signer-space"


def _render_document(figures: dict, *, report=None):
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    figures = {**figures, "indicators": [dict(entry) for entry in figures["indicators"]]}
    # The @font-face rules load the vendored files only through a font configuration given
    # to both the stylesheet and the layout (without it the system's fonts were used).
    font_config = FontConfiguration()
    with translation.override("vi"):
        context = report_context(figures, report=report)
        html = render_to_string("reports/pdf/annual_report.html", context)
        return HTML(string=html, base_url=str(settings.BASE_DIR)).render(
            stylesheets=[CSS(string=context["font_css"], font_config=font_config)],
            font_config=font_config,
        )


def render_annual_report(figures: dict, *, report=None) -> tuple[bytes, int]:
    """The PDF bytes and its page count."""
    document = _render_document(figures, report=report)
    return document.write_pdf(), len(document.pages)


def render_signed_annual_report(figures: dict, *, report=None):
    """The PDF signed with the Department's certificate in the signer block, and its page
    count: (portal.signing.SignedPdf, pages). Raises what `portal.signing.sign_pdf` raises."""
    from portal import signing

    document = _render_document(figures, report=report)
    area = signing.area_from_layout(document, SIGNATURE_BLOCK_CLASS)
    with translation.override("vi"):
        reason = _("Report on the results of the plan in %(year)s") % {"year": figures["year"]}
    signed = signing.sign_pdf(
        document.write_pdf(),
        area=area,
        reason=reason,
        location=figures["program"].get("province_name", ""),
    )
    return signed, len(document.pages)
