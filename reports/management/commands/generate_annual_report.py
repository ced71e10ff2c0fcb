"""`python manage.py generate_annual_report YEAR [--output FILE]`: the same report the portal
builds (same service), run synchronously here, written to FILE."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reports import services
from reports.models import AnnualReport


class Command(BaseCommand):
    help = "Build the annual report of YEAR now and write the PDF (a new version is kept)."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument(
            "--output",
            "-o",
            help="Where to write the PDF (default: the report's own name in this folder).",
        )

    def handle(self, *args, year, output=None, **options):
        try:
            report = services.annual_report_request(
                year=year, by=None, trigger=AnnualReport.Trigger.COMMAND, enqueue=False
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        report = services.annual_report_build(report_id=report.pk)
        if report.status != AnnualReport.Status.SUCCEEDED:
            raise CommandError(f"Report {year} v{report.version} failed: {report.error}")
        target = Path(output) if output else Path.cwd() / report.download_name
        target.parent.mkdir(parents=True, exist_ok=True)
        with report.file.open("rb") as source:
            target.write_bytes(source.read())
        self.stdout.write(
            f"Report {year} v{report.version}: {report.page_count} pages, "
            f"{report.file_size} bytes, {report.build_seconds:.2f} s, "
            f"SHA-256 {report.checksum} -> {target}"
        )
