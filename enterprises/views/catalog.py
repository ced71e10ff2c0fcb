"""The solution catalog, editable by staff."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.models import IndustryClassification
from portal.permissions import staff_required
from portal.views.helpers import add_service_errors, paginate

from .. import selectors, services
from ..forms import IndustryConcordanceForm, SolutionForm
from ..industry import other_version, section_name, version_name
from ..models import IndustryConcordance, Solution


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


# --- Industry concordance (VSIC 2018 ↔ VSIC 2025) ---------------------------------------------


@staff_required
def concordance_list(request):
    """The rows that convert codes of the other version into the one breakdowns use."""
    target = selectors.breakdown_classification()
    source = request.GET.get("from")
    if source not in IndustryClassification.values or source == target:
        source = other_version(target)
    target = other_version(source)
    rows = IndustryConcordance.objects.filter(source_version=source, target_version=target)
    query = (request.GET.get("q") or "").strip().upper()
    if query:
        rows = rows.filter(Q(source_code__startswith=query) | Q(target_section=query))
    page = paginate(request, rows.order_by("source_code"), per_page=50)
    for row in page.object_list:
        row.target_name = section_name(target, row.target_section)
    return render(
        request,
        "enterprises/concordance_list.html",
        {
            "page": page,
            "q": query,
            "source": source,
            "source_name": version_name(source),
            "target_name": version_name(target),
            "other": other_version(source),
            "other_name": version_name(other_version(source)),
            "reporting_name": selectors.classification_name(),
        },
    )


@staff_required
def concordance_edit(request, pk):
    row = get_object_or_404(IndustryConcordance, pk=pk)
    form = IndustryConcordanceForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            services.industry_concordance_update(row=row, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The concordance row is saved."))
            return redirect(f"{reverse('enterprises:concordance_list')}?from={row.source_version}")
    title = _("%(code)s (%(source)s) in %(target)s") % {
        "code": row.source_code,
        "source": version_name(row.source_version),
        "target": version_name(row.target_version),
    }
    return render(
        request,
        "enterprises/form_page.html",
        {"form": form, "title": title, "cancel_url": "enterprises:concordance_list"},
    )
