"""Certificate PDFs (WeasyPrint): Vietnamese, landscape A4, DejaVu fonts shipped in
static/fonts, a QR code pointing at the public verification page.

The stylesheet and the font configuration are compiled once per process and reused, and many
certificates render in one WeasyPrint pass (one page each); `render_separately` then writes each
page as its own PDF from that single layout.
"""

import atexit
import base64
import io
from functools import cache
from pathlib import Path

import qrcode
import qrcode.constants
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from portal.models import ProgramSettings

from .models import Enrollment

FONTS_DIR = Path(settings.BASE_DIR) / "static" / "fonts"

CERTIFICATE_CSS = """
@font-face { font-family: "DejaVu Serif"; src: url("DejaVuSerif.ttf"); }
@font-face { font-family: "DejaVu Serif"; font-weight: bold; src: url("DejaVuSerif-Bold.ttf"); }
@font-face { font-family: "DejaVu Serif"; font-style: italic; src: url("DejaVuSerif-Italic.ttf"); }
@font-face { font-family: "DejaVu Sans"; src: url("DejaVuSans.ttf"); }
@font-face { font-family: "DejaVu Sans"; font-weight: bold; src: url("DejaVuSans-Bold.ttf"); }
@page {
  size: A4 landscape;
  margin: 12mm;
  @bottom-right {
    content: string(certno);
    font-family: "DejaVu Sans";
    font-size: 8pt;
    color: #555;
  }
  @bottom-left {
    content: string(agency);
    font-family: "DejaVu Sans";
    font-size: 8pt;
    color: #555;
  }
}
html { font-family: "DejaVu Serif"; color: #1b1b1b; }
body { margin: 0; }
.certificate {
  page-break-after: always;
  box-sizing: border-box;
  height: 185mm;
  border: 3mm double #a50e0e;
  padding: 10mm 16mm;
  position: relative;
  text-align: center;
}
.certificate:last-child { page-break-after: auto; }
/* The margin boxes repeat the number and the agency on every page (set from visible text). */
.number-string { string-set: certno content(); }
.agency-string { string-set: agency content(); }
.nation { font-family: "DejaVu Sans"; font-weight: bold; font-size: 11pt; margin: 0; }
.motto { font-family: "DejaVu Sans"; font-size: 10pt; margin: 1mm 0 6mm; }
.issuer { font-family: "DejaVu Sans"; font-size: 11pt; text-transform: uppercase; margin: 0; }
h1 { font-size: 30pt; color: #a50e0e; margin: 6mm 0 2mm; letter-spacing: 1pt; }
.number { font-family: "DejaVu Sans"; font-size: 10pt; margin: 0 0 2mm; }
.awarded { font-style: italic; font-size: 13pt; margin: 4mm 0 1mm; }
.holder { font-size: 24pt; font-weight: bold; margin: 1mm 0 3mm; color: #0b4f8a; }
.course { font-size: 15pt; font-weight: bold; margin: 2mm 10mm; }
.details { font-size: 11pt; margin: 2mm 0; }
.footer { position: absolute; left: 16mm; right: 16mm; bottom: 10mm; }
.qr { position: absolute; left: 0; bottom: 0; width: 32mm; text-align: center; }
.qr img { width: 30mm; height: 30mm; image-rendering: pixelated; }
.qr p { font-family: "DejaVu Sans"; font-size: 7pt; margin: 1mm 0 0; }
.signature { position: absolute; right: 0; bottom: 0; width: 80mm; font-size: 11pt; }
.signature .title { font-weight: bold; text-transform: uppercase; }
/* The Department's digital signature is placed in this space (portal/signing.py). */
.signature .signature-space { height: 20mm; }
.signature .name { font-weight: bold; }
.meta { font-family: "DejaVu Sans"; font-size: 8.5pt; color: #444; margin-top: 2mm; }
.revoked { color: #b02a37; font-family: "DejaVu Sans"; font-weight: bold; font-size: 14pt; }
"""


@cache
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@cache
def _stylesheet():
    from weasyprint import CSS

    return CSS(string=CERTIFICATE_CSS, base_url=str(FONTS_DIR) + "/", font_config=_font_config())


def _drop_caches() -> None:
    _stylesheet.cache_clear()
    _font_config.cache_clear()


# Drop the cached configuration before interpreter shutdown (its __del__ needs live modules).
atexit.register(_drop_caches)


def verification_url(enrollment: Enrollment) -> str:
    return settings.SITE_URL + reverse(
        "trainings:verify", kwargs={"code": enrollment.verification_code}
    )


def qr_data_uri(text: str) -> str:
    """The QR code as a small PNG data URI: WeasyPrint places a raster image far faster than it
    draws the same code as an SVG path (about 80 ms per certificate)."""
    # A fixed mask pattern skips the scoring of all eight (any mask reads the same).
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=4, border=1, mask_pattern=4
    )
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer, format="PNG", optimize=False)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def certificate_html(enrollments: list[Enrollment]) -> str:
    program = ProgramSettings.load_cached()
    items = []
    for enrollment in enrollments:
        url = verification_url(enrollment)
        items.append(
            {
                "enrollment": enrollment,
                "course": enrollment.course,
                "verify_url": url,
                "qr": qr_data_uri(url),
            }
        )
    with translation.override("vi"):
        return render_to_string(
            "trainings/certificate_pdf.html", {"items": items, "program": program}
        )


def _document(enrollments: list[Enrollment]):
    from weasyprint import HTML

    html = HTML(string=certificate_html(enrollments), base_url=str(FONTS_DIR) + "/")
    return html.render(stylesheets=[_stylesheet()], font_config=_font_config())


def render_certificates(enrollments: list[Enrollment]) -> bytes:
    """One PDF, one page per certificate, in a single WeasyPrint pass."""
    return _document(list(enrollments)).write_pdf()


def render_certificate(enrollment: Enrollment) -> bytes:
    return render_certificates([enrollment])


def render_separately(enrollments: list[Enrollment]) -> list[bytes]:
    """One PDF per certificate, laid out together in one pass and written page by page."""
    enrollments = list(enrollments)
    document = _document(enrollments)
    return [document.copy([page]).write_pdf() for page in document.pages]


SIGNATURE_SPACE_CLASS = "signature-space"


def render_signed_certificate(enrollment: Enrollment):
    """The certificate signed with the Department's certificate in its signature space, where
    the issuer signs (Decree 30/2020/NĐ-CP): a portal.signing.SignedPdf. Raises what
    `portal.signing.sign_pdf` raises."""
    from portal import signing

    document = _document([enrollment])
    area = signing.area_from_layout(document, SIGNATURE_SPACE_CLASS, width_pt=200.0, height_pt=56.0)
    program = ProgramSettings.load_cached()
    with translation.override("vi"):
        from django.utils.translation import gettext

        reason = gettext("Training certificate %(number)s") % {
            "number": enrollment.certificate_number
        }
    return signing.sign_pdf(
        document.write_pdf(), area=area, reason=reason, location=program.province_name
    )


def certificate_filename(enrollment: Enrollment) -> str:
    return f"{enrollment.certificate_number}.pdf"
