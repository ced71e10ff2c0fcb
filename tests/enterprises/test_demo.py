"""seed_demo's enterprises part: realistic, valid, growing, idempotent."""

import io

from django.core.management import call_command

from enterprises import selectors
from enterprises.models import Membership, Organization, PilotModel, SupportActivity
from enterprises.taxcode import validate_tax_code


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
