"""The endpoints say what the dashboard and the frozen snapshots say."""

import csv
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from api.selectors import decimal_text
from reports.figures import FigureBook
from reports.models import AnnualReport, Indicator
from reports.registry import supported_breakdown
from reports.snapshot import checksum

from .conftest import bearer

pytestmark = pytest.mark.django_db


def test_program_names_the_province_the_classification_and_the_phases(client, plan):
    from portal.models import ProgramSettings

    settings_row = ProgramSettings.load()
    settings_row.province_code = "25"
    settings_row.save()
    data = client.get("/api/v1/program/").json()
    assert data["api_version"] == "1"
    assert data["province"] == {"code": "25", "name": "Tỉnh Phú Thọ"}
    assert data["industry_classification"] == "VSIC2025"
    assert [(p["start_year"], p["end_year"]) for p in data["phases"]] == [
        (2021, 2025),
        (2026, 2030),
    ]
    assert data["program"] == settings_row.plan_title


def test_indicators_carry_their_code_and_counting_rule(client, plan):
    data = client.get("/api/v1/indicators/").json()
    codes = [row["code"] for row in data]
    assert codes == list(Indicator.objects.filter(is_active=True).values_list("code", flat=True))
    supported = next(row for row in data if row["code"] == "SUPPORTED_ORGS")
    with __import__("django.utils.translation").utils.translation.override("vi"):
        rule = str(Indicator.objects.get(code="SUPPORTED_ORGS").counting_rule)
    assert supported["rule"] == rule
    assert rule
    assert supported["counting"] == "per_year"
    assert supported["unit"] == "organizations"
    assert supported["task_group"] == "support"


def test_years_say_which_are_closed_with_the_snapshot_checksum(client, locked_2025):
    data = {row["year"]: row for row in client.get("/api/v1/years/").json()}
    assert data[2025] == {
        "year": 2025,
        "closed": True,
        "snapshot_sha256": locked_2025.snapshot_checksum,
    }
    assert data[2024] == {"year": 2024, "closed": False, "snapshot_sha256": None}
    assert min(data) == 2021


def test_a_closed_years_figures_are_the_frozen_snapshot_and_public(client, locked_2025):
    response = client.get("/api/v1/years/2025/figures/")
    assert response.status_code == 200
    data = response.json()
    assert data["provisional"] is False
    assert data["snapshot_sha256"] == locked_2025.snapshot_checksum
    assert checksum(locked_2025.snapshot) == data["snapshot_sha256"]
    frozen = {entry["code"]: entry for entry in locked_2025.snapshot["indicators"]}
    assert [f["indicator"] for f in data["figures"]] == list(frozen)
    for figure in data["figures"]:
        entry = frozen[figure["indicator"]]
        assert figure["actual"] == decimal_text(entry["actual"])
        assert figure["status"] == entry["status"]
    by_code = {f["indicator"]: f for f in data["figures"]}
    assert by_code["SUPPORTED_ORGS"]["actual"] == "12"
    assert by_code["BUDGET_SPENT"]["actual"] == "295000000"
    assert by_code["EXPERTS_TRAINED"]["target"]["minimum"] == "10"
    assert by_code["EXPERTS_TRAINED"]["target"]["maximum"] == "20"


def test_closed_figures_do_not_move_when_records_change(client, locked_2025, plan):
    from tests.reports.factories import SupportActivityFactory

    before = client.get("/api/v1/years/2025/figures/").json()
    # A record added later (as if dated in the closed year through the admin) changes nothing.
    SupportActivityFactory.build(organization=plan.orgs_2025[0])
    assert client.get("/api/v1/years/2025/figures/").json() == before


def test_the_open_years_figures_are_provisional_and_match_the_dashboard(client, plan, staff_user):
    from .conftest import issue

    issued = issue(staff_user)
    response = client.get("/api/v1/years/2025/figures/", **bearer(issued.secret))
    assert response.status_code == 200
    data = response.json()
    assert data["provisional"] is True
    assert data["snapshot_sha256"] is None
    book = FigureBook(cached=True)
    expected = {f["code"]: decimal_text(f["actual"]) for f in book.figures(2025)}
    assert {f["indicator"]: f["actual"] for f in data["figures"]} == expected
    assert expected["SUPPORTED_ORGS"] == "12"
    assert expected["AWARENESS_REACH"] == "2505"


def test_the_dashboard_shows_the_apis_closed_figure(staff_client, client, locked_2025):
    """The figure the API gives for a closed year is the one the dashboard card shows."""
    from tests.reports.conftest import card

    html = staff_client.get(reverse("reports:dashboard") + "?year=2025").content.decode()
    api = {f["indicator"]: f for f in client.get("/api/v1/years/2025/figures/").json()["figures"]}
    assert api["SUPPORTED_ORGS"]["actual"] == "12"
    assert ">12<" in card(html, "SUPPORTED_ORGS").replace(" ", "")


