"""Records every kept table of the support figures has rows from: recorded and cancelled
activities with and without solutions (a CAB's among them), and completed, failed and
registered enrollments of supporting and other courses, over three years. Written past the
services, so the kept tables are whatever the caller makes of them."""

import datetime as dt

from enterprises.models import Organization, Solution, SupportActivity
from trainings.models import Course, Enrollment

YEARS = (2023, 2024, 2025)


def support_records(*, organizations: int = 8) -> None:
    groups = list(Solution.Group.values)
    solutions = [
        Solution.objects.get_or_create(
            code=f"nhom-{index}", defaults={"name": f"Giải pháp {index}", "group": group}
        )[0]
        for index, group in enumerate(groups)
    ]
    kinds = list(SupportActivity.Kind.values)
    made = [
        Organization.objects.create(
            name=f"Công ty TNHH Hỗ trợ {index}",
            tax_code=f"{4_700_000_000 + index:010d}",
            status=Organization.Status.ACTIVE,
            kind=Organization.Kind.CONFORMITY_ASSESSMENT_BODY
            if index % 4 == 0
            else Organization.Kind.ENTERPRISE,
        )
        for index in range(organizations)
    ]
    for index, organization in enumerate(made):
        for step in range(3):
            activity = SupportActivity.objects.create(
                organization=organization,
                date=dt.date(YEARS[(index + step) % 3], 1 + step * 3, 1 + index),
                kind=kinds[(index + step) % len(kinds)],
                title=f"Hỗ trợ {index}-{step}",
                status="cancelled" if (index + step) % 7 == 0 else "recorded",
            )
            activity.solutions.set(solutions[(index + step) % len(solutions) :][:2])
    course_kinds = list(Course.Kind.values)
    for index, year in enumerate(YEARS):
        for offset, kind in enumerate(course_kinds):
            course = Course.objects.create(
                code=f"HT-{year}-{kind}",
                title=f"Khóa {kind} {year}",
                kind=kind,
                starts_on=dt.date(year, 6, 1 + offset),
                ends_on=dt.date(year, 6, 2 + offset),
                capacity=30,
                status=Course.Status.CLOSED,
            )
            course.solutions.set(solutions[offset : offset + 2])
            statuses = list(Enrollment.Status.values)
            for number, organization in enumerate(made[index::2]):
                Enrollment.objects.create(
                    course=course,
                    organization=organization if number % 3 else None,
                    full_name=f"Học viên {number}",
                    email=f"hv{number}@example.vn",
                    status=statuses[(number + offset) % len(statuses)],
                )
