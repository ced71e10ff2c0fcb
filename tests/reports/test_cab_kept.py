"""The conformity assessment bodies strengthened each year (enterprises.CabStrengthenedYear),
kept by the writing services: after any sequence of writes (capacity-building activities,
activities with a CAB_CAPACITY solution, their updates of date, kind and solutions, cancels,
the ledger import, organizations becoming or ceasing to be CABs) the table equals the live
rule, a rebuild gives the same rows, CAB_STRENGTHENED's figure counts exactly its drill-down's
rows, and the figure's queries do not grow with the organizations."""

import datetime as dt
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enterprises import aggregates, cab_strengthened, imports
from enterprises import selectors as enterprise_selectors
from enterprises import services as enterprise_services
from enterprises.models import CabStrengthenedYear, Organization, Solution, SupportActivity
from reports.registry import REGISTRY, Scope
from tests.enterprises.factories import valid_tax_code

from .factories import OrganizationFactory, SolutionFactory, SupportActivityFactory
from .test_support_tally import _xlsx
from .test_support_years import YEARS, _cancel, _random_date

CAB = Organization.Kind.CONFORMITY_ASSESSMENT_BODY
KINDS = [
    SupportActivity.Kind.CAPACITY_BUILDING,
    SupportActivity.Kind.GUIDANCE,
    SupportActivity.Kind.TRAINING,
]
SPANS = [(start, end) for start in YEARS for end in YEARS if start <= end]


def live_rows() -> set[tuple[int, int]]:
    """(organization, year) the live rule counts, year by year."""
    return {
        (pk, year)
        for year in YEARS
        for pk in enterprise_selectors.conformity_assessment_bodies_strengthened(
            year, year
        ).values_list("pk", flat=True)
    }


def kept_rows() -> set[tuple[int, int]]:
    return set(CabStrengthenedYear.objects.values_list("organization_id", "year"))


def assert_table_is_the_rule():
    assert kept_rows() == live_rows()
    computation = REGISTRY["CAB_STRENGTHENED"]
    scopes = [Scope(year=end, start_year=start) for start, end in SPANS]
    together = computation.values(scopes)
    for scope in scopes:
        rows = computation.sections(scope)[0].queryset
        listed = set(rows.values_list("pk", flat=True))
        # The drill-down (read through the kept table) lists what the live rule names.
        assert listed == set(
            enterprise_selectors.conformity_assessment_bodies_strengthened(
                scope.start_year, scope.year
            ).values_list("pk", flat=True)
        ), scope
        # The figure (alone and in a series) is the number of the drill-down's rows.
        assert computation.value(scope)["value"] == len(listed) == rows.count(), scope
        assert together[scope]["value"] == len(listed), scope


def _solutions():
    return [
        SolutionFactory(code="cab-nang-luc", group=Solution.Group.CAB_CAPACITY),
        SolutionFactory(code="iso-9001-kept", group=Solution.Group.MANAGEMENT_SYSTEMS),
    ]


def _record(rng, organizations, solutions, staff_user):
    enterprise_services.support_activity_record(
        organizations=rng.sample(organizations, rng.randint(1, 3)),
        by=staff_user,
        data={"date": _random_date(rng), "kind": rng.choice(KINDS), "title": "Nâng cao năng lực"},
        solutions=rng.sample(solutions, rng.randint(0, len(solutions))),
    )


def _update(rng, solutions, staff_user):
    activity = SupportActivity.objects.filter(status="recorded").order_by("?").first()
    if activity is None:
        return
    data = {}
    if rng.random() < 0.6:
        data["date"] = _random_date(rng)
    if rng.random() < 0.6:
        data["kind"] = rng.choice(KINDS)
    enterprise_services.support_activity_update(
        activity=activity,
        by=staff_user,
        data=data,
        solutions=rng.sample(solutions, rng.randint(0, len(solutions)))
        if rng.random() < 0.7
        else None,
    )


