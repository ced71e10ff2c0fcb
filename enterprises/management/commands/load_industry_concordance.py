"""Load the VSIC 2018 ↔ VSIC 2025 concordance from its data file (reference data)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from enterprises.concordance import DATA_FILE
from enterprises.services import industry_concordance_load


class Command(BaseCommand):
    help = (
        "Load the industry concordance (VSIC 2018 ↔ VSIC 2025) from "
        "enterprises/data/vsic_concordance.csv or FILE; rows edited by staff are overwritten "
        "unless --keep-edits."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA_FILE))
        parser.add_argument(
            "--keep-edits",
            action="store_true",
            help="Only add rows that are missing; leave existing rows as staff left them.",
        )

    def handle(self, *args, **options):
        try:
            result = industry_concordance_load(
                by=None, path=options["file"], overwrite=not options["keep_edits"]
            )
        except (OSError, ValidationError) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError("\n".join(messages)) from exc
        self.stdout.write(
            f"{result['total']} rows read: {result['created']} added, {result['updated']} changed."
        )
