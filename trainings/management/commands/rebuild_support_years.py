"""`python manage.py rebuild_support_years`: every kept table the support figures read, again
from the ledger and the course results (after bulk inserts, a restore, or to repair them):

- the organizations supported each year (`SupportYear`, both sources) and their counts
  (`SupportTally`): SUPPORTED_ORGS and its breakdowns by commune, industry and size;
- their kinds of support and solution groups (`SupportPair`, both sources) and those counts
  (`SupportPairTally`): the breakdowns by kind of support and by solution group;
- the CABs strengthened each year (`CabStrengthenedYear`): CAB_STRENGTHENED.

The same rebuilds as the `aggregates.py` hooks, without the tables no support figure reads
(the ledger's and registry's totals, the persons trained), in one transaction."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction

from enterprises import cab_strengthened, support_pairs
from enterprises import supported as enterprise_supported
from enterprises.models import (
    CabStrengthenedYear,
    SupportPair,
    SupportPairTally,
    SupportTally,
    SupportYear,
)
from trainings import supported


class Command(BaseCommand):
    help = (
        "Rebuild the pre-aggregated tables of the support figures from the support activities "
        "and the course results: the organizations supported each year and their counts, "
        "their kinds of support and solution groups and those counts, and the CABs "
        "strengthened each year (after bulk inserts or a restore)."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        with transaction.atomic():
            supported.rebuild()
            enterprise_supported.rebuild_tally()
            support_pairs.rebuild()
            cab_strengthened.rebuild()
        self.stdout.write(
            self.style.SUCCESS(
                f"{SupportYear.objects.count():,} rows, {SupportTally.objects.count():,} counts; "
                f"{SupportPair.objects.count():,} kinds and groups, "
                f"{SupportPairTally.objects.count():,} counts; "
                f"{CabStrengthenedYear.objects.count():,} CABs strengthened; "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