def _import_activities(rng, organizations, staff_user):
    rows = [["Mã số thuế", "Ngày", "Hình thức hỗ trợ", "Nội dung", "Mã giải pháp"]]
    for organization in rng.sample(organizations, 2):
        rows.append(
            [
                organization.tax_code,
                _random_date(rng).strftime("%d/%m/%Y"),
                rng.choice(["capacity_building", "Đào tạo"]),
                "Tăng cường năng lực phòng thử nghiệm",
                rng.choice(["", "cab-nang-luc", "iso-9001-kept"]),
            ]
        )
    result = imports.import_commit(
        kind="activities", data=_xlsx(rows), filename="hoat-dong.xlsx", by=staff_user
    )
    assert result.ok, result.errors
    assert result.created == 2


def _change_kind(rng, organizations, staff_user):
    organization = Organization.objects.get(pk=rng.choice(organizations).pk)
    kind = Organization.Kind.ENTERPRISE if organization.kind == CAB else CAB
    enterprise_services.organization_update(
        organization=organization, by=staff_user, data={"kind": kind}
    )


def _import_kind(rng, organizations, staff_user):
    """The organizations import updates known organizations' kind (by tax code)."""
    rows = [["Mã số thuế", "Tên tổ chức", "Loại hình"]]
    for organization in Organization.objects.filter(
        pk__in=[o.pk for o in rng.sample(organizations, 2)]
    ):
        rows.append(
            [
                organization.tax_code,
                organization.name,
                "enterprise" if organization.kind == CAB else "cab",
            ]
        )
    checked, _parsed = imports.import_validate(
        kind="organizations", data=_xlsx(rows), filename="cap-nhat.xlsx"
    )
    assert checked.ok, checked.errors
    result = imports.import_commit(
        kind="organizations", data=_xlsx(rows), filename="cap-nhat.xlsx", by=staff_user
    )
    assert result.ok, result.errors
    assert result.updated == 2


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_writes_through_the_services_keep_the_table_equal_to_the_rule(seed, staff_user):
    rng = random.Random(seed)
    solutions = _solutions()
    organizations = [
        OrganizationFactory(
            tax_code=valid_tax_code(seed * 100 + index),
            kind=CAB if index % 3 else Organization.Kind.ENTERPRISE,
        )
        for index in range(8)
    ]
    assert_table_is_the_rule()
    actions = ["record"] * 10 + ["update"] * 10 + ["cancel"] * 4 + ["import"] * 3
    actions += ["kind"] * 5 + ["import_kind"] * 2
    rng.shuffle(actions)
    ever_kept = 0
    for action in actions:
        if action == "record":
            _record(rng, organizations, solutions, staff_user)
        elif action == "update":
            _update(rng, solutions, staff_user)
        elif action == "cancel":
            _cancel(rng, staff_user)
        elif action == "import":
            _import_activities(rng, organizations, staff_user)
        elif action == "kind":
            _change_kind(rng, organizations, staff_user)
        else:
            _import_kind(rng, organizations, staff_user)
        assert_table_is_the_rule()
        ever_kept = max(ever_kept, CabStrengthenedYear.objects.count())
    # Something was counted, and something written was not, or the test proves little.
    assert ever_kept > 0
    assert SupportActivity.objects.filter(status="cancelled").exists()
    supported = {
        (pk, date.year)
        for pk, date in SupportActivity.objects.filter(status="recorded").values_list(
            "organization_id", "date"
        )
    }
    assert supported - kept_rows()  # supported, yet not a CAB strengthened

    # A rebuild from scratch gives the same rows (the aggregates hook, as after a bulk load).
    before = kept_rows()
    aggregates.clear()
    assert not CabStrengthenedYear.objects.exists()
    aggregates.rebuild()
    assert kept_rows() == before
    assert_table_is_the_rule()


