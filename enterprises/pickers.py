"""Picker endpoints (portal/pickers.py) for organizations and support activities: staff only,
as are the forms that use them."""

from django.db.models import Q
from django.urls import path
from django.utils import formats

from portal.permissions import can_use_staff_workspace
from portal.pickers import PickerView
from portal.text import search_key

from .models import Organization, SupportActivity


def organization_label(organization: Organization) -> str:
    return f"{organization.name} – {organization.tax_code}"


def support_activity_label(activity: SupportActivity) -> str:
    date = formats.date_format(activity.date, "SHORT_DATE_FORMAT")
    return f"{date} · {activity.title} – {activity.organization.name}"


class OrganizationPicker(PickerView):
    """Registered organizations by name, short name or tax code, accents ignored. Active ones
    only; `?inactive=1` adds those that stopped (support recorded after the fact)."""

    permission = can_use_staff_workspace

    def base_queryset(self):
        statuses = [Organization.Status.ACTIVE]
        if self.request.GET.get("inactive") == "1":
            statuses.append(Organization.Status.INACTIVE)
        return (
            Organization.objects.filter(status__in=statuses)
            .only("id", "name", "tax_code")
            .order_by("name", "pk")
        )

    def get_result_label(self, result):
        return organization_label(result)


class SupportActivityPicker(PickerView):
    """Recorded support activities, newest first, found by the organization's name or tax
    code (accents ignored) or words of the activity's title (as typed)."""

    permission = can_use_staff_workspace

    def get_queryset(self):
        activities = (
            SupportActivity.objects.filter(status=SupportActivity.Status.RECORDED)
            .select_related("organization")
            .only("id", "date", "title", "organization__name")
            .order_by("-date", "-pk")
        )
        # The organization's names are matched without accents (its search column); the
        # title, which has no such column, by the words as typed.
        for word in self.q.split():
            folded = search_key(word)
            by_organization = (
                Q(organization__search_text__contains=folded) if folded else Q(pk__in=[])
            )
            activities = activities.filter(by_organization | Q(title__icontains=word))
        return activities

    def get_result_label(self, result):
        return support_activity_label(result)


urlpatterns = [
    path("pick/organizations/", OrganizationPicker.as_view(), name="pick_organization"),
    path("pick/support-activities/", SupportActivityPicker.as_view(), name="pick_support_activity"),
]
