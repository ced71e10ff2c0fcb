"""The counts of the organizations supported each year (enterprises.SupportTally), kept by the
writing services: after any sequence of writes (support activities, course results, claims,
imports, and organizations moving between communes, industries and sizes) they equal the live
GROUP BY over the year's supported organizations, the figure equals its drill-down's rows, and
a rebuild from scratch gives the same counts."""

import datetime as dt
import io
import random
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from enterprises import imports, supported
from enterprises import selectors as enterprise_selectors
from enterprises import services as enterprise_services
from enterprises.industry import section_for_code
from enterprises.models import Organization, SupportActivity, SupportTally, SupportYear
from reports.registry import REGISTRY, Scope, supported_breakdown, supported_organizations
from tests.enterprises.factories import valid_tax_code
from trainings import aggregates as training_aggregates
from trainings import services as training_services
from trainings.models import Course, Enrollment

from .factories import (
    CommuneFactory,
    CourseFactory,
    EnrollmentFactory,
    OrganizationFactory,
    SupportActivityFactory,
)
from .test_support_years import (
    YEARS,
    _cancel,
    _claim,
    _move,
    _move_course,
    _record,
    _results,
    assert_table_is_the_rule,
)

# Valid VSIC 2025 codes of several sections, and VSIC 2018 ones (converted when counted).
CODES = [
    ("vsic2025", "2511"),
    ("vsic2025", "4711"),
    ("vsic2025", "6201"),
    ("vsic2025", "0111"),
    ("vsic2025", ""),
    ("vsic2018", "4520"),
    ("vsic2018", "6201"),
]
EMPLOYEES = [None, 5, 40, 150, 400]


def live_counts(year: int) -> dict[str, Counter]:
    """The counts computed from the records: the year's supported organizations (every
    source, each once), grouped by each dimension's key."""
    ids = set(SupportYear.objects.filter(year=year).values_list("organization_id", flat=True))
    counts: dict[str, Counter] = {dimension: Counter() for dimension in SupportTally.Dimension}
    for row in Organization.objects.filter(pk__in=ids).values(*supported.GROUP_FIELDS):
        for dimension, key in supported.groups_of(row).items():
            counts[dimension][key] += 1
    if ids:
        counts[SupportTally.Dimension.TOTAL][""] = len(ids)
    return counts


def kept_counts(year: int) -> dict[str, Counter]:
    counts: dict[str, Counter] = {dimension: Counter() for dimension in SupportTally.Dimension}
    for dimension, key, count in SupportTally.objects.filter(year=year).values_list(
        "dimension", "key", "count"
    ):
        assert count >= 0, (year, dimension, key)
        if count:
            counts[dimension][key] = count
    return counts


def by_key(rows: list[dict]) -> dict:
    return {(row["key"], str(row["label"])): row["count"] for row in rows}


def assert_tally_is_the_group_by():
    for year in YEARS:
        assert kept_counts(year) == live_counts(year), year
        # The breakdowns read from the counts are the GROUP BY over the organizations.
        organizations = Organization.objects.filter(
            pk__in=SupportYear.objects.filter(year=year).values("organization_id")
        )
        for by in ("commune", "industry_section", "size_class"):
            expected = enterprise_selectors.supported_breakdown(
                year, by, organizations=organizations
            )
            assert by_key(supported_breakdown(year, by)) == by_key(expected), (year, by)
        # The figure, the drill-down's total and its rows are the same organizations.
        scope = Scope(year=year, start_year=year)
        figure = REGISTRY["SUPPORTED_ORGS"].value(scope)["value"]
        rows = supported_organizations(year)
        assert figure == rows.count() == len(list(rows)) == organizations.count()


def _organization_data(rng, communes) -> dict:
    classification, code = rng.choice(CODES)
    return {
        "commune": rng.choice([*communes, None]),
        "industry_classification": classification,
        "industry_code": code,
        "employees": rng.choice(EMPLOYEES),
    }


def _update(rng, organizations, communes, staff_user):
    organization = Organization.objects.get(pk=rng.choice(organizations).pk)
    enterprise_services.organization_update(
        organization=organization, by=staff_user, data=_organization_data(rng, communes)
    )


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _import_organizations(rng, organizations, communes, staff_user):
    """The import updates known organizations (by tax code): new communes, codes, sizes."""
    chosen = rng.sample(organizations, 3)
    rows = [["Mã số thuế", "Tên tổ chức", "Hệ thống ngành", "Mã ngành", "Số lao động"]]
    rows[0].append("Mã xã/phường")
    for organization in chosen:
        data = _organization_data(rng, communes)
        rows.append(
            [
                organization.tax_code,
                organization.name,
                "VSIC 2018" if data["industry_classification"] == "vsic2018" else "VSIC 2025",
                data["industry_code"],
                data["employees"] or "",
                data["commune"].code if data["commune"] else "",
            ]
        )
    result = imports.import_commit(
        kind="organizations", data=_xlsx(rows), filename="cap-nhat.xlsx", by=staff_user
    )
    assert result.ok, result.errors
    assert result.updated == 3


