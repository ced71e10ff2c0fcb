"""The selectors the reports app counts from, each on a known fixture."""

import datetime as dt

import pytest

from trainings import selectors
from trainings.models import Course, Enrollment

from .factories import ContractFactory, CourseFactory, EnrollmentFactory

D = dt.date
S = Enrollment.Status


def course(kind, year, status=Course.Status.COMPLETED, **extra):
    return CourseFactory(
        kind=kind, starts_on=D(year, 5, 10), ends_on=D(year, 5, 12), status=status, **extra
    )


@pytest.fixture
def fixture_data(db):
    in_depth_2022 = course(Course.Kind.IN_DEPTH, 2022)
    in_depth_2024 = course(Course.Kind.IN_DEPTH, 2024)
    in_depth_2026 = course(Course.Kind.IN_DEPTH, 2026)
    # Anh passes twice (counted once), Binh once, Chi fails, Dung passes outside the phase.
    EnrollmentFactory(course=in_depth_2022, email="anh@example.vn", status=S.PASSED)
    EnrollmentFactory(course=in_depth_2024, email="ANH@example.vn", status=S.PASSED)
    EnrollmentFactory(course=in_depth_2024, email="binh@example.vn", status=S.PASSED)
    EnrollmentFactory(course=in_depth_2024, email="chi@example.vn", status=S.FAILED)
    EnrollmentFactory(course=in_depth_2026, email="dung@example.vn", status=S.PASSED)

    management = course(Course.Kind.MANAGEMENT, 2023)
    EnrollmentFactory(course=management, email="em@example.vn", status=S.ATTENDED)
    EnrollmentFactory(course=management, email="giang@example.vn", status=S.PASSED)
    EnrollmentFactory(course=management, email="ha@example.vn", status=S.CONFIRMED)  # absent
    EnrollmentFactory(course=management, email="ich@example.vn", status=S.CANCELLED)

    seminar_a = course(Course.Kind.AWARENESS, 2024)
    seminar_b = course(Course.Kind.AWARENESS, 2024)
    for n in range(5):
        EnrollmentFactory(course=seminar_a, email=f"p{n}@example.vn", status=S.ATTENDED)
    EnrollmentFactory(course=seminar_b, email="p0@example.vn", status=S.ATTENDED)  # same person
    EnrollmentFactory(course=seminar_b, email="q@example.vn", status=S.REGISTERED)  # no-show
    course(Course.Kind.TOOL, 2024, status=Course.Status.CANCELLED)

    settled_2024 = ContractFactory(
        value=300_000_000,
        status="settled",
        signed_on=D(2024, 2, 1),
        accepted_on=D(2024, 10, 1),
        accepted_amount=290_000_000,
        settled_on=D(2024, 12, 1),
        settled_amount=280_000_000,
    )
    settled_2023 = ContractFactory(
        value=100_000_000,
        status="settled",
        signed_on=D(2023, 2, 1),
        accepted_on=D(2023, 10, 1),
        accepted_amount=100_000_000,
        settled_on=D(2023, 12, 1),
        settled_amount=95_000_000,
    )
    running = ContractFactory(
        status="in_progress", signed_on=D(2023, 6, 1), starts_on=D(2023, 6, 5)
    )
    terminated = ContractFactory(
        status="terminated", signed_on=D(2022, 6, 1), terminated_on=D(2022, 9, 1)
    )
    draft = ContractFactory()
    return {
        "settled_2024": settled_2024,
        "settled_2023": settled_2023,
        "running": running,
        "terminated": terminated,
        "draft": draft,
        "seminar_a": seminar_a,
        "seminar_b": seminar_b,
    }


def test_persons_trained_in_depth(fixture_data):
    people = selectors.persons_trained_in_depth(2021, 2025)
    assert sorted(e.email.lower() for e in people) == ["anh@example.vn", "binh@example.vn"]
    assert selectors.persons_trained_in_depth_count(2021, 2025) == 2
    assert selectors.persons_trained_in_depth_count(2026, 2030) == 1
    assert selectors.persons_trained_in_depth_count(2023, 2023) == 0


def test_management_staff_trained(fixture_data):
    emails = {e.email for e in selectors.management_staff_trained(2021, 2025)}
    assert emails == {"em@example.vn", "giang@example.vn"}
    assert selectors.management_staff_trained_count(2021, 2025) == 2
    assert selectors.management_staff_trained_count(2024, 2025) == 0


def test_awareness_participants(fixture_data):
    assert selectors.awareness_participants(2024).count() == 6  # attendances
    assert selectors.awareness_participants_count(2024) == 5  # distinct people
    assert selectors.awareness_participants_count(2023) == 0


def test_courses_in(fixture_data):
    courses = list(selectors.courses_in(2024))
    assert len(courses) == 3  # the cancelled tool course is left out
    seminar_b = next(c for c in courses if c.pk == fixture_data["seminar_b"].pk)
    assert seminar_b.enrolled == 2
    assert seminar_b.participants == 1


def test_contracts_settled_and_budget(fixture_data):
    assert list(selectors.contracts_settled_in(2024)) == [fixture_data["settled_2024"]]
    assert selectors.budget_settled_in(2024) == 280_000_000
    assert selectors.budget_settled_in(2023) == 95_000_000
    assert selectors.budget_settled_in(2025) == 0


def test_contracts_active_in(fixture_data):
    active_2024 = set(selectors.contracts_active_in(2024))
    assert active_2024 == {fixture_data["settled_2024"], fixture_data["running"]}
    active_2023 = set(selectors.contracts_active_in(2023))
    assert active_2023 == {fixture_data["settled_2023"], fixture_data["running"]}
    assert set(selectors.contracts_active_in(2022)) == {fixture_data["terminated"]}
