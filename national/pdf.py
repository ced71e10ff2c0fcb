"""The national annual report as a PDF: the provinces' figures side by side with the national
totals, in the same Decree 30/2020/NĐ-CP layout and Liberation Serif as the provincial report
(reports/pdf.py and its styles, templates/reports/pdf/_decree30_styles.html)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.models import ProgramSettings
from reports.pdf import FONT_FAMILY, font_face_css
from reports.snapshot import checksum

RECIPIENTS = ("Bộ Khoa học và Công nghệ (để b/c)", "UBND các tỉnh, thành phố", "Lưu: VT")


def _table_data(table: dict) -> dict:
    """What the figures checksum covers: every value printed in the tables."""
    return {
        "year": table["year"],
        "columns": [
            [c.code, c.unit, str(c.total), str(c.minimum), str(c.median), str(c.maximum)]
            for c in table["columns"]
        ],
        "rows": [[row.code, [str(value) for value in row.cells]] for row in table["rows"]],
    }


def national_report_context(table: dict) -> dict:
    program = ProgramSettings.load()
    generated_on = timezone.localdate()
    columns = table["columns"]
    per_indicator = [
        {"column": column, "rows": [(row, row.cells[index]) for row in table["rows"]]}
        for index, column in enumerate(columns)
    ]
    return {
        **table,
        "per_indicator": per_indicator,
        "program": program,
        "issuer_parent": settings.NATIONAL_ISSUER_PARENT,
        "issuer": program.agency_name.upper(),
        "place": "Hà Nội",
        "generated_on": generated_on,
        "figures_checksum": checksum(_table_data(table)),
        "recipients": RECIPIENTS,
        "font_css": font_face_css(),
        "font_family": FONT_FAMILY,
        "page_word": _("Page"),
    }


def render_national_report(table: dict) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    with translation.override("vi"):
        context = national_report_context(table)
        html = render_to_string("national/pdf/national_report.html", context)
        document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(
            stylesheets=[CSS(string=context["font_css"], font_config=font_config)],
            font_config=font_config,
        )
    return document.write_pdf()