def test_breakdowns_of_a_closed_year_come_from_the_snapshot(client, locked_2025):
    for by, dimension in (
        ("commune", "commune"),
        ("industry", "industry_section"),
        ("size", "size_class"),
    ):
        data = client.get(f"/api/v1/years/2025/breakdowns/?by={by}").json()
        frozen = locked_2025.snapshot["breakdowns"][dimension]
        assert [(r["label"], r["count"]) for r in data["rows"]] == [
            (row["label"], row["count"]) for row in frozen
        ]
        assert data["snapshot_sha256"] == locked_2025.snapshot_checksum
        assert data["provisional"] is False
        assert ("classification" in data) == (by == "industry")
    industry = client.get("/api/v1/years/2025/breakdowns/?by=industry").json()
    assert industry["classification"] == "VSIC2025"
    assert sum(row["count"] for row in industry["rows"]) == 12
    size = client.get("/api/v1/years/2025/breakdowns/?by=size").json()
    assert {row["key"]: row["count"] for row in size["rows"]}["small"] == 8


def test_breakdowns_of_an_open_year_are_live_behind_a_token(client, plan, token):
    assert client.get("/api/v1/years/2025/breakdowns/?by=commune").status_code == 401
    data = client.get("/api/v1/years/2025/breakdowns/?by=commune", **bearer(token.secret)).json()
    assert data["provisional"] is True
    expected = supported_breakdown(2025, "commune")
    assert [(r["key"], r["count"]) for r in data["rows"]] == [
        (row["key"], row["count"]) for row in expected
    ]


def test_an_unknown_breakdown_or_year_is_refused_clearly(client, locked_2025):
    response = client.get("/api/v1/years/2025/breakdowns/?by=tax_code")
    assert response.status_code == 400
    assert "by=commune|industry|size" in response.json()["detail"]
    assert client.get("/api/v1/years/1999/figures/").status_code == 404
    assert client.get("/api/v1/years/2099/breakdowns/?by=size").status_code == 404


def test_csv_gives_one_row_per_figure(client, locked_2025):
    response = client.get("/api/v1/years/2025/figures/?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert len(rows) == len(locked_2025.snapshot["indicators"])
    supported = next(row for row in rows if row["indicator"] == "SUPPORTED_ORGS")
    assert supported["actual"] == "12"
    assert supported["year"] == "2025"
    assert supported["snapshot_sha256"] == locked_2025.snapshot_checksum
    assert supported["target.kind"] == "growth_range"
    indicators = list(
        csv.DictReader(io.StringIO(client.get("/api/v1/indicators/?format=csv").content.decode()))
    )
    assert {row["code"] for row in indicators} >= {"SUPPORTED_ORGS", "BUDGET_SPENT"}


def _report(year, version, **extra):
    from reports.snapshot import build_snapshot

    figures = build_snapshot(year)
    report = AnnualReport.objects.create(
        year=year,
        version=version,
        figures=figures,
        figures_source=AnnualReport.FiguresSource.LOCKED,
        figures_checksum=checksum(figures),
        **extra,
    )
    return report


def test_reports_list_versions_with_checksums_and_an_absolute_pdf_link(client, plan, token):
    from django.utils import timezone

    ready = _report(2025, 1, status=AnnualReport.Status.SUCCEEDED, checksum="ab" * 32)
    ready.file.save("r.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    ready.finished_at = timezone.now()
    ready.save()
    _report(2025, 2, status=AnnualReport.Status.FAILED, error="boom")
    data = client.get("/api/v1/reports/").json()
    assert [(r["year"], r["version"], r["status"]) for r in data] == [
        (2025, 2, "failed"),
        (2025, 1, "succeeded"),
    ]
    failed, good = data
    assert failed["pdf_url"] is None
    assert failed["sha256"] is None
    assert good["sha256"] == "ab" * 32
    assert good["figures_sha256"] == ready.figures_checksum
    assert good["pdf_url"] == f"http://testserver/api/v1/reports/{ready.pk}/pdf/"
    assert good["published_at"]
    # The file has the organizations' tax codes in its annex: a token opens it.
    assert client.get(good["pdf_url"]).status_code == 401
    response = client.get(good["pdf_url"], **bearer(token.secret))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"
    assert (
        client.get(f"/api/v1/reports/{ready.pk + 1}/pdf/", **bearer(token.secret)).status_code
        == 404
    )


def test_award_winners_are_the_public_list(client, plan):
    data = client.get("/api/v1/award-winners/").json()
    assert [(row["year"], row["organization_name"]) for row in data] == [
        (2025, plan.orgs_2025[4].name),
        (2023, plan.orgs_2025[3].name),
    ]
    assert all(row["prize"] for row in data)
    assert not any("tax" in key for row in data for key in row)
