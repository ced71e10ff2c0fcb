"""Staff pages for the expert pool and experts' assignments."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.permissions import staff_required
from portal.views.helpers import add_service_errors, paginate

from .. import selectors, services
from ..forms import ExpertAssignmentForm, ExpertFilter, ExpertForm
from ..models import Expert
from .common import PAGE_SIZE


@staff_required
def expert_list(request):
    filterset = ExpertFilter(request.GET, queryset=selectors.expert_list(), request=request)
    page = paginate(request, filterset.qs, per_page=PAGE_SIZE)
    return render(request, "trainings/staff/expert_list.html", {"filter": filterset, "page": page})


def _expert_fields(form) -> dict:
    data = dict(form.cleaned_data)
    return {"expertise": data.pop("expertise"), **data}


@staff_required
def expert_create(request):
    form = ExpertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            expert = services.expert_create(by=request.user, **_expert_fields(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The expert is added to the pool."))
            return redirect("trainings:expert_detail", pk=expert.pk)
    return render(request, "trainings/staff/form.html", {"form": form, "title": _("Add an expert")})


@staff_required
def expert_edit(request, pk):
    expert = get_object_or_404(Expert, pk=pk)
    form = ExpertForm(request.POST or None, instance=expert)
    if request.method == "POST" and form.is_valid():
        try:
            services.expert_update(expert=expert, by=request.user, **_expert_fields(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The expert is saved."))
            return redirect("trainings:expert_detail", pk=expert.pk)
    return render(
        request,
        "trainings/staff/form.html",
        {
            "form": form,
            "title": _("Edit expert"),
            "back_url": reverse("trainings:expert_detail", args=[expert.pk]),
        },
    )


@staff_required
def expert_detail(request, pk):
    expert = get_object_or_404(
        selectors.expert_list().select_related("qualifying_enrollment__course"), pk=pk
    )
    return render(
        request,
        "trainings/staff/expert_detail.html",
        {
            "expert": expert,
            "enrollments": selectors.expert_enrollments(expert),
            "assignments": selectors.expert_assignments(expert),
        },
    )


@staff_required
def expert_assignment_add(request, pk):
    expert = get_object_or_404(Expert, pk=pk)
    form = ExpertAssignmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.expert_assignment_add(expert=expert, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The assignment is recorded."))
            return redirect("trainings:expert_detail", pk=expert.pk)
    return render(
        request,
        "trainings/staff/form.html",
        {
            "form": form,
            "title": _("New assignment for %(name)s") % {"name": expert.full_name},
            "back_url": reverse("trainings:expert_detail", args=[expert.pk]),
        },
    )
