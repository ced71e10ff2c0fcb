"""The one registry: indicator code → how its actual is computed and which records it counts.

Everything here reads the other apps through their selectors only. Counts are of distinct
organizations or persons (the selectors guarantee it); a cumulative indicator counts from the
first year of the phase through the year asked.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from awards import selectors as awards
from enterprises import selectors as enterprises
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
    title: str
    kind: str  # organizations | enrollments | communication | contracts
    queryset: QuerySet


@dataclass
class Computation:
    value: Callable[[Scope], dict]  # -> {"value": number, "details": {...}}
    sections: Callable[[Scope], list[Section]] = field(default=lambda scope: [])


# How each kind of record is listed: the ordering and joins a drill-down page needs.
def decorate(kind: str, queryset: QuerySet) -> QuerySet:
    if kind == "organizations":
        return queryset.select_related("commune").order_by("name", "pk")
    if kind == "enrollments":
        return queryset.select_related("course", "organization").order_by(
            Lower("email"), "course__ends_on", "pk"
        )
    if kind == "communication":
        return queryset.order_by("date", "pk")
    if kind == "contracts":
        return queryset.select_related("consultant").order_by("settled_on", "pk")
    raise ValueError(f"Unknown record kind {kind!r}")


def _supported_orgs(scope: Scope) -> dict:
    return {"value": enterprises.organizations_supported_in(scope.year).count(), "details": {}}


def _supported_orgs_sections(scope: Scope) -> list[Section]:
    return [
        Section(
            "organizations",
            _("Organizations supported"),
            "organizations",
            enterprises.organizations_supported_in(scope.year),
        )
    ]


def _experts(scope: Scope) -> dict:
    return {
        "value": trainings.persons_trained_in_depth_count(scope.start_year, scope.year),
        "details": {"this_year": trainings.persons_trained_in_depth_count(scope.year, scope.year)},
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


def _pilot_models(scope: Scope) -> dict:
    return {
        "value": enterprises.organizations_with_pilot_model(scope.start_year, scope.year).count(),
        "details": {},
    }


def _pilot_models_sections(scope: Scope) -> list[Section]:
    return [
        Section(
            "organizations",
            _("Organizations with a pilot model"),
            "organizations",
            enterprises.organizations_with_pilot_model(scope.start_year, scope.year),
        )
    ]


def _nqa(scope: Scope) -> dict:
    return {
        "value": awards.award_winners(scope.start_year, scope.year).count(),
        "details": {
            "participants": awards.award_participants(scope.start_year, scope.year).count()
        },
    }


def _nqa_sections(scope: Scope) -> list[Section]:
    return [
        Section(
            "winners",
            _("Award winners"),
            "organizations",
            awards.award_winners(scope.start_year, scope.year),
        ),
        Section(
            "participants",
            _("Organizations taking part"),
            "organizations",
            awards.award_participants(scope.start_year, scope.year),
        ),
    ]


def _awareness(scope: Scope) -> dict:
    reach = portal.communication_reach(scope.year)
    seminar = trainings.awareness_participants_count(scope.year)
    return {
        "value": reach["people"] + seminar,
        "details": {
            "people_reached": reach["people"],
            "organizations_reached": reach["organizations"],
            "activities": reach["activities"],
            "seminar_participants": seminar,
        },
    }


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


def _cab(scope: Scope) -> dict:
    return {
        "value": enterprises.conformity_assessment_bodies_strengthened(
            scope.start_year, scope.year
        ).count(),
        "details": {},
    }


def _cab_sections(scope: Scope) -> list[Section]:
    return [
        Section(
            "organizations",
            _("Conformity assessment bodies strengthened"),
            "organizations",
            enterprises.conformity_assessment_bodies_strengthened(scope.start_year, scope.year),
        )
    ]


def _mgmt(scope: Scope) -> dict:
    return {
        "value": trainings.management_staff_trained_count(scope.start_year, scope.year),
        "details": {},
    }


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
    return {
        "value": trainings.budget_settled_in(scope.year),
        "details": {"contracts_settled": trainings.contracts_settled_in(scope.year).count()},
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
    "SUPPORTED_ORGS": Computation(_supported_orgs, _supported_orgs_sections),
    "EXPERTS_TRAINED": Computation(_experts, _experts_sections),
    "PILOT_MODELS": Computation(_pilot_models, _pilot_models_sections),
    "NQA_WINNERS": Computation(_nqa, _nqa_sections),
    "AWARENESS_REACH": Computation(_awareness, _awareness_sections),
    "CAB_STRENGTHENED": Computation(_cab, _cab_sections),
    "MGMT_TRAINED": Computation(_mgmt, _mgmt_sections),
    "BUDGET_SPENT": Computation(_budget, _budget_sections),
}
