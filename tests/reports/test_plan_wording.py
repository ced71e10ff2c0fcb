"""What officials read, checked against the plan's wording (issue 12, items 2–6): who counts as
supported, pilot models built, whole-number targets and ended phases, names instead of codes,
and every task group of the plan in the annual report."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from enterprises import services as enterprise_services
from enterprises.models import PilotModel, SharingEvent, SupportActivity
from portal.models import Policy, ProgramSettings
from reports import services
from reports.figures import FigureBook
from reports.models import AnnualReport, Indicator, ManualActual, YearClosing
from reports.pdf import render_annual_report
from reports.snapshot import build_snapshot
from trainings.models import Course, Enrollment

from .conftest import drilldown_url
from .factories import (
    CourseFactory,
    EnrollmentFactory,
    OrganizationFactory,
    PilotModelFactory,
    SupportActivityFactory,
)

pytestmark = pytest.mark.django_db

CODES = (
    "SUPPORTED_ORGS",
    "EXPERTS_TRAINED",
    "PILOT_MODELS",
    "NQA_WINNERS",
    "AWARENESS_REACH",
    "CAB_STRENGTHENED",
    "MGMT_TRAINED",
    "BUDGET_SPENT",
)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def figure(code: str, year: int, today=dt.date(2026, 3, 1)) -> dict:
    return FigureBook(today=today).figure(Indicator.objects.get(code=code), year)


def _staff():
    from tests.conftest import make_user

    return make_user("program_staff", "chi-tieu@example.vn")


# --- 2. organizations supported: "được phổ biến, đào tạo, hướng dẫn áp dụng" -------------------


@pytest.fixture
def trained(plan):
    """Organizations whose people took courses in 2025, with no support activity."""
    seminar = CourseFactory(
        kind=Course.Kind.AWARENESS, starts_on=dt.date(2025, 5, 5), ends_on=dt.date(2025, 5, 5)
    )
    tools = CourseFactory(
        kind=Course.Kind.TOOL, starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2025, 9, 3)
    )
    management = CourseFactory(
        kind=Course.Kind.MANAGEMENT, starts_on=dt.date(2025, 10, 1), ends_on=dt.date(2025, 10, 2)
    )
    plan.seminar_org = OrganizationFactory(name="Hợp tác xã Chè Long Cốc")
    plan.tools_org = OrganizationFactory(name="Công ty TNHH Gốm Thanh Sơn")
    plan.cancelled_org = OrganizationFactory(name="Công ty Cổ phần Hủy Đăng Ký")
    plan.management_org = OrganizationFactory(name="Ban Quản lý Khu công nghiệp")
    EnrollmentFactory(
        course=seminar, organization=plan.seminar_org, status=Enrollment.Status.ATTENDED
    )
    EnrollmentFactory(course=tools, organization=plan.tools_org, status=Enrollment.Status.PASSED)
    # Also trained by a course: an organization already supported (counted once).
    EnrollmentFactory(
        course=tools, organization=plan.orgs_2025[0], status=Enrollment.Status.ATTENDED
    )
    EnrollmentFactory(
        course=seminar, organization=plan.cancelled_org, status=Enrollment.Status.CANCELLED
    )
    EnrollmentFactory(
        course=management, organization=plan.management_org, status=Enrollment.Status.ATTENDED
    )
    return plan


def test_an_organization_whose_people_completed_a_course_is_supported(trained, official_client):
    supported = figure("SUPPORTED_ORGS", 2025)
    assert supported["actual"] == 12 + 2  # the seminar's and the tool course's organizations
    html = official_client.get(drilldown_url("SUPPORTED_ORGS", 2025)).content.decode()
    # The drill-down lists exactly the organizations counted.
    assert "14 bản ghi" in html
    assert "Hợp tác xã Chè Long Cốc" in html
    assert "Công ty TNHH Gốm Thanh Sơn" in html
    assert "Công ty Cổ phần Hủy Đăng Ký" not in html
    assert "Ban Quản lý Khu công nghiệp" not in html
    # The rule is said in words, the same text the report's notes print.
    rule = Indicator.objects.get(code="SUPPORTED_ORGS").counting_rule
    assert "phổ biến, đào tạo, hướng dẫn áp dụng" in rule
    assert "hội thảo nâng cao nhận thức" in rule
    assert supported["rule"] == rule
    assert rule in " ".join(html.split())


def test_breakdowns_group_the_organizations_counted_by_kind_of_support(trained):
    snapshot = build_snapshot(2025)
    by_kind = {row["key"]: row for row in snapshot["breakdowns"]["kind"]}
    assert set(by_kind) <= set(SupportActivity.Kind.values)  # kinds of support, not of orgs
    assert by_kind["dissemination"]["count"] == 1  # the awareness seminar
    assert by_kind["dissemination"]["label"] == "Phổ biến, tuyên truyền"
    assert by_kind["training"]["count"] == 2  # tool course (one of them also in the ledger)
    by_size = snapshot["breakdowns"]["size_class"]
    assert sum(row["count"] for row in by_size) == 14  # every organization counted, once
    assert snapshot["annexes"]["organizations"]["total"] == 14


# --- 3. pilot models 2026–2030: "đã xây dựng" ---------------------------------------------------


def test_pilot_models_from_2026_count_when_built_and_show_selected_beside(plan, official_client):
    built = OrganizationFactory(name="Công ty Cổ phần Chè Đã Xây Dựng")
    recognised = OrganizationFactory(name="Công ty Cổ phần Gạch Đã Công Nhận")
    chosen = OrganizationFactory(name="Công ty TNHH Mới Chọn")
    PilotModelFactory(
        organization=built,
        selected_on=dt.date(2025, 6, 1),  # selected in the last phase, built in this one
        status=PilotModel.Status.EVALUATED,
        evaluated_on=dt.date(2026, 5, 4),
    )
    PilotModelFactory(
        organization=recognised,
        selected_on=dt.date(2026, 1, 10),
        status=PilotModel.Status.RECOGNIZED,
        evaluated_on=dt.date(2026, 6, 1),
        recognized_on=dt.date(2026, 8, 1),
    )
    PilotModelFactory(organization=chosen, selected_on=dt.date(2026, 2, 1))
    pilots = figure("PILOT_MODELS", 2026, today=dt.date(2026, 12, 1))
    assert pilots["actual"] == 2  # built, not the one only selected
    assert pilots["details"] == {"pilot_selected": 2, "pilot_built": 2}
    assert pilots["status"] in ("on_track", "at_risk", "off_track")  # ≥ 5 by 2030
    # Implementing is not built yet.
    PilotModel.objects.filter(organization=chosen).update(
        status=PilotModel.Status.IMPLEMENTING, implementation_started_on=dt.date(2026, 3, 1)
    )
    assert figure("PILOT_MODELS", 2026, today=dt.date(2026, 12, 1))["actual"] == 2
    html = official_client.get(drilldown_url("PILOT_MODELS", 2026)).content.decode()
    assert "Tổ chức có mô hình điểm đã được lựa chọn" in html
    assert "Công ty Cổ phần Chè Đã Xây Dựng" in html
    assert "Công ty TNHH Mới Chọn" not in html
    selected_tab = official_client.get(
        drilldown_url("PILOT_MODELS", 2026), {"section": "selected"}
    ).content.decode()
    assert "Công ty TNHH Mới Chọn" in selected_tab
    # 2021–2025 still counts the models selected ("lựa chọn ít nhất 02 doanh nghiệp").
    assert figure("PILOT_MODELS", 2025)["actual"] == 3


# --- 4. whole numbers, ended phases, the 2020 baseline -----------------------------------------


def _manual(code: str, year: int, value) -> None:
    ManualActual.objects.create(
        indicator=Indicator.objects.get(code=code),
        year=year,
        value=Decimal(value),
        reason="Báo cáo tổng hợp của Sở",
        evidence=ContentFile(b"%PDF-1.7\n", name="bb.pdf"),
    )


def test_growth_targets_are_whole_organizations_rounded_up(plan):
    from reports.status import whole_count  # the rounding rule, written once

    assert whole_count(Decimal("154.35")) == 155
    assert whole_count(Decimal("161.7")) == 162
    assert whole_count(Decimal("38")) == 38
    _manual("SUPPORTED_ORGS", 2024, 147)  # 5–10 % more in 2025: 154.35–161.7
    _manual("SUPPORTED_ORGS", 2025, 162)
    supported = figure("SUPPORTED_ORGS", 2025)
    assert (supported["target"]["minimum"], supported["target"]["maximum"]) == (155, 162)
    assert "155–162" in supported["target"]["label"]
    assert supported["status"] == "achieved"  # 162 organizations are the 10 % target, not above
    assert "tối thiểu 155, tối đa 162" in supported["target"]["derivation"]
    assert "154,35" not in supported["target"]["derivation"]
    # The straight-line path of a cumulative target is whole too.
    pilots = figure("PILOT_MODELS", 2023, today=dt.date(2023, 12, 31))
    assert pilots["expected"] == 2  # 2 × 3/5 = 1.2 → 2 organizations
    assert all(
        point["minimum"] is None or float(point["minimum"]).is_integer()
        for point in pilots["series"]
    )


def test_an_ended_phase_forecasts_its_actual_and_no_budget(plan):
    # 2023 seen after the phase's end: the phase ended with 12 experts, not the 10 that the
    # pace of 2023 pointed to.
    experts = figure("EXPERTS_TRAINED", 2023)
    assert experts["projection"]["value"] == 12
    assert experts["projection"]["method"] == "actual"
    assert experts["projection"]["status"] == "achieved"
    assert figure("EXPERTS_TRAINED", 2025)["projection"]["value"] == 12
    assert figure("BUDGET_SPENT", 2025)["projection"] is None
    assert figure("NQA_WINNERS", 2025)["projection"]["status"] == "not_achieved"
    # While the phase runs, the pace still forecasts.
    running = figure("EXPERTS_TRAINED", 2023, today=dt.date(2024, 1, 10))
    assert running["projection"]["method"] == "cumulative_pace"


def test_2021_takes_its_baseline_from_the_program_settings(plan, staff_client):
    SupportActivityFactory(organization=OrganizationFactory(), date=dt.date(2021, 5, 5))
    before = figure("SUPPORTED_ORGS", 2021)
    assert before["status"] == "no_baseline"
    assert "Thiết lập chương trình" in before["target"]["derivation"]
    form = staff_client.get(reverse("portal:program_settings")).content.decode()
    assert "năm trước Kế hoạch (năm 2020)" in form
    program = ProgramSettings.load()
    data = {
        field: getattr(program, field) or ""
        for field in (
            "province_name",
            "people_committee_name",
            "agency_name",
            "plan_number",
            "plan_title",
            "ministry_report_deadline",
            "report_signer_name",
            "report_signer_title",
        )
    }
    data.update(plan_date="26/02/2021", baseline_supported_organizations="30")
    response = staff_client.post(reverse("portal:program_settings"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ProgramSettings.load().baseline_supported_organizations == 30
    after = figure("SUPPORTED_ORGS", 2021)
    # 30 × 1.05 = 31.5 → 32; 30 × 1.10 = 33.
    assert (after["target"]["minimum"], after["target"]["maximum"]) == (32, 33)
    assert after["status"] == "not_achieved"  # one organization in 2021
    assert "Số liệu năm 2020 (thiết lập chương trình): 30" in after["target"]["derivation"]
    # The phase's growth is judged from the 2020 figure too.
    assert figure("SUPPORTED_ORGS", 2025)["projection"]["growth_percent"] is not None


# --- 5. names, never codes -----------------------------------------------------------------------


def test_no_indicator_code_reaches_the_dashboard_drilldown_or_excel(
    plan, official_client, django_capture_on_commit_callbacks
):
    pages = [official_client.get(reverse("reports:dashboard"), {"year": 2025}).content.decode()]
    for indicator in Indicator.objects.all():
        pages.append(
            official_client.get(
                reverse("reports:drilldown", args=[indicator.pk, 2025])
            ).content.decode()
        )
    pages.append(official_client.get(reverse("reports:target_list")).content.decode())
    for html in pages:
        for code in CODES:
            assert code not in html
    assert Indicator.objects.get(code="SUPPORTED_ORGS").name in pages[0]
    # The export runs as a job (portal.exports); its file is what the official downloads.
    from portal.models import ExportJob

    with django_capture_on_commit_callbacks(execute=True):
        official_client.get(reverse("reports:dashboard_export"), {"year": 2025})
    job = ExportJob.objects.latest("id")
    assert job.status == ExportJob.Status.DONE, job.error
    download = official_client.get(reverse("portal:export_download", args=[job.pk]))
    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    cells = [
        str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    assert not [cell for cell in cells if any(code in cell for code in CODES)]
    assert Indicator.objects.get(code="BUDGET_SPENT").name in cells


def test_the_report_shows_kinds_of_support_and_says_the_year_of_one_year_tables(trained):
    report = _build(2025)
    text = pdf_text(report.file.read())
    kinds = text.split("Tổ chức được hỗ trợ năm 2025 theo hình thức hỗ trợ", 1)[1][:200]
    assert "Phổ biến, tuyên truyền" in kinds
    assert "Đào tạo" in kinds
    assert "Doanh nghiệp" not in kinds.split("Tổ chức được hỗ trợ năm 2025 theo quy mô")[0]
    for heading in (
        "Tổ chức được hỗ trợ năm 2025 theo nhóm giải pháp",
        "Tổ chức được hỗ trợ năm 2025 theo quy mô",
        "Tổ chức được hỗ trợ năm 2025 theo xã, phường",
        "Hoạt động thông tin, tuyên truyền năm 2025 theo hình thức",
        "Các khóa đào tạo, tập huấn năm 2025 theo loại",
    ):
        assert heading in text, heading
    for code in CODES:
        assert code not in text
    assert "Cách tính các chỉ tiêu" in text


def _chart_svg(figure: dict) -> str:
    import base64

    from reports.pdf import indicator_chart

    return base64.b64decode(indicator_chart(figure).split(",", 1)[1]).decode()


@pytest.mark.parametrize("lines", [1, 2, 3])
def test_chart_legends_are_not_clipped_and_counts_have_whole_ticks(lines):
    """The legend of a report chart lies inside the chart, whatever the number of lines drawn
    (pygal put it below the edge when there were fewer lines than legend columns)."""
    series = [
        {
            "year": year,
            "actual": index % 3,
            "minimum": index + 1 if lines > 1 else None,
            "maximum": 2 * index + 3 if lines > 2 else (index + 1 if lines > 1 else None),
        }
        for index, year in enumerate(range(2021, 2026))
    ]
    svg = _chart_svg(
        {
            "name": "Số doanh nghiệp xây dựng mô hình điểm",
            "unit": "organizations",
            "counting": "cumulative",
            "target": {"milestone": True},
            "series": series,
        }
    )
    height = float(re.search(r'viewBox="0 0 [\d.]+ ([\d.]+)"', svg).group(1))
    legend_top = float(re.search(r'translate\([\d.]+, ([\d.]+)\)" class="legends"', svg).group(1))
    assert svg.count('class="legend reactive') == lines
    assert legend_top + 14 <= height  # a line of 11 px text with its box, inside the chart
    ticks = re.findall(r'<g class="guides"><path[^>]*/><text[^>]*>([^<]+)</text>', svg)
    assert ticks
    assert all("," not in tick for tick in ticks), ticks


# --- 6. every task group of the plan ---------------------------------------------------------------


def _build(year: int):
    report = services.annual_report_request(by=None, year=year, enqueue=False)
    report = services.annual_report_build(report_id=report.pk)
    assert report.status == AnnualReport.Status.SUCCEEDED, report.error
    return report


@pytest.fixture
def policies_and_sharing(plan, staff_user):
    Policy.objects.create(
        title="Quy định mức chi hỗ trợ doanh nghiệp nâng cao năng suất chất lượng",
        slug="muc-chi-ho-tro",
        status=Policy.Status.ISSUED,
        decision_number="12/2022/NQ-HĐND",
        decision_date=dt.date(2022, 7, 14),
        issuing_body="Hội đồng nhân dân tỉnh",
        effective_from=dt.date(2022, 7, 24),
    )
    Policy.objects.create(
        title="Chính sách khuyến khích áp dụng công cụ cải tiến năm 2025",
        slug="khuyen-khich-2025",
        status=Policy.Status.ISSUED,
        decision_number="05/2025/QĐ-UBND",
        decision_date=dt.date(2025, 3, 2),
        effective_from=dt.date(2025, 3, 15),
    )
    Policy.objects.create(
        title="Chính sách cũ đã hết hiệu lực",
        slug="cu",
        status=Policy.Status.EXPIRED,
        decision_number="01/2018/QĐ-UBND",
        decision_date=dt.date(2018, 1, 5),
        effective_from=dt.date(2018, 1, 15),
        effective_to=dt.date(2023, 12, 31),
    )
    model = PilotModel.objects.get(organization=plan.orgs_2025[2])
    SharingEvent.objects.create(
        pilot_model=model,
        kind=SharingEvent.Kind.WORKSHOP,
        date=dt.date(2025, 10, 10),
        title="Hội thảo chia sẻ mô hình Lean",
        participants=45,
        organizations_attending=18,
    )
    enterprise_services.pilot_replication_add(
        pilot=model,
        organization=plan.orgs_2025[6],
        replicated_on=dt.date(2025, 11, 20),
        notes="Áp dụng 5S và Kaizen",
        by=staff_user,
    )
    return plan


def test_the_report_covers_policies_sharing_and_replication(policies_and_sharing):
    snapshot = build_snapshot(2025)
    policies = snapshot["sections"]["policies"]
    assert policies["in_force"]["total"] == 2  # the 2018 policy ended before 2025
    assert policies["adopted"]["total"] == 1
    pilots = snapshot["sections"]["pilot_models"]
    assert pilots["sharing"]["events"] == 1
    assert pilots["sharing"]["participants"] == 45
    assert pilots["replications"]["organizations"] == 1
    text = pdf_text(_build(2025).file.read())
    assert "Chính sách hỗ trợ" in text
    assert "Năm 2025 có 2 chính sách hỗ trợ của tỉnh còn hiệu lực" in text
    assert "Chính sách khuyến khích áp dụng công cụ cải tiến năm 2025" in text
    assert "Chính sách cũ đã hết hiệu lực" not in text
    assert "Mô hình điểm, chia sẻ và nhân rộng" in text
    assert "1 cuộc tham quan, hội thảo đã chia sẻ mô hình điểm với 45 lượt người" in text
    assert "1 tổ chức đã nhân rộng mô hình" in text
    assert "Hội thảo chia sẻ mô hình Lean" in text


def test_staff_record_a_replication_on_the_pilot_model_page(plan, staff_client):
    model = PilotModel.objects.get(organization=plan.orgs_2025[2])
    url = reverse("enterprises:pilot_replication_new", args=[model.pk])
    own = staff_client.post(
        url, {"tax_code": model.organization.tax_code, "replicated_on": "20/11/2025"}, follow=True
    )
    assert "không thể là tổ chức nhân rộng" in own.content.decode()
    page = staff_client.post(
        url,
        {
            "tax_code": plan.orgs_2025[7].tax_code,
            "replicated_on": "20/11/2025",
            "notes": "Áp dụng 5S",
        },
        follow=True,
    ).content.decode()
    assert "Đã ghi nhận tổ chức nhân rộng mô hình." in page
    assert plan.orgs_2025[7].name in page.split('data-testid="replications"')[1]
    replication = model.replications.get()
    assert replication.recorded_by.email == "staff@example.vn"
    staff_client.post(reverse("enterprises:pilot_replication_delete", args=[replication.pk]))
    assert not model.replications.exists()


def test_an_old_snapshot_without_the_new_sections_still_renders(plan, staff_user, lead_user):
    closing = services.year_submit(year=2025, by=staff_user)
    services.year_approve(closing=closing, by=lead_user)
    old = closing.snapshot
    old["schema"] = 1
    del old["sections"]["policies"]
    for key in ("counts_built", "selected_phase", "built_phase", "models", "sharing"):
        del old["sections"]["pilot_models"][key]
    del old["sections"]["pilot_models"]["replications"]
    for entry in old["indicators"]:
        del entry["rule"]
        entry["record_ids"].pop("selected", None)
    YearClosing.objects.filter(pk=closing.pk).update(snapshot=old)
    data, pages = render_annual_report(old)
    text = pdf_text(data)
    assert pages >= 5
    assert "Số liệu đã khóa của năm này được lập trước khi báo cáo có mục này." in text
    assert "Mô hình điểm được lựa chọn năm 2025 theo bước triển khai" in text


# --- acceptance: the report of a demo province ------------------------------------------------------


def test_generate_annual_report_on_the_demo_province_has_no_code_and_no_fractional_count(
    db, tmp_path
):
    call_command("seed_demo", stdout=io.StringIO())
    output = tmp_path / "bao-cao-2025.pdf"
    call_command("generate_annual_report", "2025", output=str(output), stdout=io.StringIO())
    text = pdf_text(output.read_bytes())
    for code in Indicator.objects.values_list("code", flat=True):
        assert code not in text
    # No fractional count: a decimal comma only in percentages (growth per year).
    fractions = [
        match.group(0) for match in re.finditer(r"\d+,\d+(?!\d)(\s*%)?", text) if not match.group(1)
    ]
    assert fractions == []
    assert "Cách tính các chỉ tiêu" in text
    assert "Chính sách hỗ trợ" in text
