"""The annual report counts organizations by industry in one classification (VSIC 2025 by
default): organizations coded in VSIC 2018 are converted, so each section appears once, with
its VSIC 2025 name."""

import datetime as dt
import io
import re

import pytest
from pypdf import PdfReader

from enterprises.industry import SECTIONS, VSIC_2018, VSIC_2025
from reports import services
from reports.models import AnnualReport

from .factories import OrganizationFactory, SupportActivityFactory

pytestmark = pytest.mark.django_db

# (name, version, code, section of that code in its own version)
ORGANIZATIONS = [
    ("Trung tâm Thử nghiệm Một", VSIC_2018, "7120", "M"),
    ("Trung tâm Thử nghiệm Hai", VSIC_2025, "7120", "N"),
    ("Công ty Địa ốc Ba", VSIC_2018, "6810", "L"),
    ("Công ty Địa ốc Bốn", VSIC_2025, "6810", "M"),
    ("Công ty Cơ khí Năm", VSIC_2018, "2592", "C"),
    ("Công ty Cơ khí Sáu", VSIC_2025, "2592", "C"),
    ("Công ty Phần mềm Bảy", VSIC_2018, "6201", "J"),
    ("Công ty Dịch vụ Tám", VSIC_2018, "8299", "N"),
    ("Công ty Dịch vụ Chín", VSIC_2025, "8299", "O"),
]
EXPECTED = {"N": 2, "M": 2, "C": 2, "K": 1, "O": 2}


@pytest.fixture
def mixed(db):
    for index, (name, version, code, section) in enumerate(ORGANIZATIONS):
        organization = OrganizationFactory(
            name=name,
            tax_code=f"{2600100000 + index}",
            industry_classification=version,
            industry_code=code,
            industry_section=section,
        )
        SupportActivityFactory(organization=organization, date=dt.date(2025, 4, 2))


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_annual_report_industry_table_has_each_section_once_with_vsic_2025_names(mixed):
    report = services.annual_report_request(by=None, year=2025, enqueue=False)
    report = services.annual_report_build(report_id=report.pk)
    assert report.status == AnnualReport.Status.SUCCEEDED, report.error

    # The frozen figures: one row per VSIC 2025 section.
    assert report.figures["industry_classification"]["name"] == "VSIC 2025"
    rows = report.figures["breakdowns"]["industry_section"]
    counted = {row["label"].split(" – ")[0]: row["count"] for row in rows}
    assert counted == EXPECTED
    assert len(rows) == len(EXPECTED)
    for row in rows:
        letter, name = row["label"].split(" – ", 1)
        assert name == SECTIONS[VSIC_2025][letter][0]
    # The annex lists each organization under its VSIC 2025 section.
    annex = {
        r["name"]: r["industry_section"] for r in report.figures["annexes"]["organizations"]["rows"]
    }
    assert annex["Trung tâm Thử nghiệm Một"] == annex["Trung tâm Thử nghiệm Hai"] == "N"
    assert annex["Công ty Phần mềm Bảy"] == "K"

    # The PDF's table, between its heading and the next one.
    text = pdf_text(report.file.read())
    table = re.search(r"theo ngành kinh tế \(VSIC 2025\)(.*?)theo xã, phường", text).group(1)
    letters = re.findall(r"(?:^| )([A-V]) – ", table)
    assert sorted(letters) == sorted(EXPECTED)  # each section letter once
    for letter, count in EXPECTED.items():
        name = SECTIONS[VSIC_2025][letter][0]
        assert f"{letter} – {name} {count}" in table, letter
    # The VSIC 2018 names of the re-lettered sections appear nowhere in the table.
    assert f"M – {SECTIONS[VSIC_2018]['M'][0]}" not in table
    assert f"L – {SECTIONS[VSIC_2018]['L'][0]}" not in table
    assert f"J – {SECTIONS[VSIC_2018]['J'][0]}" not in table
