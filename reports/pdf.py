"""The annual report as a PDF, rendered with WeasyPrint from a frozen snapshot only (never
from live records), so the same figures give the same report.

Fonts are the DejaVu files shipped in static/fonts, declared with @font-face file URLs and set
on `html` and on the @page margin boxes, so nothing else gets embedded.
"""

import base64
import datetime as dt
import logging

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

FONT_FILES = {
    ("DejaVu Serif", "normal", "normal"): "fonts/DejaVuSerif.ttf",
    ("DejaVu Serif", "bold", "normal"): "fonts/DejaVuSerif-Bold.ttf",
    ("DejaVu Serif", "normal", "italic"): "fonts/DejaVuSerif-Italic.ttf",
    ("DejaVu Sans", "normal", "normal"): "fonts/DejaVuSans.ttf",
    ("DejaVu Sans", "bold", "normal"): "fonts/DejaVuSans-Bold.ttf",
}

CHART_STYLE = Style(
    font_family="DejaVu Sans",
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
    "pilot_models",
    "award",
    "budget",
)


def font_face_css() -> str:
    rules = []
    for (family, weight, style), relative in FONT_FILES.items():
        path = finders.find(relative)
        if not path:
            raise FileNotFoundError(f"Font {relative} is missing from static/")
        from pathlib import Path

        rules.append(
            f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
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


def indicator_chart(figure: dict) -> str:
    """A bar chart (pygal SVG) of the target against the actual per year, as a data URI."""
    series = figure.get("series") or []
    chart = pygal.Bar(
        style=CHART_STYLE,
        width=760,
        height=300,
        js=[],
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        print_values=True,
        print_values_position="top",
        value_formatter=_fmt,
        show_y_guides=True,
        margin=12,
        truncate_legend=-1,
        title=figure["name"],
        truncate_title=-1,
    )
    chart.x_labels = [str(point["year"]) for point in series]
    chart.add(_("Actual"), [point["actual"] for point in series])
    cumulative = figure.get("counting") == Indicator.Counting.CUMULATIVE
    target = figure.get("target") or {}
    if any(point["minimum"] is not None for point in series):
        label = (
            _("Straight-line path to the target")
            if cumulative and target.get("milestone")
            else _("Target (minimum)")
        )
        chart.add(label, [point["minimum"] for point in series])
    if any(
        point["maximum"] is not None and point["maximum"] != point["minimum"] for point in series
    ):
        chart.add(_("Target (maximum)"), [point["maximum"] for point in series])
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
    by_group = {group: [] for group in TASK_GROUP_ORDER}
    for figure in indicators:
        by_group.setdefault(figure["task_group"], []).append(figure)
    plan_date = figures["program"].get("plan_date")
    return {
        "f": figures,
        "program": program,
        "year": figures["year"],
        "phase": figures.get("phase"),
        "indicators": indicators,
        "by_group": by_group,
        "breakdowns": figures["breakdowns"],
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
        "page_word": _("Page"),
    }


# The element of the signer block where the Department's digital signature goes (Decree
# 30/2020/NĐ-CP, Appendix I: the signature at the signer's place, above the name).
SIGNATURE_BLOCK_CLASS = "signer-space"


def _render_document(figures: dict, *, report=None):
    from weasyprint import CSS, HTML

    figures = {**figures, "indicators": [dict(entry) for entry in figures["indicators"]]}
    with translation.override("vi"):
        context = report_context(figures, report=report)
        html = render_to_string("reports/pdf/annual_report.html", context)
        return HTML(string=html, base_url=str(settings.BASE_DIR)).render(
            stylesheets=[CSS(string=context["font_css"])]
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
