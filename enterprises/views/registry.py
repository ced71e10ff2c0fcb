"""Staff registry: the filtered list, export to Excel, an organization's page and edits."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from portal import fragments
from portal.history import readable_history
from portal.permissions import staff_required
from portal.views.exports import start_export
from portal.views.helpers import (
    add_service_errors,
    flash_errors,
    keyset_paginate,
    require_post,
)

from .. import registry_count, selectors, services
from ..filters import OrganizationFilter
from ..forms import OptionalReasonForm, OrganizationForm, ReasonForm
from ..models import Membership, Organization
from ..services import PROFILE_FIELDS
from ..timeline import organization_timeline

# What the registry and an organization's page show (portal.areas): a write elsewhere (courses,
# awards, figures) keeps them cached.
REGISTRY_AREAS = ("organizations", "support", "program")
# The organization's page shows its contacts: a new phone number rebuilds it (and only it).
ORGANIZATION_AREAS = (
    "organizations",
    "organization-contacts",
    "support",
    "courses",
    "awards",
    "program",
    "people",
)


@staff_required
def registry(request):
    def build():
        listed = selectors.without_contacts(selectors.registry_organizations())
        filterset = OrganizationFilter(request.GET, queryset=listed)
        count = registry_count.counter(filterset)
        queryset = filterset.qs
        if count is None:
            queryset, count = registry_count.narrowed(filterset, base=listed)
        page, query = keyset_paginate(request, queryset, per_page=25, count=count)
        context = {"filter": filterset, "page": page, "query": query}
        return {"content": fragments.render_fragment("enterprises/_registry.html", context)}

    # The filter form, the count and the rows, as they were at the last change of the records.
    key = "enterprises:registry|" + request.get_full_path()
    return fragments.render_page(
        request, "enterprises/registry.html", key, build, depends_on=REGISTRY_AREAS
    )


@staff_required
def registry_export(request):
    """The former export address: starts an export job of the registry as filtered."""
    return start_export(request, "registry", request.GET.urlencode())


@staff_required
def organization_detail(request, pk):
    def build():
        organization = get_object_or_404(
            Organization.objects.select_related("commune", "decided_by"), pk=pk
        )
        context = _organization_detail_context(organization)
        return {
            # Every part of a kept page is HTML (render_page marks them safe): escape the name.
            "title": escape(organization.name),
            "content": fragments.render_fragment("enterprises/_organization_detail.html", context),
        }

    # Everything the program did with the organization, as of the last change of the records
    # (the timeline's dates are relative to today, hence the date in the key).
    key = f"enterprises:organization|{pk}|{timezone.localdate()}"
    return fragments.render_page(
        request,
        "enterprises/organization_detail.html",
        key,
        build,
        depends_on=ORGANIZATION_AREAS,
    )


def _organization_detail_context(organization) -> dict:
    # The last 30 versions (one more to compare the oldest shown with), in readable words.
    history = organization.history.select_related("history_user")[:31]
    changes = [row for row in readable_history(history) if row.changes][:30]
    return {
        "organization": organization,
        "timeline": organization_timeline(organization),
        "memberships": organization.memberships.select_related("user").order_by("status"),
        "decisions": organization.decisions.select_related("by"),
        "changes": changes,
        "consents": organization.consents.select_related("user"),
        "change_requests": organization.change_requests.select_related("requested_by"),
        "reason_form": ReasonForm(),
        "note_form": OptionalReasonForm(),
    }


@staff_required
def organization_create(request):
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.organization_create(
                data={k: form.cleaned_data[k] for k in PROFILE_FIELDS}, by=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The organization is added to the registry."))
            return redirect("enterprises:organization_detail", pk=organization.pk)
    return render(
        request,
        "enterprises/form_page.html",
        {"form": form, "title": _("Add an organization"), "cancel_url": "enterprises:registry"},
    )


@staff_required
def organization_edit(request, pk):
    organization = get_object_or_404(Organization, pk=pk)
    form = OrganizationForm(request.POST or None, instance=organization)
    if request.method == "POST" and form.is_valid():
        organization.refresh_from_db()
        try:
            services.organization_update(
                organization=organization,
                by=request.user,
                data={k: form.cleaned_data[k] for k in PROFILE_FIELDS},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The organization is saved."))
            return redirect("enterprises:organization_detail", pk=organization.pk)
    return render(
        request,
        "enterprises/form_page.html",
        {"form": form, "title": organization.name, "subtitle": _("Edit the profile")},
    )


@staff_required
def organization_deactivate(request, pk):
    organization = get_object_or_404(Organization, pk=pk)
    if (response := require_post(request)) is not None:
        return response
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Please give a reason."))
        services.organization_deactivate(
            organization=organization, by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The organization is marked inactive."))
    return redirect("enterprises:organization_detail", pk=organization.pk)


@staff_required
def organization_reactivate(request, pk):
    organization = get_object_or_404(Organization, pk=pk)
    if (response := require_post(request)) is not None:
        return response
    form = OptionalReasonForm(request.POST)
    form.is_valid()
    try:
        services.organization_reactivate(
            organization=organization,
            by=request.user,
            reason=form.cleaned_data.get("reason", ""),
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The organization is active again."))
    return redirect("enterprises:organization_detail", pk=organization.pk)


@staff_required
def membership_revoke(request, pk):
    membership = get_object_or_404(Membership, pk=pk)
    if (response := require_post(request)) is not None:
        return response
    try:
        services.membership_revoke(membership=membership, by=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The person no longer acts for this organization."))
    return redirect("enterprises:organization_detail", pk=membership.organization_id)
