"""Picker endpoint (portal/pickers.py) for the organizations staff encourage to enter a cycle."""

from django.shortcuts import get_object_or_404
from django.urls import path

from enterprises.pickers import OrganizationPicker

from .models import AwardCycle


class CycleCandidatePicker(OrganizationPicker):
    """Active organizations not yet in the cycle (the encourage form's choices)."""

    def base_queryset(self):
        cycle = get_object_or_404(AwardCycle, pk=self.kwargs["pk"])
        return super().base_queryset().exclude(nominations__cycle=cycle)


urlpatterns = [
    path(
        "staff/cycles/<int:pk>/pick/organizations/",
        CycleCandidatePicker.as_view(),
        name="pick_cycle_candidate",
    ),
]
