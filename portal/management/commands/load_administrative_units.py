from django.core.management.base import BaseCommand

from portal.administrative_units import administrative_units_load


class Command(BaseCommand):
    help = "Load or refresh provinces and communes/wards from the vietnam-provinces dataset."

    def handle(self, *args, **options):
        result = administrative_units_load()
        self.stdout.write(
            self.style.SUCCESS(
                "Administrative units from {source}: {created} created, {updated} updated, "
                "{closed} closed.".format(**result)
            )
        )
