from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from demo.portal import DEMO_ACCOUNTS, DEMO_PASSWORD
from portal.hooks import project_app_labels


class Command(BaseCommand):
    help = "Load a realistic demo province (idempotent) and print one demo account per role."

    def handle(self, *args, **options):
        # Each app's records come from `demo/<app label>.py`, in dependency order.
        for label in project_app_labels():
            try:
                module = import_module(f"demo.{label}")
            except ModuleNotFoundError as exc:
                if exc.name != f"demo.{label}":
                    raise
                continue
            with transaction.atomic():
                module.seed(self.stdout)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Demo accounts (password {DEMO_PASSWORD}):")
        )
        for email, _name, role in DEMO_ACCOUNTS:
            self.stdout.write(f"  {role or 'superuser':16} {email}")
