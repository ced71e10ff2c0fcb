"""No answer of the API carries personal data or a household business's tax code."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from enterprises.models import Organization
from reports.models import AnnualReport
from tests.reports.factories import (
    AwardCycleFactory,
    AwardLevelFactory,
    EnrollmentFactory,
    NominationFactory,
    OrganizationFactory,
    SupportActivityFactory,
)

from .conftest import bearer

pytestmark = pytest.mark.django_db

HOUSEHOLD_ID = "025190001234"  # a 12-digit personal ID, the household business's tax code
EMAIL = "chu.ho@example.vn"
PHONE = "0912345678"


@pytest.fixture
def household(plan):
    org = OrganizationFactory(
        name="Hộ kinh doanh Chè Tân Cương",
        tax_code=HOUSEHOLD_ID,
        legal_form=Organization.LegalForm.HOUSEHOLD,
        contact_email=EMAIL,
        contact_phone=PHONE,
        commune=plan.communes[0],
    )
    SupportActivityFactory(organization=org, date=dt.date(2025, 5, 5))
    SupportActivityFactory(organization=org, date=dt.date(timezone.localdate().year, 1, 2))
    EnrollmentFactory(email="hoc.vien@example.vn", phone="0987654321", full_name="Lê Thị Hoa")
    cycle = AwardCycleFactory(year=2024)
    NominationFactory(
        cycle=cycle,
        organization=org,
        status="awarded",
        level=AwardLevelFactory(cycle=cycle),
    )
    return org


def _every_answer(client, secret) -> list[str]:
    urls = ["/api/v1/program/", "/api/v1/indicators/", "/api/v1/years/", "/api/v1/reports/"]
    urls.append("/api/v1/award-winners/")
    this_year = timezone.localdate().year
    for year in (2025, this_year):
        urls.append(f"/api/v1/years/{year}/figures/")
        urls += [
            f"/api/v1/years/{year}/breakdowns/?by={by}" for by in ("commune", "industry", "size")
        ]
    bodies = []
    for url in urls:
        for fmt in ("", "format=csv"):
            full = url + (("&" if "?" in url else "?") + fmt if fmt else "")
            response = client.get(full, **bearer(secret))
            assert response.status_code == 200, full
            bodies.append(response.content.decode("utf-8"))
    return bodies


def test_no_answer_carries_tax_codes_emails_or_phone_numbers(client, household, locked_2025, token):
    AnnualReport.objects.create(
        year=2025,
        version=1,
        figures=locked_2025.snapshot,
        figures_source=AnnualReport.FiguresSource.LOCKED,
        figures_checksum=locked_2025.snapshot_checksum,
    )
    # The frozen snapshot itself holds the tax codes (for the PDF's annex)...
    assert HOUSEHOLD_ID in str(locked_2025.snapshot)
    bodies = _every_answer(client, token.secret)
    text = "\n".join(bodies)
    # ...and the API still answers with the household counted.
    assert "Hộ kinh doanh Chè Tân Cương" in text  # the award winner, a public fact
    for secret in (HOUSEHOLD_ID, EMAIL, PHONE, "hoc.vien@example.vn", "0987654321", "Lê Thị Hoa"):
        assert secret not in text
    # No tax code of any organization, no e-mail address, no phone number at all.
    tax_codes = set(Organization.objects.values_list("tax_code", flat=True))
    assert not [code for code in tax_codes if code and code in text]
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text)
    assert not re.search(r"\b0\d{9}\b", text)
