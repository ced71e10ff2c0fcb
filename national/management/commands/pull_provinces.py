from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from national.models import ProvincialPortal, Pull
from national.services import portal_pull


class Command(BaseCommand):
    help = "National mode: pull the registered provincial portals now (each once, no retries)."

    def add_arguments(self, parser):
        parser.add_argument("--province", help="Only this province's portal (two-digit code).")

    def handle(self, *args, **options):
        if not settings.NATIONAL_MODE:
            raise CommandError("NATIONAL_MODE is off: this instance is not the national office's.")
        portals = ProvincialPortal.objects.filter(active=True)
        if options["province"]:
            portals = ProvincialPortal.objects.filter(province_code=options["province"])
            if not portals.exists():
                raise CommandError(f"No portal is registered for province {options['province']}.")
        failed = 0
        for portal in portals:
            pull = portal_pull(by=None, portal=portal, trigger=Pull.Trigger.COMMAND)
            if pull.status == Pull.Status.SUCCEEDED:
                self.stdout.write(
                    f"{portal.province_code} {portal.name}: {pull.figures_count} figures"
                )
            else:
                failed += 1
                self.stdout.write(f"{portal.province_code} {portal.name}: FAILED {pull.error}")
        if failed:
            raise CommandError(
                f"{failed} portal(s) could not be pulled; their last figures are kept."
            )
