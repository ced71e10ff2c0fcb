"""A known province: records whose figures for 2025 are known exactly (see EXPECTED_2025)."""

import datetime as dt
import types

import pytest
from django.contrib.auth.models import Permission

from awards.models import Nomination
from enterprises.models import Organization, Solution, SupportActivity
from portal.models import CommunicationActivity, ProgramSettings, PublicationStatus, Role
from tests.conftest import make_user
from trainings.models import Course, Enrollment

from .factories import (
    AwardCycleFactory,
    AwardLevelFactory,
    CommuneFactory,
    CommunicationFactory,
    ContractFactory,
    CourseFactory,
    EnrollmentFactory,
    NominationFactory,
    OrganizationFactory,
    PilotModelFactory,
    SolutionFactory,
    SupportActivityFactory,
)

EXPECTED_2025 = {
    "SUPPORTED_ORGS": 12,  # 11 enterprises (one supported twice, one cancelled row) + 1 CAB
    "EXPERTS_TRAINED": 12,  # 6 in 2023 + 7 in 2025, one of them a repeat (e-mail in other case)
    "PILOT_MODELS": 2,  # three pilot models of two organizations
    "NQA_WINNERS": 2,  # winners in 2023 and 2025; a third only took part
    "AWARENESS_REACH": 2505,  # 1,000 + 1,500 people reached + 5 seminar participants
    "CAB_STRENGTHENED": 1,
    "MGMT_TRAINED": 3,
    "BUDGET_SPENT": 295_000_000,
}


def drilldown_url(code: str, year: int) -> str:
    """The drill-down page of an indicator (pages link to indicators by id, not by code)."""
    from django.urls import reverse

    from reports.models import Indicator

    return reverse("reports:drilldown", args=[Indicator.objects.get(code=code).pk, year])


def card(html: str, code: str) -> str:
    """The dashboard card of an indicator."""
    from reports.models import Indicator

    pk = Indicator.objects.get(code=code).pk
    return html.split(f'data-indicator="{pk}"', 1)[1].split("</article>", 1)[0]


@pytest.fixture
def lead_user(db):
    user = make_user(Role.PROGRAM_STAFF, "lead@example.vn", full_name="Trưởng phòng Quản lý")
    user.user_permissions.add(Permission.objects.get(codename="approve_year"))
    return user


