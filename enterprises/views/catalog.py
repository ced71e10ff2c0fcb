"""The solution catalog, editable by staff."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from portal.permissions import staff_required
from portal.views.helpers import add_service_errors

from .. import services
from ..forms import SolutionForm
from ..models import Solution


@staff_required
def solution_list(request):
    solutions = Solution.objects.annotate(
        activity_count=Count("support_activities", filter=Q(support_activities__status="recorded"))
    )
    return render(request, "enterprises/solution_list.html", {"solutions": solutions})


def _edit(request, solution, title):
    form = SolutionForm(request.POST or None, instance=solution)
    if request.method == "POST" and form.is_valid():
        try:
            services.solution_save(solution=form.instance, by=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The solution is saved."))
            return redirect("enterprises:solution_list")
    return render(
        request,
        "enterprises/form_page.html",
        {"form": form, "title": title, "cancel_url": "enterprises:solution_list"},
    )


@staff_required
def solution_new(request):
    return _edit(request, Solution(), _("New solution"))


@staff_required
def solution_edit(request, pk):
    solution = get_object_or_404(Solution, pk=pk)
    return _edit(request, solution, solution.name)
