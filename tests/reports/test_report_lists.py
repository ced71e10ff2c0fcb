"""The annual report's lists of records (issue 18 item 5).

A list within `REPORTS_ANNEX_MAX_ROWS` is printed whole. A longer one is not printed cut (the
first rows in alphabetical order of 621,260 organizations tell an official nothing, and they
were most of the 160 pages and 50 s of the report at 1,000,000 organizations): the report says
how many there are and where the full list is in the portal. Every table of the PDF has its
columns' widths set and a fixed layout, so WeasyPrint does not measure each cell's text twice
more before laying it out."""

import datetime as dt
import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from enterprises.models import Organization, SupportActivity
from enterprises.selectors import conformity_assessment_bodies_strengthened
from reports.pdf import report_context
from reports.snapshot import build_snapshot

from .factories import OrganizationFactory, SupportActivityFactory
from .test_annual import build, pdf_text

pytestmark = pytest.mark.django_db


def _between(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end, text.index(start))]


def _number(report, code: str) -> int:
    codes = [figure["code"] for figure in report.figures["indicators"]]
    return codes.index(code) + 1


def test_a_list_within_the_cap_is_printed_whole(plan):
    report = build()
    text = pdf_text(report.file.read())
    annex = _between(text, "PHỤ LỤC I", "PHỤ LỤC II")
    for organization in plan.orgs_2025:
        assert organization.name in annex
    assert "quá nhiều để liệt kê" not in text
    # The body's list of the bodies strengthened, with the year's number of them.
    assert report.figures["sections"]["cab"]["this_year_total"] == 1
    assert plan.cab.name in _between(text, "4. Tăng cường năng lực", "5. Chính sách hỗ trợ")


def test_a_list_longer_than_the_cap_is_not_printed_and_the_report_says_where(plan, settings):
    settings.REPORTS_ANNEX_MAX_ROWS = 5
    report = build()
    text = pdf_text(report.file.read())
    annex = _between(text, "PHỤ LỤC I", "PHỤ LỤC II")
    assert not [org.name for org in plan.orgs_2025 if org.name in annex]
    supported = report.figures["annexes"]["organizations"]["total"]
    assert supported == 12
    number = _number(report, "SUPPORTED_ORGS")
    assert (
        f"{supported} tổ chức: quá nhiều để liệt kê trong báo cáo này. Danh sách đầy đủ có trên "
        f"Cổng thông tin, tại trang chi tiết của chỉ tiêu {number} (mục I) năm 2025." in annex
    )
    # The other sections' figures are all still there.
    assert "PHỤ LỤC II" in text
    assert "PHỤ LỤC III" in text


def test_the_bodies_strengthened_are_listed_through_the_kept_table_and_counted(plan, settings):
    second = OrganizationFactory(
        name="Trung tâm Thử nghiệm Hai", kind=Organization.Kind.CONFORMITY_ASSESSMENT_BODY
    )
    SupportActivityFactory(
        organization=second, date=dt.date(2025, 9, 1), kind=SupportActivity.Kind.CAPACITY_BUILDING
    )
    live = sorted(conformity_assessment_bodies_strengthened(2025, 2025).values_list("name"))
    snapshot = build_snapshot(2025)
    assert snapshot["sections"]["cab"]["this_year_total"] == 2
    assert sorted((row["name"],) for row in snapshot["sections"]["cab"]["this_year"]) == live

    settings.REPORTS_ANNEX_MAX_ROWS = 1
    report = build()
    section = _between(
        pdf_text(report.file.read()), "4. Tăng cường năng lực", "5. Chính sách hỗ trợ"
    )
    assert second.name not in section
    assert plan.cab.name not in section
    number = _number(report, "CAB_STRENGTHENED")
    assert "2 tổ chức: quá nhiều để liệt kê" in section
    assert f"chỉ tiêu {number} (mục I) năm 2025" in section


def test_every_table_has_its_columns_widths_and_a_fixed_layout(plan):
    with translation.override("vi"):
        html = render_to_string(
            "reports/pdf/annual_report.html", report_context(build_snapshot(2025))
        )
    assert re.search(r"table\.data\s*\{\s*table-layout:\s*fixed;", html)
    tables = re.findall(
        r"<table class=\"data[^\"]*\">\s*(<colgroup>.*?</colgroup>)?\s*<thead>(.*?)</thead>",
        html,
        flags=re.S,
    )
    assert len(tables) >= 12
    for colgroup, head in tables:
        assert colgroup, head
        widths = [float(w) for w in re.findall(r"width: ([\d.]+)%", colgroup)]
        assert len(widths) == head.count("<th"), head
        assert sum(widths) == pytest.approx(100)