def test_each_way_in_and_out(staff_user):
    """One organization through each path: a solution of group CAB_CAPACITY counts it, the
    solution taken off does not, capacity building counts it, a non-CAB is not counted until
    it becomes one, and stops when it stops being one."""
    cab_solution, other = _solutions()
    organization = OrganizationFactory(
        tax_code=valid_tax_code(1), kind=Organization.Kind.ENTERPRISE
    )
    (activity,) = enterprise_services.support_activity_record(
        organizations=[organization],
        by=staff_user,
        data={"date": dt.date(2024, 5, 1), "kind": "guidance", "title": "Hướng dẫn"},
        solutions=[cab_solution],
    )
    assert kept_rows() == set()  # not a CAB
    enterprise_services.organization_update(
        organization=organization, by=staff_user, data={"kind": CAB}
    )
    assert kept_rows() == {(organization.pk, 2024)}
    enterprise_services.support_activity_update(
        activity=activity, by=staff_user, data={}, solutions=[other]
    )
    assert kept_rows() == set()
    enterprise_services.support_activity_update(
        activity=activity,
        by=staff_user,
        data={"kind": SupportActivity.Kind.CAPACITY_BUILDING, "date": dt.date(2025, 2, 1)},
    )
    assert kept_rows() == {(organization.pk, 2025)}
    organization.refresh_from_db()
    enterprise_services.organization_update(
        organization=organization, by=staff_user, data={"kind": Organization.Kind.OTHER}
    )
    assert kept_rows() == set()
    assert_table_is_the_rule()


def test_the_rebuild_fixes_rows_written_past_the_services(db):
    organization = OrganizationFactory(kind=CAB)
    SupportActivity.objects.bulk_create(
        [
            SupportActivity(
                organization=organization,
                date=dt.date(2025, 3, 1),
                kind=SupportActivity.Kind.CAPACITY_BUILDING,
                title="Nhập thẳng",
            )
        ]
    )
    assert kept_rows() == set()
    cab_strengthened.rebuild()
    assert kept_rows() == {(organization.pk, 2025)}


def _cabs(count: int) -> None:
    for _ in range(count):
        SupportActivityFactory(
            organization=OrganizationFactory(kind=CAB),
            kind=SupportActivity.Kind.CAPACITY_BUILDING,
            date=dt.date(2024, 6, 1),
        )


def test_the_figure_reads_the_same_queries_at_any_size(db):
    computation = REGISTRY["CAB_STRENGTHENED"]
    scopes = [Scope(year=end, start_year=start) for start, end in SPANS]

    def measured():
        with CaptureQueriesContext(connection) as queries:
            values = computation.values(scopes)
            single = computation.value(scopes[0])
        sql = " ".join(query["sql"] for query in queries)
        assert "enterprises_supportactivity" not in sql  # the kept table, not the ledger
        return len(queries), values, single

    _cabs(2)
    small, values, _single = measured()
    assert values[Scope(year=2025, start_year=2023)]["value"] == 2
    _cabs(30)
    large, values, _single = measured()
    assert small == large == 2  # a series in one statement, a figure in one
    assert values[Scope(year=2025, start_year=2023)]["value"] == 32
    assert values[Scope(year=2023, start_year=2023)]["value"] == 0


def test_a_solution_moved_into_or_out_of_cab_capacity_moves_its_cabs(staff_user):
    """A solution's group edited (the service): the CABs whose activities use it are counted
    from then on, or no longer."""
    solution = SolutionFactory(code="thu-nghiem", group=Solution.Group.MANAGEMENT_SYSTEMS)
    organization = OrganizationFactory(kind=CAB)
    SupportActivityFactory(
        organization=organization, date=dt.date(2024, 9, 1), solutions=[solution]
    )
    enterprise_services.support_activity_update(
        activity=SupportActivity.objects.get(organization=organization),
        by=staff_user,
        data={},
        solutions=[solution],
    )
    assert kept_rows() == set()
    solution.group = Solution.Group.CAB_CAPACITY
    enterprise_services.solution_save(solution=solution, by=staff_user)
    assert kept_rows() == {(organization.pk, 2024)}
    assert_table_is_the_rule()
    solution.group = Solution.Group.MANAGEMENT_SYSTEMS
    enterprise_services.solution_save(solution=solution, by=staff_user)
    assert kept_rows() == set()
    assert_table_is_the_rule()