def _import_activities(rng, organizations, staff_user):
    rows = [["Mã số thuế", "Ngày", "Hình thức hỗ trợ", "Nội dung"]]
    for organization in rng.sample(organizations, 2):
        date = dt.date(rng.choice(YEARS), rng.randint(1, 12), rng.randint(1, 28))
        rows.append([organization.tax_code, date.strftime("%d/%m/%Y"), "Đào tạo", "Đào tạo 5S"])
    result = imports.import_commit(
        kind="activities", data=_xlsx(rows), filename="hoat-dong.xlsx", by=staff_user
    )
    assert result.ok, result.errors
    assert result.created == 2


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_writes_through_the_services_keep_the_counts_equal_to_the_group_by(seed, staff_user):
    rng = random.Random(seed)
    communes = [CommuneFactory() for _ in range(3)]
    organizations = [
        OrganizationFactory(tax_code=valid_tax_code(seed * 100 + index), commune=communes[0])
        for index in range(8)
    ]
    courses = []
    for index in range(3):
        course = CourseFactory(
            kind=Course.Kind.TOOL,
            status=Course.Status.CLOSED,
            starts_on=dt.date(YEARS[index], 4, 1),
            ends_on=dt.date(YEARS[index], 4, 3),
        )
        for _ in range(4):
            EnrollmentFactory(
                course=course,
                status=Enrollment.Status.CONFIRMED,
                organization=rng.choice([*organizations, None]),
            )
        courses.append(course)
    assert_tally_is_the_group_by()
    # One course's people all completed it: course rows from the start (later writes may
    # move the course or undo the results).
    training_services.course_results_record(
        course=courses[0],
        results=[
            {"enrollment": enrollment, "attended": True, "result": ""}
            for enrollment in courses[0].enrollments.all()
        ],
        by=staff_user,
    )
    assert_tally_is_the_group_by()
    actions = ["record", "record", "move", "cancel", "results", "course", "claim"] * 3
    actions += ["update"] * 8 + ["import_organizations"] * 2 + ["import_activities"] * 2
    rng.shuffle(actions)
    moved = course_rows = 0
    for action in actions:
        if action == "record":
            _record(rng, organizations, staff_user)
        elif action == "move":
            _move(rng, staff_user)
        elif action == "cancel":
            _cancel(rng, staff_user)
        elif action == "results":
            _results(rng, courses, staff_user)
        elif action == "course":
            _move_course(rng, courses, staff_user)
        elif action == "claim":
            _claim(rng, organizations, staff_user)
        elif action == "update":
            _update(rng, organizations, communes, staff_user)
        elif action == "import_organizations":
            _import_organizations(rng, organizations, communes, staff_user)
        else:
            _import_activities(rng, organizations, staff_user)
        assert_tally_is_the_group_by()
        assert_table_is_the_rule()
        moved = max(
            moved,
            SupportTally.objects.filter(dimension="commune", count__gt=0)
            .exclude(key=str(communes[0].pk))
            .count(),
        )
        course_rows = max(course_rows, SupportYear.objects.filter(source="course").count())
    # The test proves something: organizations were supported, both ways, and moved.
    assert SupportYear.objects.filter(source=SupportYear.Source.ACTIVITY).exists()
    assert course_rows > 0
    assert SupportActivity.objects.filter(status="cancelled").exists()
    assert moved > 0
    assert SupportTally.objects.filter(dimension="size", count__gt=0).count() > 1

    # A rebuild from scratch (the command, the aggregates hook) gives the same counts.
    before = sorted(
        SupportTally.objects.filter(count__gt=0).values_list("year", "dimension", "key", "count")
    )
    SupportTally.objects.all().delete()
    call_command("rebuild_support_years", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(SupportTally.objects.values_list("year", "dimension", "key", "count")) == before
    SupportTally.objects.update(count=99)
    training_aggregates.rebuild()
    assert sorted(SupportTally.objects.values_list("year", "dimension", "key", "count")) == before
    assert_tally_is_the_group_by()


def test_an_organization_counts_once_a_year_whatever_its_sources(staff_user):
    organization = OrganizationFactory(tax_code=valid_tax_code(7))
    course = CourseFactory(
        kind=Course.Kind.TOOL,
        status=Course.Status.CLOSED,
        starts_on=dt.date(2024, 4, 1),
        ends_on=dt.date(2024, 4, 3),
    )
    enrollment = EnrollmentFactory(
        course=course, status=Enrollment.Status.CONFIRMED, organization=organization
    )
    enterprise_services.support_activity_record(
        organizations=[organization],
        by=staff_user,
        data={"date": dt.date(2024, 5, 1), "kind": "guidance", "title": "Hướng dẫn 5S"},
    )
    training_services.course_results_record(
        course=course,
        results=[{"enrollment": enrollment, "attended": True, "result": ""}],
        by=staff_user,
    )
    assert SupportYear.objects.filter(organization=organization, year=2024).count() == 2
    assert supported.tally_total(2024) == 1
    # One source gone: still supported, still once.
    activity = SupportActivity.objects.get(organization=organization)
    enterprise_services.support_activity_cancel(activity=activity, by=staff_user, reason="Nhầm")
    assert supported.tally_total(2024) == 1
    assert_tally_is_the_group_by()
    # An organization the counts point at cannot be deleted (its records are protected).
    with pytest.raises(ProtectedError):
        organization.delete()
    assert supported.tally_total(2024) == 1


def test_a_change_request_approval_moves_a_mis_derived_organization(staff_user):
    """An approved change request derives the size and section again: an organization whose
    stored size was out of date moves to its derived group in the counts."""
    organization = OrganizationFactory(
        tax_code=valid_tax_code(11), employees=400, size_class=Organization.SizeClass.SMALL
    )
    enterprise_services.support_activity_record(
        organizations=[organization],
        by=staff_user,
        data={"date": dt.date(2025, 5, 1), "kind": "guidance", "title": "Hướng dẫn 5S"},
    )
    assert kept_counts(2025)["size"] == Counter({"small": 1})
    from enterprises.models import OrganizationChangeRequest

    change = OrganizationChangeRequest.objects.create(
        organization=organization,
        old_name=organization.name,
        old_tax_code=organization.tax_code,
        new_name="Công ty Cổ phần Đổi Tên",
        new_tax_code=organization.tax_code,
        requested_by=staff_user,
    )
    enterprise_services.change_request_approve(change=change, by=staff_user)
    organization.refresh_from_db()
    assert organization.size_class != Organization.SizeClass.SMALL
    assert kept_counts(2025)["size"] == Counter({organization.size_class: 1})
    assert kept_counts(2025) == live_counts(2025)


def test_the_kind_and_group_breakdowns_count_in_sql_what_python_counted(staff_user):
    """The ledger's and the courses' (organization, kind) pairs, counted once each: the same
    numbers as counting the distinct pairs one by one."""
    organizations = [OrganizationFactory(tax_code=valid_tax_code(20 + i)) for i in range(4)]
    for organization, kind in zip(
        organizations, ["guidance", "training", "guidance", "consulting"], strict=True
    ):
        for _ in range(2):  # twice: still once per kind
            enterprise_services.support_activity_record(
                organizations=[organization],
                by=staff_user,
                data={"date": dt.date(2025, 3, 1), "kind": kind, "title": "Hỗ trợ"},
            )
    from trainings import selectors as training_selectors

    for by in ("kind", "solution_group"):
        rows = supported_breakdown(2025, by)
        field = "kind" if by == "kind" else "solutions__group"
        activities = enterprise_selectors.recorded_activities().filter(date__year=2025)
        if by == "solution_group":
            activities = activities.filter(solutions__isnull=False)
        pairs = set(activities.values_list("organization_id", field))
        pairs |= set(training_selectors.course_support_pairs(2025, by))
        expected = Counter(key for _organization, key in pairs)
        assert {row["key"]: row["count"] for row in rows} == dict(expected)
    assert {row["key"]: row["count"] for row in supported_breakdown(2025, "kind")} == {
        "guidance": 2,
        "training": 1,
        "consulting": 1,
    }


def _supported_organizations(count: int, start: int, communes) -> None:
    """`count` organizations supported in 2025 (activities through the factory, which keeps
    the tables as the services do), spread over communes, sizes and industry codes."""
    sizes = list(Organization.SizeClass.values) + [""]
    for index in range(start, start + count):
        classification, code = CODES[index % len(CODES)]
        organization = OrganizationFactory(
            commune=communes[index % len(communes)] if index % 7 else None,
            size_class=sizes[index % len(sizes)],
            industry_classification=classification,
            industry_code=code,
            industry_section=code and section_for_code(classification, code),
        )
        SupportActivityFactory(organization=organization, date=dt.date(2025, 5, 1))


def test_the_dashboard_reads_the_counts_in_the_same_queries_at_any_size(staff_client, settings):
    """With the page cache and the figures cache off, the dashboard's breakdowns are the live
    GROUP BY, and its query count does not grow with the organizations, the communes or the
    industry codes."""
    settings.PAGE_CACHE = False
    settings.REPORTS_FIGURES_CACHE_SECONDS = 0
    url = reverse("reports:dashboard") + "?year=2025"
    # Every kind of code from the start (converting the other version's codes reads the
    # concordance once, whatever their number).
    _supported_organizations(len(CODES), 0, [CommuneFactory() for _ in range(2)])
    staff_client.get(url)

    def measured():
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(url)
        assert response.status_code == 200
        return len(queries), response

    small, _response = measured()
    _supported_organizations(60, len(CODES), [CommuneFactory() for _ in range(25)])
    staff_client.get(url)  # the page header's settings row, read again after the writes
    large, response = measured()
    assert small == large
    html = response.content.decode()
    organizations = Organization.objects.filter(
        pk__in=SupportYear.objects.filter(year=2025).values("organization_id")
    )
    assert organizations.count() == 60 + len(CODES)
    for by in ("commune", "industry_section", "size_class"):
        expected = enterprise_selectors.supported_breakdown(2025, by, organizations=organizations)
        assert by_key(supported_breakdown(2025, by)) == by_key(expected)
        for row in expected[:5]:
            assert str(row["label"]) in html
    assert kept_counts(2025) == live_counts(2025)
