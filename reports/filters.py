"""Filters of the targets list (portal.lists: applied only when chosen, sortable)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from portal.filters import YearFilter
from portal.lists import SortFilter, StaffListFilter
from portal.models import Phase

from .models import Indicator, Target


class TargetFilter(StaffListFilter):
    indicator = django_filters.ModelChoiceFilter(
        label=_("Indicator"), queryset=Indicator.objects.filter(is_active=True)
    )
    phase = django_filters.ModelChoiceFilter(label=_("Phase"), queryset=Phase.objects.all())
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Target.Kind.choices)
    year = YearFilter(label=_("Year"))
    o = SortFilter(
        {
            "indicator": ("indicator__order", "phase__start_year", "year"),
            "name": ("indicator__name", "phase__start_year", "year"),
            "phase": ("phase__start_year", "year", "indicator__order"),
            "year": ("year", "indicator__order"),
            "kind": ("kind", "indicator__order"),
        },
        collated={"name"},
        default="indicator",
    )

    class Meta:
        model = Target
        fields = ["indicator", "phase", "kind", "year"]
