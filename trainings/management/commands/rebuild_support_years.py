"""`python manage.py rebuild_support_years`: the organizations supported each year
(`enterprises.models.SupportYear`) again from the ledger and the course results, then their
counts (`enterprises.models.SupportTally`)."""

import time

from django.core.management.base import BaseCommand

from enterprises import supported as enterprise_supported
from enterprises.models import SupportTally, SupportYear
from trainings import supported


class Command(BaseCommand):
    help = (
        "Rebuild the pre-aggregated table of the organizations supported each year from the "
        "support activities and the course results, and their counts per year (after bulk "
        "inserts or a restore)."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        supported.rebuild()
        enterprise_supported.rebuild_tally()
        self.stdout.write(
            self.style.SUCCESS(
                f"{SupportYear.objects.count():,} rows, {SupportTally.objects.count():,} counts "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
