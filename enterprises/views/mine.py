"""The enterprise area ("Doanh nghiệp của tôi"): profile, support requests, history."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from portal.permissions import enterprise_required
from portal.uploads import private_download
from portal.views.helpers import add_service_errors, flash_errors, require_post

from .. import selectors, services
from ..forms import ProfileForm, SupportRequestForm, SupportResponseForm
from ..models import Membership, SupportActivity
from ..permissions import (
    can_edit_profile,
    can_request_support,
    can_resubmit,
    get_visible_organization,
    own_organization_required,
    request_documents_visible_to,
    support_activities_visible_to,
    support_requests_visible_to,
)
from ..services import PROFILE_FIELDS
from ..timeline import organization_timeline


@enterprise_required
def my_list(request):
    memberships = list(selectors.memberships_of(request.user))
    active = [m for m in memberships if m.status == Membership.Status.ACTIVE]
    return render(
        request,
        "enterprises/my_list.html",
        {"memberships": memberships, "active": active},
    )


@own_organization_required
def my_detail(request, pk):
    organization = get_visible_organization(request.user, pk)
    activities = (
        support_activities_visible_to(request.user)
        .filter(organization=organization, status=SupportActivity.Status.RECORDED)
        .prefetch_related("solutions", "evidence")
    )
    return render(
        request,
        "enterprises/my_detail.html",
        {
            "organization": organization,
            "activities": activities,
            "requests": selectors.support_requests_listing(organization.support_requests.all())[
                :10
            ],
            "timeline": [
                entry
                for entry in organization_timeline(organization)
                if request.user.is_program_staff or not entry.cancelled
            ],
            "pending_change": organization.change_requests.filter(status="pending").first(),
            "can_request": can_request_support(request.user, organization),
            "can_edit": can_edit_profile(request.user, organization),
            "can_resubmit": can_resubmit(request.user, organization),
        },
    )


@own_organization_required
def my_edit(request, pk):
    organization = get_visible_organization(request.user, pk)
    allowed, reason = can_edit_profile(request.user, organization)
    form = ProfileForm(request.POST or None, instance=organization)
    if not organization.is_editable_by_representative:
        form.fields["name"].help_text = _(
            "A new name is reviewed by program staff before it applies."
        )
        form.fields["tax_code"].help_text = _(
            "A new tax code is reviewed by program staff before it applies."
        )
    if request.method == "POST" and allowed and form.is_valid():
        # The form wrote into the instance: reload, the service decides what applies.
        organization.refresh_from_db()
        data = {k: form.cleaned_data[k] for k in PROFILE_FIELDS}
        try:
            _org, change = services.organization_update_by_representative(
                organization=organization,
                by=request.user,
                data=data,
                note=form.cleaned_data.get("change_note", ""),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The profile is saved."))
            if change is not None:
                messages.info(
                    request,
                    _(
                        "The new name or tax code is sent to program staff; it applies once approved."
                    ),
                )
            return redirect("enterprises:my_detail", pk=organization.pk)
    return render(
        request,
        "enterprises/my_edit.html",
        {"organization": organization, "form": form, "allowed": allowed, "reason": reason},
    )


@own_organization_required
def my_resubmit(request, pk):
    organization = get_visible_organization(request.user, pk)
    if (response := require_post(request)) is not None:
        return response
    try:
        services.organization_resubmit(organization=organization, by=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The registration is submitted again for review."))
    return redirect("enterprises:my_detail", pk=organization.pk)


@own_organization_required
def my_requests(request, pk):
    organization = get_visible_organization(request.user, pk)
    return render(
        request,
        "enterprises/my_requests.html",
        {
            "organization": organization,
            "requests": selectors.support_requests_listing(organization.support_requests.all()),
            "can_request": can_request_support(request.user, organization),
        },
    )


@own_organization_required
def my_request_new(request, pk):
    organization = get_visible_organization(request.user, pk)
    allowed, reason = can_request_support(request.user, organization)
    form = SupportRequestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and allowed and form.is_valid():
        try:
            services.support_request_create(
                organization=organization,
                by=request.user,
                solutions=form.cleaned_data["solutions"],
                need=form.cleaned_data["need"],
                document=form.cleaned_data["document"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your request is sent to program staff."))
            return redirect("enterprises:my_requests", pk=organization.pk)
    return render(
        request,
        "enterprises/my_request_form.html",
        {"organization": organization, "form": form, "allowed": allowed, "reason": reason},
    )


@own_organization_required
def request_document_download(request, pk):
    """A support request's attached file: the organization's people and staff only (anyone
    else gets a 404, as for a record that does not exist)."""
    document = get_object_or_404(request_documents_visible_to(request.user), pk=pk)
    return private_download(document.file, stem="tai-lieu-de-nghi", pk=document.pk)


@own_organization_required
def request_detail(request, pk):
    support_request = get_object_or_404(
        selectors.support_requests_listing(support_requests_visible_to(request.user)), pk=pk
    )
    activities = support_request.activities.filter(status=SupportActivity.Status.RECORDED)
    return render(
        request,
        "enterprises/request_detail.html",
        {
            "req": support_request,
            "activities": activities,
            "response_form": SupportResponseForm(
                initial={"status": "accepted", "response": support_request.response}
            )
            if request.user.is_program_staff
            else None,
        },
    )


@own_organization_required
def request_withdraw(request, pk):
    support_request = get_object_or_404(support_requests_visible_to(request.user), pk=pk)
    if (response := require_post(request)) is not None:
        return response
    try:
        services.support_request_withdraw(request=support_request, by=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The request is withdrawn."))
    return redirect("enterprises:request_detail", pk=support_request.pk)
