"""`python manage.py seed_scale --organizations N [--reset]`: a province-sized dataset for
benchmarks (see demo/scale.py for what is generated and how)."""

from django.core.management.base import BaseCommand, CommandError

from demo import scale


class Command(BaseCommand):
    help = (
        "Generate N organizations with valid tax codes, about five support activities each "
        "(2021 to today), courses and enrollments, contracts, pilot models and award "
        "nominations, support requests, with bulk inserts. Idempotent for the same N; --reset "
        "replaces them; --only-requests adds the support requests to an earlier seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organizations", "-n", type=int, required=True)
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Remove the rows an earlier seed_scale wrote first (only those).",
        )
        parser.add_argument("--seed", type=int, default=2021, help="Random seed.")
        parser.add_argument(
            "--only-requests",
            action="store_true",
            help="Only (re)write the support requests of the N organizations already "
            "generated (a database seeded before seed_scale wrote requests).",
        )

    def handle(self, *args, organizations, reset=False, seed=2021, only_requests=False, **options):
        if organizations < 1:
            raise CommandError("--organizations must be at least 1.")
        existing = scale.generated_organizations_count()
        if only_requests:
            if existing != organizations:
                raise CommandError(
                    f"{existing:,} generated organizations exist, not {organizations:,}."
                )
            counts = scale.Generator(
                organizations=organizations, seed=seed, log=self.stdout.write
            ).run_requests_only()
            self.stdout.write(
                self.style.SUCCESS(
                    f"Generated in {counts['seconds']} s: support requests "
                    f"{counts['support_requests']:,}, their solutions "
                    f"{counts['request_solutions']:,}."
                )
            )
            return
        if existing and not reset:
            if existing == organizations:
                self.stdout.write(f"{existing:,} generated organizations are already there.")
                return
            raise CommandError(
                f"{existing:,} generated organizations exist; use --reset to replace them."
            )
        if existing:
            scale.clear_derived()  # their rows point at the organizations reset deletes
            scale.reset(log=self.stdout.write)
        counts = scale.Generator(
            organizations=organizations, seed=seed, log=self.stdout.write
        ).run()
        seconds = counts.pop("seconds")
        summary = ", ".join(f"{key.replace('_', ' ')} {value:,}" for key, value in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Generated in {seconds} s: {summary}."))
