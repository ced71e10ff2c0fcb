"""`python manage.py rebuild_support_years`: the organizations supported each year
(`enterprises.models.SupportYear`) again from the ledger and the course results."""

import time

from django.core.management.base import BaseCommand

from enterprises.models import SupportYear
from trainings import supported


class Command(BaseCommand):
    help = (
        "Rebuild the pre-aggregated table of the organizations supported each year from the "
        "support activities and the course results (after bulk inserts or a restore)."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        supported.rebuild()
        self.stdout.write(
            self.style.SUCCESS(
                f"{SupportYear.objects.count():,} rows in {time.monotonic() - started:.1f} s."
            )
        )
