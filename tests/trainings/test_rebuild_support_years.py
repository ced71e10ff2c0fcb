"""`manage.py rebuild_support_years` makes every kept table the support figures read equal
the rules again: the organizations supported each year and their counts, their kinds of
support and solution groups and those counts, the CABs strengthened each year."""

import io

import pytest
from django.core.management import call_command

from enterprises import aggregates as enterprise_aggregates
from enterprises.models import (
    CabStrengthenedYear,
    SupportPair,
    SupportPairTally,
    SupportTally,
    SupportYear,
)
from trainings import aggregates as training_aggregates

from .support_data import support_records
from .test_admin_kept_tables import KEPT, kept

pytestmark = pytest.mark.django_db

SUPPORT_TABLES = {
    *(model.__name__ for model in KEPT if not model.__name__.startswith("Person")),
    "CabStrengthenedYear",
}


def support_tables() -> dict:
    rows = {name: rows for name, rows in kept().items() if name in SUPPORT_TABLES}
    rows["CabStrengthenedYear"] = sorted(
        CabStrengthenedYear.objects.values_list("organization_id", "year")
    )
    return rows


def test_the_command_rebuilds_every_table_of_the_support_figures():
    support_records()
    enterprise_aggregates.rebuild()
    training_aggregates.rebuild()
    expected = support_tables()
    for name in SUPPORT_TABLES:
        assert expected[name], f"no {name} rows: the test would prove nothing"

    # Rows lost, others wrong (a restore of part of the tables, writes past the services).
    for model in (SupportYear, SupportPair, CabStrengthenedYear):
        model.objects.filter(pk__in=model.objects.order_by("pk").values("pk")[:5]).delete()
    SupportTally.objects.update(count=99)
    SupportPairTally.objects.all().delete()
    assert support_tables() != expected

    out = io.StringIO()
    call_command("rebuild_support_years", stdout=out)
    assert support_tables() == expected
    assert "kinds and groups" in out.getvalue()
