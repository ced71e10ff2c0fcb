from django.core.management.base import BaseCommand
from django.db import transaction

from portal.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from portal.hooks import app_hook_modules


class Command(BaseCommand):
    help = "Load a realistic demo province (idempotent) and print one demo account per role."

    def handle(self, *args, **options):
        # Each app seeds its own records through `<app>/demo.py`, in dependency order.
        for module in app_hook_modules("demo"):
            with transaction.atomic():
                module.seed(self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Demo accounts (password {DEMO_PASSWORD}):")
        )
        for email, _name, role in DEMO_ACCOUNTS:
            self.stdout.write(f"  {role or 'superuser':16} {email}")
