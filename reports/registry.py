"""The one registry: indicator code → how its actual is computed, which records it counts and
the counting rule in words (`rule`), written here once beside the query that applies it; the
drill-down page and the annual report's notes show that text, and reports/README.md points here.

Everything here reads the other apps through their selectors only (the organizations
supported each year come from the table the writing services keep). Counts are of distinct
organizations or persons (the selectors guarantee it); a cumulative indicator counts from the
first year of the phase through the year asked.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from awards import selectors as awards
from enterprises import selectors as enterprises
from enterprises import support_pairs
from portal import selectors as portal
from trainings import selectors as trainings


@dataclass(frozen=True)
class Scope:
    """The years an actual covers: the year itself, or the phase up to it when cumulative."""

    year: int
    start_year: int  # first year counted (the phase's first year for a cumulative indicator)


@dataclass
class Section:
    """A list of records a figure counts (a drill-down tab)."""

    key: str
    title: str | Promise
    kind: str  # organizations | enrollments | communication | contracts
    queryset: QuerySet


@dataclass
class Computation:
    """How an indicator's actual is obtained from the records.

    `rule` is the counting rule in words: written here once, next to the query that applies
    it, and shown to users on the drill-down page and in the annual report's notes (frozen
    in a year's snapshot with the figure). `baseline` names the figure of the year before
    the plan that the program settings keep (`portal.selectors.plan_baseline`), for a growth
    target whose previous year the portal has no records of.
    """

    value: Callable[[Scope], dict]  # -> {"value": number, "details": {...}}
    sections: Callable[[Scope], list[Section]] = field(default=lambda scope: [])
    rule: str | Promise = ""
    baseline: str | None = None
    # The same as `value` for many scopes at once, in a few grouped queries (a page showing
    # an indicator's series loads every year of it together): {scope: value(scope)}.
    values: Callable[[list[Scope]], dict[Scope, dict]] | None = None


def count_together(querysets: list[QuerySet]) -> list[int]:
    """The counts of several querysets in one statement (a scalar subquery each): the same
    numbers as their `count()`, in one round trip instead of one each. A `values()` queryset
    is counted by its rows (with `distinct()`, its distinct values)."""
    if not querysets:
        return []
    parts: list[str] = []
    params: list = []
    for index, queryset in enumerate(querysets):
        # A values() queryset counts its rows as they are (distinct ids of a kept table).
        rows = queryset.order_by()
        if not rows.query.values_select:
            rows = rows.values("pk")
        sql, part_params = rows.query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) counted_{index})")  # noqa: S608
        params.extend(part_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return list(cursor.fetchone())


def counted(records: Callable[[Scope], QuerySet], section: Callable[[], tuple], **kwargs):
    """A count of records whose drill-down lists exactly the records counted: the figure is
    `records(scope).count()` and the first drill-down tab is the same `records(scope)`.
    `section` gives the tab's (key, title, kind); `details` and `more_sections` add to them.
    With `together`, the figures of many scopes (a series) and their `detail_counts` (scope →
    {detail: queryset counted}) are counted in one statement. With `kept`, the figure counts
    `kept(scope)` instead: the same records read from a table the writing services keep
    (the drill-down still lists `records(scope)`; tests hold the two equal)."""
    details = kwargs.pop("details", None)
    detail_counts = kwargs.pop("detail_counts", None)
    more_sections = kwargs.pop("more_sections", None)
    # The same records read from a kept table (the figure), when listing them stays live.
    kept = kwargs.pop("kept", None) or records
    if kwargs.pop("together", False):

        def values(scopes: list[Scope]) -> dict[Scope, dict]:
            querysets, slots = [], []
            for scope in scopes:
                querysets.append(kept(scope))
                slots.append((scope, None))
                for key, queryset in (detail_counts(scope) if detail_counts else {}).items():
                    querysets.append(queryset)
                    slots.append((scope, key))
            results: dict[Scope, dict] = {scope: {"value": 0, "details": {}} for scope in scopes}
            for (scope, key), number in zip(slots, count_together(querysets), strict=True):
                if key is None:
                    results[scope]["value"] = number
                else:
                    results[scope]["details"][key] = number
            return results

        return Computation(
            lambda scope: values([scope])[scope],
            _sections(records, section, more_sections),
            values=values,
            **kwargs,
        )

    def value(scope: Scope) -> dict:
        return {
            "value": kept(scope).count(),
            "details": details(scope) if details else {},
        }

    return Computation(value, _sections(records, section, more_sections), **kwargs)


def _sections(records, section, more_sections) -> Callable[[Scope], list[Section]]:
    def sections(scope: Scope) -> list[Section]:
        key, title, kind = section()
        first = Section(key, title, kind, records(scope))
        return [first, *(more_sections(scope) if more_sections else [])]

    return sections


# How each kind of record is listed: the ordering and joins a drill-down page needs (not the
# organizations' contacts, which it does not show: a new phone number keeps it kept).
def decorate(kind: str, queryset: QuerySet) -> QuerySet:
    if kind == "organizations":
        listed = queryset.select_related("commune").order_by("name", "pk")
        return enterprises.without_contacts(listed)
    if kind == "enrollments":
        listed = queryset.select_related("course", "organization").order_by(
            Lower("email"), "course__ends_on", "pk"
        )
        return enterprises.without_contacts(listed, "organization__")
    if kind == "communication":
        return queryset.order_by("date", "pk")
    if kind == "contracts":
        return queryset.select_related("consultant").order_by("settled_on", "pk")
    raise ValueError(f"Unknown record kind {kind!r}")


# --- SUPPORTED_ORGS ---------------------------------------------------------------------------
# The plan: "số doanh nghiệp được phổ biến, đào tạo, hướng dẫn áp dụng ..." (disseminated,
# trained or guided to apply): a support activity of the ledger, or people of the organization
# completing one of the program's courses in the year.
SUPPORTED_ORGS_RULE = _(
    "Distinct organizations supported in the year: an organization with at least one support "
    "activity recorded in the year (dissemination, training, guidance, consulting, "
    "certification support or capacity building), or whose people completed an awareness "
    "seminar, an in-depth course or a tool/system course ending in the year (attended it to "
    "the end, passed or not; program management courses train the program's own staff and do "
    "not count). Cancelled activities and cancelled or unattended registrations do not count; "
    "an organization counts once however often it was supported."
)


def supported_organizations(year: int) -> QuerySet:
    """The organizations SUPPORTED_ORGS counts in `year` (see SUPPORTED_ORGS_RULE): those
    `enterprises.selectors.organizations_supported_in(year)` or
    `trainings.selectors.organizations_trained_in(year)` count, read from the table the
    writing services keep of their union (enterprises/supported.py), one index instead of
    every activity and enrollment of the year."""
    return enterprises.organizations_supported_kept(year)


def supported_breakdown(year: int, by: str) -> list[dict]:
    """The organizations SUPPORTED_ORGS counts, grouped by `by` (one of
    `enterprises.selectors.BREAKDOWNS`): by commune, industry section or size class each
    organization falls in one group; by kind of support or solution group it counts once in
    each kind or group of support it received (a course counts as dissemination or training
    in the solutions it covered)."""
    if by in ("kind", "solution_group"):
        # The pairs of the ledger and the courses (`supported_breakdown_live`), read from the
        # counts the writing services keep of them (enterprises/support_pairs.py).
        return support_pairs.breakdown(year, by)
    # By commune, industry or size: the counts kept with the supported organizations (the
    # same organizations as `supported_organizations(year)`), not a GROUP BY over them.
    return enterprises.supported_breakdown_kept(year, by)


def supported_breakdown_live(year: int, by: str) -> list[dict]:
    """`supported_breakdown` computed from the records (the rule the kept counts follow)."""
    if by in ("kind", "solution_group"):
        other = trainings.course_support_pairs(year, by)
        return enterprises.supported_breakdown(year, by, other_support=other)
    return enterprises.supported_breakdown(year, by, organizations=supported_organizations(year))


# --- PILOT_MODELS ------------------------------------------------------------------------------
# 2021–2025 the plan says "lựa chọn ít nhất 02 doanh nghiệp ... trở thành mô hình điểm" (select);
# 2026–2030 it says "có ít nhất 05 doanh nghiệp đã xây dựng mô hình điểm" (have built).
PILOT_MODELS_BUILT_FROM = 2026
PILOT_MODELS_RULE = _(
    "Distinct organizations with a pilot model, from the start of the phase to the end of the "
    "year. In 2021–2025 (the plan: select at least 2 enterprises) a model counts from the day "
    "it was selected. From 2026 (the plan: at least 5 enterprises have built a pilot model) a "
    "model counts only once it is built, that is evaluated or recognised, from that day; the "
    "models selected but not built yet are shown beside the figure."
)


def pilot_models_counted_built(scope: Scope) -> bool:
    """Whether PILOT_MODELS counts built models (else selected ones) in the phase of `scope`."""
    return scope.start_year >= PILOT_MODELS_BUILT_FROM


def _pilot_selected(scope: Scope) -> QuerySet:
    return enterprises.organizations_with_pilot_model(scope.start_year, scope.year)


def _pilot_built(scope: Scope) -> QuerySet:
    return enterprises.organizations_with_pilot_model_built(scope.start_year, scope.year)


def _pilot_counted(scope: Scope) -> QuerySet:
    return _pilot_built(scope) if pilot_models_counted_built(scope) else _pilot_selected(scope)


def _pilot_details(scope: Scope) -> dict[str, QuerySet]:
    return {"pilot_selected": _pilot_selected(scope), "pilot_built": _pilot_built(scope)}


def _pilot_section() -> tuple:
    return ("organizations", _("Organizations counted"), "organizations")


def _pilot_more_sections(scope: Scope) -> list[Section]:
    other = (
        ("selected", _("Organizations with a pilot model selected"), _pilot_selected(scope))
        if pilot_models_counted_built(scope)
        else (
            "built",
            _("Organizations with a pilot model built (evaluated or recognised)"),
            _pilot_built(scope),
        )
    )
    return [Section(other[0], other[1], "organizations", other[2])]


# --- the others ---------------------------------------------------------------------------------
def _experts(scope: Scope) -> dict:
    return _experts_values([scope])[scope]


def _cumulative(category: str, scopes: list[Scope]) -> dict[Scope, int]:
    """Distinct persons of `category` over each scope: one query per first year counted."""
    starts: dict[int, list[int]] = {}
    for scope in scopes:
        starts.setdefault(scope.start_year, []).append(scope.year)
    counts = {}
    for start, years in starts.items():
        by_year = trainings.persons_counted_cumulative(category, start, years)
        counts.update({Scope(year=year, start_year=start): by_year[year] for year in years})
    return counts


def _experts_values(scopes: list[Scope]) -> dict[Scope, dict]:
    category = trainings.PersonCategory.IN_DEPTH
    this_year = trainings.persons_counted_per_year(category, [scope.year for scope in scopes])
    return {
        scope: {"value": value, "details": {"this_year": this_year[scope.year]}}
        for scope, value in _cumulative(category, scopes).items()
    }


def _experts_sections(scope: Scope) -> list[Section]:
    return [
        Section(
            "people",
            _("People trained in depth (each person counted once)"),
            "enrollments",
            trainings.persons_trained_in_depth(scope.start_year, scope.year),
        )
    ]


def _nqa_sections(scope: Scope) -> list[Section]:
    return [
        Section(
            "participants",
            _("Organizations taking part"),
            "organizations",
            awards.award_participants(scope.start_year, scope.year),
        ),
    ]


def _awareness(scope: Scope) -> dict:
    return _awareness_values([scope])[scope]


def _awareness_values(scopes: list[Scope]) -> dict[Scope, dict]:
    years = [scope.year for scope in scopes]
    reaches = {row["year"]: row for row in portal.communication_reach_by_year()}
    seminars = trainings.persons_counted_per_year(trainings.PersonCategory.AWARENESS, years)
    values = {}
    for scope in scopes:
        reach = reaches.get(scope.year) or {"people": 0, "organizations": 0, "activities": 0}
        seminar = seminars[scope.year]
        values[scope] = {
            "value": reach["people"] + seminar,
            "details": {
                "people_reached": reach["people"],
                "organizations_reached": reach["organizations"],
                "activities": reach["activities"],
                "seminar_participants": seminar,
            },
        }
    return values


def _awareness_sections(scope: Scope) -> list[Section]:
    return [
        Section(
            "communication",
            _("Communication activities"),
            "communication",
            portal.communication_activities_in(scope.year),
        ),
        Section(
            "seminars",
            _("Awareness seminar participants"),
            "enrollments",
            trainings.awareness_participants(scope.year),
        ),
    ]


def _mgmt(scope: Scope) -> dict:
    return _mgmt_values([scope])[scope]


def _mgmt_values(scopes: list[Scope]) -> dict[Scope, dict]:
    counts = _cumulative(trainings.PersonCategory.MANAGEMENT, scopes)
    return {scope: {"value": value, "details": {}} for scope, value in counts.items()}


def _mgmt_sections(scope: Scope) -> list[Section]:
    return [
        Section(
            "people",
            _("Staff trained in program management"),
            "enrollments",
            trainings.management_staff_trained(scope.start_year, scope.year),
        )
    ]


def _budget(scope: Scope) -> dict:
    return _budget_values([scope])[scope]


def _budget_values(scopes: list[Scope]) -> dict[Scope, dict]:
    settled = trainings.settled_by_year([scope.year for scope in scopes])
    return {
        scope: {
            "value": settled[scope.year]["total"],
            "details": {"contracts_settled": settled[scope.year]["count"]},
        }
        for scope in scopes
    }


def _budget_sections(scope: Scope) -> list[Section]:
    return [
        Section(
            "contracts",
            _("Contracts settled"),
            "contracts",
            trainings.contracts_settled_in(scope.year),
        )
    ]


REGISTRY: dict[str, Computation] = {
    "SUPPORTED_ORGS": counted(
        lambda scope: supported_organizations(scope.year),
        lambda: ("organizations", _("Organizations supported"), "organizations"),
        rule=SUPPORTED_ORGS_RULE,
        baseline="supported_organizations",
    ),
    "EXPERTS_TRAINED": Computation(
        _experts,
        _experts_sections,
        values=_experts_values,
        rule=_(
            "Distinct people (by e-mail address) who passed an in-depth course ending between "
            "the start of the phase and the end of the year."
        ),
    ),
    "PILOT_MODELS": counted(
        _pilot_counted,
        _pilot_section,
        detail_counts=_pilot_details,
        together=True,
        more_sections=_pilot_more_sections,
        rule=PILOT_MODELS_RULE,
    ),
    "NQA_WINNERS": counted(
        lambda scope: awards.award_winners(scope.start_year, scope.year),
        lambda: ("winners", _("Award winners"), "organizations"),
        detail_counts=lambda scope: {
            "participants": awards.award_participants(scope.start_year, scope.year)
        },
        together=True,
        more_sections=_nqa_sections,
        rule=_(
            "Distinct organizations that won the National Quality Award in the cycles from the "
            "start of the phase to the year; the organizations that took part are shown beside."
        ),
    ),
    "AWARENESS_REACH": Computation(
        _awareness,
        _awareness_sections,
        values=_awareness_values,
        rule=_(
            "People reached by the communication activities published in the year, plus the "
            "distinct people who attended an awareness seminar ending in the year."
        ),
    ),
    "CAB_STRENGTHENED": counted(
        lambda scope: enterprises.cab_strengthened_listed(scope.start_year, scope.year),
        lambda: ("organizations", _("Conformity assessment bodies strengthened"), "organizations"),
        kept=lambda scope: enterprises.cab_strengthened_counted(scope.start_year, scope.year),
        together=True,
        rule=_(
            "Distinct conformity assessment bodies (testing, inspection, certification) with a "
            "recorded capacity-building support, or a support with a capacity-building solution, "
            "from the start of the phase to the end of the year."
        ),
    ),
    "MGMT_TRAINED": Computation(
        _mgmt,
        _mgmt_sections,
        values=_mgmt_values,
        rule=_(
            "Distinct people (by e-mail address) who attended a program management course "
            "ending between the start of the phase and the end of the year."
        ),
    ),
    "BUDGET_SPENT": Computation(
        _budget,
        _budget_sections,
        values=_budget_values,
        rule=_("Sum of the settled amounts of the contracts settled in the year."),
    ),
}
