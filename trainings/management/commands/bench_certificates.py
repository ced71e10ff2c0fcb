"""Time certificate generation: `python manage.py bench_certificates --count 500`.

Builds unsaved enrollments (nothing is written) and renders them three ways: all in one PDF,
one PDF each from a single layout pass, and (for a sample) one WeasyPrint pass per certificate.
"""

import datetime as dt
import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from trainings import certificates
from trainings.models import Course, Enrollment


def sample_enrollments(count: int) -> list[Enrollment]:
    course = Course(
        pk=1,
        code="CS-2025-01",
        title="Đào tạo chuyên gia năng suất chất lượng chuyên sâu khóa 4",
        kind=Course.Kind.IN_DEPTH,
        starts_on=dt.date(2025, 7, 8),
        ends_on=dt.date(2025, 7, 17),
        capacity=count,
    )
    issued = timezone.now()
    return [
        Enrollment(
            pk=n,
            course=course,
            full_name=f"Nguyễn Thị Hồng Nhung {n}",
            email=f"hocvien{n}@example.vn",
            workplace="Công ty Cổ phần Chè Phú Thọ",
            status=Enrollment.Status.PASSED,
            score=88,
            certificate_number=f"NSCL-2025-{n:06d}",
            verification_code=Enrollment.new_verification_code(),
            certificate_issued_at=issued,
        )
        for n in range(1, count + 1)
    ]


class Command(BaseCommand):
    help = "Time the generation of N certificate PDFs."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=500)
        parser.add_argument("--sample", type=int, default=20)

    def handle(self, *args, count, sample, **options):
        enrollments = sample_enrollments(count)
        certificates.render_certificate(enrollments[0])  # warm fonts and stylesheet

        started = time.perf_counter()
        combined = certificates.render_certificates(enrollments)
        combined_seconds = time.perf_counter() - started

        started = time.perf_counter()
        separate = certificates.render_separately(enrollments)
        separate_seconds = time.perf_counter() - started

        started = time.perf_counter()
        for enrollment in enrollments[:sample]:
            certificates.render_certificate(enrollment)
        one_by_one = (time.perf_counter() - started) / sample

        self.stdout.write(
            f"{count} certificates in one PDF: {combined_seconds:.1f} s "
            f"({len(combined) / 1e6:.1f} MB)\n"
            f"{count} separate PDFs from one layout pass: {separate_seconds:.1f} s "
            f"({sum(map(len, separate)) / 1e6:.1f} MB)\n"
            f"one pass per certificate: {one_by_one * 1000:.0f} ms each "
            f"(≈ {one_by_one * count:.1f} s for {count})"
        )
