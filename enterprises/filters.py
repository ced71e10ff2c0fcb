"""Filters for the staff registry and the support ledger (django-filter)."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.lists import SortFilter, StaffListFilter
from portal.pickers import Picker

from .forms import commune_queryset
from .industry import section_choices as sections_of
from .models import Organization, PilotModel, Solution, SupportActivity, SupportRequest
from .selectors import (
    breakdown_classification,
    industry_converter,
    industry_section_filter,
    organizations_named,
    organizations_supported_in,
    recorded_activities,
    search_organizations,
)


def section_choices():
    """The sections of the one classification counts by industry use (program settings), each
    once; organizations coded in the other version are found through the concordance."""
    return sections_of(breakdown_classification())


def year_choices():
    return [(y, str(y)) for y in range(timezone.localdate().year, 2020, -1)]


class OrganizationFilter(StaffListFilter):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    status = django_filters.ChoiceFilter(choices=Organization.Status.choices, label=_("Status"))
    kind = django_filters.ChoiceFilter(choices=Organization.Kind.choices, label=_("Kind"))
    commune = django_filters.ModelChoiceFilter(
        queryset=lambda _request: commune_queryset(),
        label=_("Commune / ward"),
        widget=Picker("portal:pick_commune", placeholder=_("All")),
    )
    industry_section = django_filters.ChoiceFilter(
        choices=section_choices, label=_("Industry section"), method="filter_section"
    )
    size_class = django_filters.ChoiceFilter(
        choices=Organization.SizeClass.choices, label=_("Size")
    )
    solution = django_filters.ModelChoiceFilter(
        queryset=Solution.objects.all(), label=_("Solution applied"), method="filter_solution"
    )
    year_supported = django_filters.TypedChoiceFilter(
        choices=year_choices, coerce=int, label=_("Supported in"), method="filter_year"
    )
    o = SortFilter(
        {
            "name": "name",
            "tax_code": "tax_code",
            "kind": "kind",
            "commune": "commune__name",
            "industry": "industry_code",
            "size": "size_class",
            "supports": "activity_count",
            "status": "status",
        },
        collated={"name", "commune"},
        default="name",
    )

    class Meta:
        model = Organization
        fields = ["q", "status", "kind", "commune", "industry_section", "size_class"]

    def filter_q(self, queryset, name, value):
        named = organizations_named(value)
        if named is not None:
            return queryset.filter(pk__any_of=named)
        return search_organizations(queryset, value)

    def filter_section(self, queryset, name, value):
        return queryset.filter(industry_section_filter(value, industry_converter()))

    def filter_solution(self, queryset, name, value):
        activities = recorded_activities().filter(solutions=value)
        return queryset.filter(pk__in=activities.values("organization_id"))

    def filter_year(self, queryset, name, value):
        return queryset.filter(pk__in=organizations_supported_in(int(value)).values("pk"))


class ActivityFilter(StaffListFilter):
    q = django_filters.CharFilter(label=_("Organization"), method="filter_q")
    year = django_filters.TypedChoiceFilter(
        choices=year_choices, coerce=int, label=_("Year"), field_name="date", lookup_expr="year"
    )
    kind = django_filters.ChoiceFilter(choices=SupportActivity.Kind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=SupportActivity.Status.choices, label=_("Status"))
    solution_group = django_filters.ChoiceFilter(
        choices=Solution.Group.choices, label=_("Solution group"), method="filter_group"
    )
    batch = django_filters.UUIDFilter(label=_("Recorded together"), widget=forms.HiddenInput)
    o = SortFilter(
        {
            "date": "date",
            "organization": "organization__name",
            "title": "title",
            "state_budget": "state_budget",
            "own_contribution": "own_contribution",
            "status": "status",
        },
        collated={"organization", "title"},
        default="-date",
    )

    class Meta:
        model = SupportActivity
        fields = ["q", "year", "kind", "status"]

    def filter_q(self, queryset, name, value):
        named = organizations_named(value)
        if named is None:
            named = search_organizations(Organization.objects.all(), value).values("pk")
        return queryset.filter(organization_id__in=named)

    def filter_group(self, queryset, name, value):
        ids = SupportActivity.objects.filter(solutions__group=value).values("pk")
        return queryset.filter(pk__in=ids)


class SupportRequestFilter(StaffListFilter):
    q = django_filters.CharFilter(label=_("Organization"), method="filter_q")
    status = django_filters.ChoiceFilter(choices=SupportRequest.Status.choices, label=_("Status"))
    year = django_filters.TypedChoiceFilter(
        choices=year_choices,
        coerce=int,
        label=_("Year"),
        field_name="created_at",
        lookup_expr="year",
    )
    o = SortFilter(
        {
            "created": "created_at",
            "organization": "organization__name",
            # Newest first within a status is the (status, created_at, id) index's order.
            "status": ("status", "created_at"),
        },
        collated={"organization"},
        default="-created",
    )

    class Meta:
        model = SupportRequest
        fields = ["q", "status", "year"]

    def filter_q(self, queryset, name, value):
        named = organizations_named(value)
        if named is None:
            named = search_organizations(Organization.objects.all(), value).values("pk")
        return queryset.filter(organization_id__in=named)


class PilotModelFilter(StaffListFilter):
    status = django_filters.ChoiceFilter(choices=PilotModel.Status.choices, label=_("Status"))

    class Meta:
        model = PilotModel
        fields = ["status"]


class ReviewFilter(StaffListFilter):
    """The registrations waiting for review."""

    q = django_filters.CharFilter(label=_("Search"), method="filter_q")
    kind = django_filters.ChoiceFilter(choices=Organization.Kind.choices, label=_("Kind"))
    commune = django_filters.ModelChoiceFilter(
        queryset=lambda _request: commune_queryset(), label=_("Commune / ward")
    )
    o = SortFilter(
        {"submitted": "submitted_at", "name": "name", "tax_code": "tax_code"},
        collated={"name"},
        default="submitted",
    )

    class Meta:
        model = Organization
        fields = ["q", "kind", "commune"]

    def filter_q(self, queryset, name, value):
        named = organizations_named(value)
        if named is not None:
            return queryset.filter(pk__any_of=named)
        return search_organizations(queryset, value)
