"""Support policies of the province: the public list and pages, and the staff register."""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import selectors, services
from ..forms import PolicyForm
from ..models import Policy
from ..permissions import staff_required
from ..uploads import private_download
from .helpers import add_service_errors, choice_param, paginate, search_param


def policy_list(request):
    status = choice_param(request, "status", Policy.Status.choices)
    query = search_param(request)
    page = paginate(request, selectors.policies_public(status=status, query=query))
    return render(
        request,
        "portal/policy_list.html",
        {"page": page, "status": status, "statuses": Policy.Status.choices, "query": query},
    )


def policy_detail(request, slug):
    policy = selectors.policy_for_reader(slug=slug, user=request.user)
    return render(request, "portal/policy_detail.html", {"policy": policy})


def policy_decision_download(request, slug):
    """The decision's PDF, to whoever may read the policy."""
    policy = selectors.policy_for_reader(slug=slug, user=request.user)
    return private_download(policy.decision_file, stem="quyet-dinh", pk=policy.pk)


@staff_required
def staff_policy_list(request):
    status = choice_param(request, "status", Policy.Status.choices)
    query = search_param(request)
    return render(
        request,
        "portal/staff_policy_list.html",
        {
            "page": paginate(request, selectors.policies_for_staff(status=status, query=query)),
            "status": status,
            "statuses": Policy.Status.choices,
            "query": query,
            "counts": selectors.policy_counts_by_status(),
        },
    )


def _policy_form(request, policy: Policy | None):
    form = PolicyForm(
        request.POST or None,
        request.FILES or None,
        instance=copy.copy(policy) if policy else None,
        statuses=services.policy_next_statuses(policy),
        initial=None if policy else {"status": Policy.Status.RESEARCHING},
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.policy_save(policy=policy, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("The policy “%(title)s” was saved.") % {"title": saved.title}
            )
            return redirect("portal:staff_policy_list")
    return render(request, "portal/staff_policy_form.html", {"form": form, "policy": policy})


@staff_required
def staff_policy_create(request):
    return _policy_form(request, None)


@staff_required
def staff_policy_update(request, pk):
    return _policy_form(request, get_object_or_404(Policy, pk=pk))
