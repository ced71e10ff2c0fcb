"""Access rows for monitoring: officials and staff read; staff change, except that officials
may request a new version of a closed year's report; enterprise users and council members get
403; anonymous visitors go to sign-in."""

from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from tests.access_matrix import MONITORING, STAFF_ONLY, Row, post_only, post_rows

YEAR = 2025

ROWS = [
    Row("reports:dashboard", MONITORING),
    Row("reports:dashboard", MONITORING, query=f"year={YEAR}"),
    Row(
        "reports:dashboard_export",
        {**MONITORING, "staff": "redirect", "official": "redirect"},
        query=f"year={YEAR}",
    ),
    Row(
        "reports:drilldown",
        MONITORING,
        kwargs=lambda w: {"pk": w.reports_supported_orgs.pk, "year": YEAR},
    ),
    Row("reports:target_list", MONITORING),
    Row("reports:target_list", MONITORING, query="kind=at_least&o=-name"),
    Row("reports:target_create", STAFF_ONLY),
    Row("reports:target_detail", MONITORING, kwargs=lambda w: {"pk": w.reports_target.pk}),
    Row("reports:target_edit", STAFF_ONLY, kwargs=lambda w: {"pk": w.reports_target.pk}),
    Row(
        "reports:target_derive",
        post_only(STAFF_ONLY),
        kwargs=lambda w: {"pk": w.reports_target.pk},
    ),
    Row("reports:manual_actual_create", STAFF_ONLY),
    Row("reports:manual_actual_edit", STAFF_ONLY, kwargs=lambda w: {"pk": w.reports_manual.pk}),
    Row(
        "reports:manual_actual_delete",
        post_only(STAFF_ONLY),
        kwargs=lambda w: {"pk": w.reports_manual.pk},
    ),
    Row(
        "reports:manual_actual_evidence",
        MONITORING,
        kwargs=lambda w: {"pk": w.reports_manual.pk},
    ),
    Row("reports:year_list", STAFF_ONLY),
    Row("reports:year_detail", STAFF_ONLY, kwargs={"year": YEAR}),
    Row("reports:year_submit", post_only(STAFF_ONLY), kwargs={"year": YEAR}),
    Row("reports:year_approve", post_only(STAFF_ONLY), kwargs={"year": YEAR}),
    Row("reports:year_return", post_only(STAFF_ONLY), kwargs={"year": YEAR}),
    Row("reports:year_unlock", post_only(STAFF_ONLY), kwargs={"year": YEAR}),
    Row("reports:report_list", MONITORING),
    Row("reports:report_request", post_only(STAFF_ONLY)),
    # A year's button: officials may ask for a new version of a closed year's report (2025 is
    # closed in 2026), not of the current year's; staff build any year's.
    Row("reports:report_year_request", post_only(MONITORING), kwargs={"year": YEAR}),
    Row(
        "reports:report_year_request",
        {**MONITORING, "staff": "redirect", "official": "redirect"},
        kwargs={"year": YEAR},
        method="post",
    ),
    Row(
        "reports:report_year_request",
        {**MONITORING, "staff": "redirect", "official": 403},
        kwargs=lambda w: {"year": timezone.localdate().year},
        method="post",
    ),
    Row("reports:report_status", MONITORING, kwargs=lambda w: {"pk": w.reports_report.pk}),
    Row("reports:report_download", MONITORING, kwargs=lambda w: {"pk": w.reports_report.pk}),
    Row(
        "reports:report_retry", post_only(STAFF_ONLY), kwargs=lambda w: {"pk": w.reports_report.pk}
    ),
    Row("reports:report_signature", MONITORING, kwargs=lambda w: {"pk": w.reports_report.pk}),
    Row(
        "reports:report_signature",
        post_only(MONITORING),  # read-only: a POST gets 405
        kwargs=lambda w: {"pk": w.reports_report.pk},
        method="post",
    ),
]

# Every URL that changes state, POSTed (with an empty form) by each role.
POST_ROWS = post_rows(
    ROWS,
    {
        "reports:target_create": 200,
        "reports:target_edit": 200,
        "reports:target_derive": "redirect",
        "reports:manual_actual_create": 200,
        "reports:manual_actual_edit": 200,
        "reports:manual_actual_delete": "redirect",
        "reports:year_submit": "redirect",
        "reports:year_approve": ("redirect", {"staff": 404}),
        "reports:year_return": ("redirect", {"staff": 404}),
        "reports:year_unlock": ("redirect", {"staff": 404}),
        "reports:report_request": "redirect",
        "reports:report_retry": "redirect",
    },
)

# URLs that only show something: no POST row.
READ_ONLY = {
    "reports:dashboard",
    "reports:dashboard_export",
    "reports:drilldown",
    "reports:target_list",
    "reports:target_detail",
    "reports:manual_actual_evidence",
    "reports:year_list",
    "reports:year_detail",
    "reports:report_list",
    "reports:report_status",
    "reports:report_download",
}


def build_world(w) -> None:
    from reports.models import AnnualReport, Indicator, ManualActual, Target

    w.reports_supported_orgs = Indicator.objects.get(code="SUPPORTED_ORGS")
    w.reports_target = Target.objects.get(
        indicator__code="PILOT_MODELS", year__isnull=True, phase__code="2021-2025"
    )
    manual = ManualActual(
        indicator=Indicator.objects.get(code="CAB_STRENGTHENED"),
        year=YEAR,
        value=Decimal(4),
        reason="Báo cáo của Chi cục Tiêu chuẩn Đo lường Chất lượng",
        entered_by=w.users["staff"],
    )
    manual.evidence.save("bien-ban.pdf", ContentFile(b"%PDF-1.4 evidence"), save=False)
    manual.save()
    w.reports_manual = manual
    report = AnnualReport(
        year=YEAR,
        version=1,
        status=AnnualReport.Status.SUCCEEDED,
        figures={"year": YEAR},
        figures_source=AnnualReport.FiguresSource.PROVISIONAL,
        figures_checksum="0" * 64,
        checksum="1" * 64,
        page_count=1,
    )
    report.file.save(report.download_name, ContentFile(b"%PDF-1.4 report"), save=False)
    report.save()
    w.reports_report = report