@pytest.fixture
def plan(db):
    """Records of a province over 2023–2025 with known figures for 2025."""
    program = ProgramSettings.load()
    program.province_name = "Tỉnh Phú Thọ"
    program.people_committee_name = "Ủy ban nhân dân tỉnh Phú Thọ"
    program.plan_number = "45/KH-UBND"
    program.plan_date = dt.date(2021, 2, 26)
    program.report_signer_name = "Nguyễn Văn Bình"
    program.save()

    ns = types.SimpleNamespace()
    ns.communes = [CommuneFactory(name="Phường Việt Trì"), CommuneFactory(name="Xã Lâm Thao")]
    iso = SolutionFactory(code="iso-9001", name="ISO 9001", group=Solution.Group.MANAGEMENT_SYSTEMS)
    kaizen = SolutionFactory(code="kaizen", name="Kaizen", group=Solution.Group.PRODUCTIVITY_TOOLS)
    cab_solution = SolutionFactory(
        code="cab", name="Năng lực thử nghiệm", group=Solution.Group.CAB_CAPACITY
    )

    # 2024: eleven organizations supported (the base of 2025's growth target: 11.55–12.1).
    for index in range(11):
        SupportActivityFactory(
            organization=OrganizationFactory(name=f"Công ty Cổ phần Chè {index:02d}"),
            date=dt.date(2024, 4, 1),
            solutions=[kaizen],
        )
    # 2025: eleven distinct organizations, one supported twice, one activity cancelled.
    ns.orgs_2025 = []
    for index in range(11):
        org = OrganizationFactory(
            name=f"Công ty TNHH Cơ khí Phú Thọ {index:02d}",
            commune=ns.communes[index % 2],
            size_class=Organization.SizeClass.SMALL if index < 7 else Organization.SizeClass.MEDIUM,
            industry_section="C" if index < 8 else "G",
        )
        ns.orgs_2025.append(org)
        SupportActivityFactory(organization=org, date=dt.date(2025, 3, 1 + index), solutions=[iso])
    SupportActivityFactory(
        organization=ns.orgs_2025[0],
        date=dt.date(2025, 9, 9),
        kind=SupportActivity.Kind.TRAINING,
        solutions=[kaizen],
    )
    SupportActivityFactory(
        date=dt.date(2025, 6, 1),
        status=SupportActivity.Status.CANCELLED,
        cancel_reason="Doanh nghiệp xin lùi lịch",
    )
    # A conformity assessment body strengthened in 2025.
    ns.cab = OrganizationFactory(
        name="Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng",
        kind=Organization.Kind.CONFORMITY_ASSESSMENT_BODY,
    )
    SupportActivityFactory(
        organization=ns.cab,
        date=dt.date(2025, 8, 1),
        kind=SupportActivity.Kind.CAPACITY_BUILDING,
        solutions=[cab_solution],
    )

    # In-depth training: six people in 2023, seven in 2025 (one of them again), one failed.
    course_2023 = CourseFactory(starts_on=dt.date(2023, 5, 1), ends_on=dt.date(2023, 5, 20))
    for index in range(6):
        EnrollmentFactory(course=course_2023, email=f"chuyengia{index}@example.vn")
    course_2025 = CourseFactory(starts_on=dt.date(2025, 6, 1), ends_on=dt.date(2025, 6, 20))
    EnrollmentFactory(course=course_2025, email="ChuyenGia0@Example.vn")
    for index in range(6, 12):
        EnrollmentFactory(course=course_2025, email=f"chuyengia{index}@example.vn")
    EnrollmentFactory(course=course_2025, email="truot@example.vn", status=Enrollment.Status.FAILED)
    # Program management training in 2024: three people.
    management = CourseFactory(
        kind=Course.Kind.MANAGEMENT, starts_on=dt.date(2024, 9, 1), ends_on=dt.date(2024, 9, 3)
    )
    for _index in range(3):
        EnrollmentFactory(course=management, status=Enrollment.Status.ATTENDED)
    # Awareness seminar in 2025: five participants.
    seminar = CourseFactory(
        kind=Course.Kind.AWARENESS, starts_on=dt.date(2025, 4, 2), ends_on=dt.date(2025, 4, 2)
    )
    for _index in range(5):
        EnrollmentFactory(course=seminar, status=Enrollment.Status.ATTENDED)

    # Communication in 2025 (a draft does not count).
    CommunicationFactory(date=dt.date(2025, 3, 3), people_reached=1000, organizations_reached=20)
    CommunicationFactory(
        date=dt.date(2025, 10, 3),
        people_reached=1500,
        organizations_reached=30,
        channel=CommunicationActivity.Channel.PRESS,
    )
    CommunicationFactory(
        date=dt.date(2025, 11, 3), people_reached=9999, status=PublicationStatus.DRAFT
    )

    # Pilot models: three models of two organizations.
    PilotModelFactory(organization=ns.orgs_2025[1], selected_on=dt.date(2022, 3, 1))
    PilotModelFactory(organization=ns.orgs_2025[1], selected_on=dt.date(2024, 3, 1))
    PilotModelFactory(organization=ns.orgs_2025[2], selected_on=dt.date(2025, 3, 1))

    # The award: winners in 2023 and 2025, one participant only.
    for year, org, status in [
        (2023, ns.orgs_2025[3], Nomination.Status.AWARDED),
        (2025, ns.orgs_2025[4], Nomination.Status.AWARDED),
        (2025, ns.orgs_2025[5], Nomination.Status.NOT_AWARDED),
    ]:
        cycle = AwardCycleFactory(year=year)
        level = AwardLevelFactory(cycle=cycle) if status == Nomination.Status.AWARDED else None
        NominationFactory(cycle=cycle, organization=org, status=status, level=level)

    # Contracts settled in 2025: 175,000,000 + 120,000,000 đồng.
    ContractFactory(settled_amount=175_000_000)
    ContractFactory(accepted_amount=150_000_000, settled_amount=120_000_000)
    return ns


@pytest.fixture(autouse=True)
def _vietnamese():
    """Messages are asserted in Vietnamese, whatever language an earlier test left active."""
    from django.utils import translation

    with translation.override("vi"):
        yield


@pytest.fixture(autouse=True)
def _eager_tasks():
    """Tasks run in-process here even when REDIS_URL is set (only test_worker.py uses a real
    worker, and switches this off)."""
    from portal.celery import app

    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous
