from importlib import import_module

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.portal import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    DEMO_PROVINCE_CODE,
    use_demo_province,
    use_demo_size,
)
from demo.scale import rebuild_derived
from portal.hooks import project_app_labels

MIN_ORGANIZATIONS = 50  # the registrations waiting for staff pick organizations up to the 46th


class Command(BaseCommand):
    help = "Load a realistic demo province (idempotent) and print one demo account per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            default=DEMO_PROVINCE_CODE,
            help=(
                "The demo province's two-digit code (default 25, Phú Thọ); a database already "
                "seeded keeps its province."
            ),
        )

        parser.add_argument(
            "--organizations",
            type=int,
            default=None,
            help=(
                "Seed this many organizations instead of the full demo's 320 (at least "
                f"{MIN_ORGANIZATIONS}; fewer supported each year in proportion). For tests that "
                "need a whole province, past years closed, quickly."
            ),
        )

    def handle(self, *args, **options):
        from vietnam_provinces import Province

        code = options["province"]
        codes = {f"{int(p.code):02d}" for p in Province.iter_all()}
        if code not in codes:
            raise CommandError(
                f"There is no province with the code {code!r}; use one of {', '.join(sorted(codes))}."
            )
        organizations = options["organizations"]
        if organizations is not None and organizations < MIN_ORGANIZATIONS:
            raise CommandError(
                f"--organizations must be at least {MIN_ORGANIZATIONS}, not {organizations}."
            )
        use_demo_province(code)
        use_demo_size(organizations)
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
        rebuild_derived()  # some demo rows are bulk-inserted, past the services
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready. Demo accounts (password {DEMO_PASSWORD}):")
        )
        for email, _name, role in DEMO_ACCOUNTS:
            self.stdout.write(f"  {role or 'superuser':16} {email}")
