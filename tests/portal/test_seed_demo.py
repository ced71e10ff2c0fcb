"""`manage.py seed_demo`: the whole demo province, idempotent, with one account per role."""

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from demo.portal import DEMO_ACCOUNTS, DEMO_PASSWORD
from portal.hooks import project_app_labels
from portal.models import User
from reports.models import AnnualReport


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for label in project_app_labels()
        for model in apps.get_app_config(label).get_models()
        if not model._meta.label.split(".")[1].startswith("Historical")
    }


def test_seed_demo_builds_the_province_once_and_prints_the_accounts(
    db, django_capture_on_commit_callbacks
):
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # the report builds, as in `make run`
        call_command("seed_demo", stdout=out)
    first = _counts()
    printed = out.getvalue()
    for email, _name, _role in DEMO_ACCOUNTS:
        assert email in printed
        assert User.objects.get(email=email).check_password(DEMO_PASSWORD)
    assert DEMO_PASSWORD in printed
    assert first["enterprises.Organization"] >= 200
    assert first["enterprises.SupportActivity"] >= 500
    assert first["trainings.Course"] > 0
    assert first["awards.Nomination"] > 0
    # One report per closed year of the plan (2021 up to last year), built once.
    closed_years = list(range(2021, timezone.localdate().year))
    assert first["reports.AnnualReport"] == len(closed_years)
    assert sorted(AnnualReport.objects.values_list("year", flat=True)) == closed_years
    # The reports of the locked years are approved documents, signed with the demo certificate
    # that seed_demo made; last year's is provisional and unsigned.
    from portal import signing

    approved = AnnualReport.objects.filter(figures_source=AnnualReport.FiguresSource.LOCKED)
    assert approved.count() == len(closed_years) - 1
    for report in approved:
        assert report.status == AnnualReport.Status.SUCCEEDED, report.error
        assert signing.verify_file(report.file).ok
    assert "demo signing certificate" in printed

    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first


def test_seed_demo_with_fewer_organizations_still_closes_the_past_years(db):
    """`--organizations N` (the national roll-up test's three portals): a smaller province of
    its own, every app's records, the past years closed with their frozen figures."""
    from portal.models import ProgramSettings
    from reports.models import YearClosing

    call_command("seed_demo", province="48", organizations=50, stdout=StringIO())
    counts = _counts()
    assert counts["enterprises.Organization"] == 50 + 5  # and the 5 registrations waiting
    assert 0 < counts["enterprises.SupportActivity"] < 500
    assert counts["trainings.Course"] > 0
    assert counts["awards.Nomination"] > 0
    assert ProgramSettings.load().province_code == "48"
    closed = YearClosing.objects.exclude(status=YearClosing.Status.OPEN).order_by("year")
    assert list(closed.values_list("year", flat=True)) == list(
        range(2021, timezone.localdate().year - 1)
    )
    assert all(closing.snapshot and closing.snapshot_checksum for closing in closed)


def test_seed_demo_refuses_too_few_organizations(db):
    with pytest.raises(CommandError, match="at least 50"):
        call_command("seed_demo", organizations=10, stdout=StringIO())
    assert not User.objects.filter(email="staff@nscl.local").exists()
