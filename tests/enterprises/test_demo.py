"""seed_demo's enterprises part: realistic, valid, growing, idempotent."""

import io

from django.core.management import call_command

from enterprises import selectors
from enterprises.models import Membership, Organization, PilotModel, SupportActivity
from enterprises.taxcode import validate_tax_code
from portal.models import User


def test_seed_demo_enterprises(db):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    organizations = Organization.objects.all()
    assert organizations.filter(status="active").count() >= 300
    for tax_code in organizations.values_list("tax_code", flat=True):
        validate_tax_code(tax_code)
    communes = set(
        organizations.exclude(commune=None).values_list("commune__parent__code", flat=True)
    )
    assert communes == {"25"}
    assert organizations.values("commune").distinct().count() > 20
    assert organizations.values("industry_section").distinct().count() >= 5
    assert organizations.values("size_class").distinct().count() == 4
    assert organizations.filter(kind="cab").count() >= 5

    counts = {y: selectors.organizations_supported_in(y).count() for y in range(2021, 2026)}
    for year in range(2022, 2026):
        growth = counts[year] / counts[year - 1] - 1
        assert 0.04 <= growth <= 0.11, (year, counts)
    assert set(PilotModel.objects.values_list("status", flat=True)) == {
        "selected",
        "implementing",
        "evaluated",
        "recognized",
    }
    assert organizations.filter(status="pending").count() >= 3
    assert SupportActivity.objects.exclude(batch=None).exists()
    membership = Membership.objects.get(user__email="enterprise@nscl.local")
    assert membership.status == "active"
    assert membership.organization.status == "active"
    assert membership.organization.support_activities.count() >= 3

    before = (
        Organization.objects.count(),
        SupportActivity.objects.count(),
        PilotModel.objects.count(),
    )
    call_command("seed_demo", stdout=io.StringIO())
    after = (
        Organization.objects.count(),
        SupportActivity.objects.count(),
        PilotModel.objects.count(),
    )
    assert before == after

    # The pages render with the demo province's data.
    from django.test import Client
    from django.urls import reverse

    staff = Client()
    staff.force_login(User.objects.get(email="staff@nscl.local"))
    demo_org = membership.organization
    pilot = PilotModel.objects.filter(status="recognized").first()
    for url in [
        reverse("enterprises:registry"),
        reverse("enterprises:registry") + "?q=co+khi&year_supported=2024",
        reverse("enterprises:review_queue"),
        reverse("enterprises:ledger") + "?year=2023",
        reverse("enterprises:staff_requests"),
        reverse("enterprises:pilot_list"),
        reverse("enterprises:solution_list"),
        reverse("enterprises:organization_detail", args=[demo_org.pk]),
        reverse("enterprises:pilot_detail", args=[pilot.pk]),
        reverse("enterprises:activity_new"),
        reverse("portal:staff_home"),
    ]:
        response = staff.get(url)
        assert response.status_code == 200, url
    assert "Đăng ký chờ xét duyệt" in staff.get(reverse("portal:staff_home")).content.decode()
    representative = Client()
    representative.force_login(User.objects.get(email="enterprise@nscl.local"))
    page = representative.get(reverse("enterprises:my_detail", args=[demo_org.pk])).content.decode()
    assert demo_org.name in page
    assert "Mô hình Lean – 5S – Kaizen" in page
