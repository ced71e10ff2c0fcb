"""Item 7 of issue 12: the annual report as Decree 30/2020/NĐ-CP presents an administrative
document: one Times New Roman–metric serif covering Vietnamese (Liberation Serif, vendored in
static/fonts and embedded), and the sizes and weights of Appendix I."""

import datetime as dt
import io
import re

import pytest
from django.contrib.staticfiles import finders
from pypdf import PdfReader

from portal.text import date_in_words
from reports import pdf, services
from reports.models import AnnualReport

pytestmark = pytest.mark.django_db


def build(year=2025):
    report = services.annual_report_request(by=None, year=year, enqueue=False)
    report = services.annual_report_build(report_id=report.pk)
    assert report.status == AnnualReport.Status.SUCCEEDED, report.error
    return report


def embedded_fonts(reader: PdfReader) -> set[str]:
    """The base names of every font the PDF embeds (pages and the charts' form XObjects),
    without the subset prefix ("ABCDEF+")."""
    names: set[str] = set()
    seen: set[int] = set()

    def walk(resources):
        if resources is None:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            base = str(font.get_object()["/BaseFont"]).lstrip("/")
            names.add(base.split("+", 1)[-1])
        for xobject in (resources.get("/XObject") or {}).values():
            ref = getattr(xobject, "idnum", None)
            if ref in seen:
                continue
            seen.add(ref)
            walk(xobject.get_object().get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return names


def text_runs(page) -> list[tuple[str, float, str]]:
    """(text, size in points, font name) of each run drawn on a page."""
    runs = []

    def visit(text, cm, tm, font, size):
        text = " ".join(text.split())
        if text and font is not None:
            points = size * abs(tm[3]) * abs(cm[3])
            runs.append((text, round(points, 1), str(font["/BaseFont"]).split("+", 1)[-1]))

    page.extract_text(visitor_text=visit)
    return runs


def run_starting(runs, start: str) -> tuple[str, float, str]:
    for run in runs:
        if run[0].startswith(start):
            return run
    raise AssertionError(f"{start!r} not drawn; runs: {[r[0] for r in runs]}")


def test_the_font_files_and_their_licence_are_vendored():
    for relative in pdf.FONT_FILES.values():
        assert finders.find(relative), relative
    licence = finders.find("fonts/LICENSE-LiberationSerif.txt")
    assert licence
    with open(licence, encoding="utf-8") as handle:
        assert "SIL OPEN FONT LICENSE Version 1.1" in handle.read()


def test_report_embeds_only_the_decree_serif(plan):
    reader = PdfReader(io.BytesIO(build().file.read()))
    fonts = embedded_fonts(reader)
    assert fonts == {
        "Liberation-Serif",
        "Liberation-Serif-Bold",
        "Liberation-Serif-Italic",
        "Liberation-Serif-Bold-Italic",
    }, fonts
    assert not any("DejaVu" in name for name in fonts)


def test_the_vendored_files_are_embedded_not_a_system_copy(plan, monkeypatch):
    """Under a family name no installed font has, the report still draws every glyph with
    the vendored files: the @font-face rules are what the PDF uses, so it looks the same on a
    machine without the Debian package (CI, the Docker image)."""
    monkeypatch.setattr(pdf, "FONT_FAMILY", "Vendored Decree Serif")
    reader = PdfReader(io.BytesIO(build().file.read()))
    fonts = embedded_fonts(reader)
    assert fonts
    assert all(name.startswith("Vendored-Decree-Serif") for name in fonts), fonts


def test_first_page_and_signature_follow_decree_30_sizes(plan):
    reader = PdfReader(io.BytesIO(build().file.read()))
    first = text_runs(reader.pages[0])

    def check(runs, start, low, high, style):
        text, size, font = run_starting(runs, start)
        assert low <= size <= high, (text, size)
        suffix = {
            "regular": "Liberation-Serif",
            "bold": "Liberation-Serif-Bold",
            "italic": "Liberation-Serif-Italic",
            "bold italic": "Liberation-Serif-Bold-Italic",
        }[style]
        assert font == suffix, (text, font)

    check(first, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, 13, "bold")
    check(first, "Độc lập - Tự do - Hạnh phúc", 13, 14, "bold")
    check(first, "UBND TỈNH PHÚ THỌ", 12, 13, "regular")
    check(first, "SỞ KHOA HỌC VÀ CÔNG NGHỆ", 12, 13, "bold")
    check(first, "Số:", 13, 14, "regular")
    check(first, "Phú Thọ, ngày", 13, 14, "italic")
    check(first, "BÁO CÁO", 13, 14, "bold")
    check(first, "Kết quả thực hiện Kế hoạch số 45/KH-UBND", 13, 14, "bold")
    check(first, "Thực hiện Kế hoạch", 13, 14, "regular")  # the body

    today = dt.date.today()
    first_text = " ".join(run[0] for run in first)
    assert f"Phú Thọ, {date_in_words(today)}" in first_text

    signature_page = next(
        page for page in reader.pages if "Nơi nhận:" in " ".join(page.extract_text().split())
    )
    runs = text_runs(signature_page)
    check(runs, "Nơi nhận:", 12, 12, "bold italic")
    check(runs, "- Ủy ban nhân dân tỉnh", 11, 11, "regular")
    check(runs, "GIÁM ĐỐC", 13, 14, "bold")
    check(runs, "Nguyễn Văn Bình", 13, 14, "bold")


def test_pages_are_numbered_from_the_second_as_before(plan):
    reader = PdfReader(io.BytesIO(build().file.read()))
    total = len(reader.pages)
    assert not re.search(r"Trang \d+/\d+", reader.pages[0].extract_text())
    assert f"Trang 2/{total}" in reader.pages[1].extract_text()
