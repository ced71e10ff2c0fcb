"""The Excel exports of the awards' staff lists (portal.exports): cycles and nominations."""

from django.utils.translation import gettext_lazy as _

from portal.exports import Column, ListExport
from portal.permissions import can_use_staff_workspace

from . import selectors
from .filters import CycleFilter, NominationFilter
from .models import Nomination

EXPORTS = [
    ListExport(
        name="cycles",
        title=_("Award cycles"),
        stem="dot-giai-thuong",
        columns=[
            Column(_("Year"), "year", "int", width=8),
            Column(_("Name"), "name", width=40),
            Column(_("Legal basis"), "legal_basis", width=36),
            Column(_("Registration opens"), "registration_opens", "date"),
            Column(_("Registration closes"), "registration_closes", "date"),
            Column(_("Dossier deadline"), "dossier_deadline", "date"),
            Column(_("Review deadline"), "review_deadline", "date"),
            Column(_("Criteria"), "criteria_count", "int"),
            Column(_("Criteria points"), "criteria_points", "int"),
            Column(_("Nominations"), "nominations_count", "int"),
        ],
        permission=can_use_staff_workspace,
        list_url="awards:cycle_list",
        queryset=lambda user: selectors.cycles_with_counts(),
        filterset=CycleFilter,
    ),
    ListExport(
        name="nominations",
        title=_("Nominations"),
        stem="ho-so-giai-thuong",
        columns=[
            Column(_("Year"), "cycle.year", "int", width=8),
            Column(_("Tax code"), "organization.tax_code", width=14),
            Column(_("Organization"), "organization.name", width=40),
            Column(_("Entry category"), "get_category_display", width=24),
            Column(_("Status"), "get_status_display", width=20),
            Column(_("Level"), "level.name", width=18),
            Column(_("Self-assessment score"), "self_assessment_score", "int"),
            Column(_("Registered at"), "registered_at", "datetime"),
            Column(_("Dossier submitted at"), "submitted_at", "datetime"),
            Column(_("Files"), "documents_count", "int"),
            Column(_("Reviews submitted"), "submitted_reviews", "int"),
            Column(_("Reviews assigned"), "reviews_count", "int"),
            Column(_("Award decision number"), "decision_number", width=18),
            Column(_("Decision date"), "decision_date", "date"),
        ],
        permission=can_use_staff_workspace,
        list_url="awards:nomination_list",
        queryset=lambda user: selectors.nominations_list(Nomination.objects.all()),
        filterset=NominationFilter,
    ),
]
