"""The Excel exports of the enterprises' staff lists (portal.exports): the registry, the
support ledger, the support requests and the registrations waiting for review. Each list's
columns are declared once here; the rows are the list's own, filtered and ordered as shown."""

from itertools import islice

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from portal.exports import CHUNK, Column, ListExport
from portal.permissions import can_use_staff_workspace

from . import selectors
from .filters import ActivityFilter, OrganizationFilter, ReviewFilter, SupportRequestFilter
from .industry import section_name
from .models import Organization, SupportRequest


def _section(org) -> str:
    letter = org.industry_section
    if not letter:
        return ""
    return f"{letter} – {section_name(org.industry_classification, letter)}"


def _solutions(row) -> str:
    return ", ".join(str(solution.name) for solution in row.solutions.all())


def _registry_rows(query, user):
    """The registry's rows for `query`, in its order, with each organization's number of
    supports counted a chunk at a time (one grouped query per CHUNK organizations): the list's
    per-row count subquery, run for each of 1,000,000 rows, made the export database-bound.
    Sorted by that number, the list's own queryset (which orders by it) is used as it is."""
    if query.get("o", "").lstrip("-") == "supports":
        queryset = OrganizationFilter(query, queryset=selectors.registry_organizations()).qs
        return queryset.iterator(chunk_size=CHUNK), queryset.count()
    organizations = Organization.objects.select_related("commune").only(*ORGANIZATION_FIELDS)
    queryset = OrganizationFilter(query, queryset=organizations).qs
    return _with_support_counts(queryset.iterator(chunk_size=CHUNK)), queryset.count()


def _with_support_counts(organizations):
    while chunk := list(islice(organizations, CHUNK)):
        counts = dict(
            selectors.recorded_activities()
            .filter(organization_id__in=[org.pk for org in chunk])
            .order_by()
            .values_list("organization_id")
            .annotate(n=Count("id"))
        )
        for org in chunk:
            org.activity_count = counts.get(org.pk, 0)
        yield from chunk


ORGANIZATION_COLUMNS = [
    Column(_("Tax code"), "tax_code", width=14),
    Column(_("Name"), "name", width=40),
    Column(_("Short name"), "short_name", width=16),
    Column(_("Kind"), "get_kind_display", width=18),
    Column(_("Status"), "get_status_display", width=16),
    Column(_("Legal form"), "get_legal_form_display", width=20),
    Column(_("Industry classification"), "get_industry_classification_display", width=14),
    Column(_("Industry code"), "industry_code", width=10),
    Column(_("Industry section"), _section, width=30),
    Column(_("Size"), "get_size_class_display", width=12),
    Column(_("Employees"), "employees", "int"),
    Column(_("Annual revenue (VND)"), "annual_revenue", "money", width=20),
    Column(_("Total capital (VND)"), "total_capital", "money", width=20),
    Column(_("Commune / ward"), "commune.name", width=22),
    Column(_("Address"), "address", width=36),
    Column(_("Phone"), "phone", width=14),
    Column(_("E-mail"), "email", width=26),
]
# What ORGANIZATION_COLUMNS read, and only that: an organization row has twice as many columns
# (its search text, products, representative, review fields…), and reading and building them
# was a fifth of the registry export's time at 1,000,000 rows.
ORGANIZATION_FIELDS = (
    *("tax_code", "name", "short_name", "kind", "status", "legal_form"),
    *("industry_classification", "industry_code", "industry_section", "size_class"),
    *("employees", "annual_revenue", "total_capital", "address", "phone", "email"),
    "commune__name",
)

EXPORTS = [
    ListExport(
        name="registry",
        title=_("Registry of organizations"),
        stem="to-chuc",
        columns=[*ORGANIZATION_COLUMNS, Column(_("Supports"), "activity_count", "int")],
        permission=can_use_staff_workspace,
        list_url="enterprises:registry",
        rows=_registry_rows,
    ),
    ListExport(
        name="ledger",
        title=_("Support ledger"),
        stem="so-ho-tro",
        columns=[
            Column(_("Date"), "date", "date"),
            Column(_("Tax code"), "organization.tax_code", width=14),
            Column(_("Organization"), "organization.name", width=40),
            Column(_("Support"), "title", width=40),
            Column(_("Kind"), "get_kind_display", width=18),
            Column(_("Solutions"), _solutions, width=36),
            Column(_("People taking part"), "participants", "int"),
            Column(_("State budget (VND)"), "state_budget", "money", width=20),
            Column(_("Own contribution (VND)"), "own_contribution", "money", width=20),
            Column(_("Status"), "get_status_display", width=14),
            Column(_("Certificate number"), "certificate_number", width=18),
            Column(_("Certificate date"), "certificate_date", "date"),
        ],
        permission=can_use_staff_workspace,
        list_url="enterprises:ledger",
        queryset=lambda user: selectors.support_ledger(),
        filterset=ActivityFilter,
    ),
    ListExport(
        name="requests",
        title=_("Support requests"),
        stem="yeu-cau-ho-tro",
        columns=[
            Column(_("Date"), "created_at", "datetime"),
            Column(_("Tax code"), "organization.tax_code", width=14),
            Column(_("Organization"), "organization.name", width=40),
            Column(_("Solutions"), _solutions, width=36),
            Column(_("Need"), "need", width=60),
            Column(_("Status"), "get_status_display", width=16),
            Column(_("Response"), "response", width=40),
        ],
        permission=can_use_staff_workspace,
        list_url="enterprises:staff_requests",
        queryset=lambda user: selectors.support_requests_listing(SupportRequest.objects.all()),
        filterset=SupportRequestFilter,
    ),
    ListExport(
        name="review",
        title=_("Registrations to review"),
        stem="dang-ky-cho-duyet",
        columns=[Column(_("Submitted at"), "submitted_at", "datetime"), *ORGANIZATION_COLUMNS],
        permission=can_use_staff_workspace,
        list_url="enterprises:review_queue",
        queryset=lambda user: selectors.organizations_pending_review(),
        filterset=ReviewFilter,
    ),
]
