"""Filters of the awards' staff lists (portal.lists: applied only when chosen, sortable)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from unidecode import unidecode

from portal.filters import YearFilter
from portal.lists import SortFilter, StaffListFilter

from .models import AwardCycle, Nomination


class CycleFilter(StaffListFilter):
    year = YearFilter(label=_("Year"))
    o = SortFilter(
        {
            "year": "year",
            "name": "name",
            "registration": "registration_opens",
            "dossier": "dossier_deadline",
            "review": "review_deadline",
            "criteria": "criteria_count",
            "nominations": "nominations_count",
        },
        collated={"name"},
        default="-year",
    )

    class Meta:
        model = AwardCycle
        fields = ["year"]


class NominationFilter(StaffListFilter):
    cycle = django_filters.ModelChoiceFilter(label=_("Cycle"), queryset=AwardCycle.objects.all())
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Nomination.Status.choices)
    q = django_filters.CharFilter(label=_("Search"), method="search")
    o = SortFilter(
        {
            "year": "cycle__year",
            "organization": "organization__name",
            "category": "category",
            "status": "status",
            "files": "documents_count",
            "reviews": "submitted_reviews",
        },
        collated={"organization"},
        default="-year",
    )

    class Meta:
        model = Nomination
        fields = ["cycle", "status", "q"]

    def search(self, queryset, name, value):
        text = unidecode(value).lower().strip()
        return queryset.filter(
            Q(organization__search_text__contains=text)
            | Q(organization__name__icontains=value)
            | Q(organization__tax_code__startswith=value.strip())
        )
