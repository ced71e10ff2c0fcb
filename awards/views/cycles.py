"""Staff pages for award cycles: dates, categories, criteria and levels, copying, mobilization."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.permissions import staff_required
from portal.views.helpers import add_service_errors, flash_errors

from .. import selectors, services
from ..filters import CycleFilter
from ..forms import CriterionFormSet, CycleForm, EncourageForm, LevelFormSet
from ..models import AwardCycle, Nomination


@staff_required
def cycle_list(request):
    filterset = CycleFilter(request.GET, queryset=selectors.cycles_with_counts())
    return render(
        request,
        "awards/cycle_list.html",
        {"filter": filterset, "cycles": filterset.qs, "total_points": services.TOTAL_POINTS},
    )


@staff_required
def cycle_create(request):
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cycle = services.award_cycle_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The %(year)s cycle was created with the default criteria and levels.")
                % {"year": cycle.year},
            )
            return redirect("awards:cycle_detail", cycle.pk)
    return render(request, "awards/cycle_form.html", {"form": form})


@staff_required
def cycle_edit(request, pk):
    cycle = get_object_or_404(AwardCycle, pk=pk)
    form = CycleForm(request.POST or None, instance=cycle)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("year", None)
        try:
            services.award_cycle_update(cycle=cycle, by=request.user, **data)
        except ValidationError as exc:
            cycle.refresh_from_db()
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The cycle was saved."))
            return redirect("awards:cycle_detail", cycle.pk)
    return render(request, "awards/cycle_form.html", {"form": form, "cycle": cycle})


@staff_required
def cycle_detail(request, pk):
    cycle = get_object_or_404(selectors.cycles_with_counts(), pk=pk)
    status_counts = dict(cycle.nominations.values_list("status").annotate(n=Count("id")).order_by())
    statuses = [
        (value, label, status_counts.get(value, 0)) for value, label in Nomination.Status.choices
    ]
    return render(
        request,
        "awards/cycle_detail.html",
        {
            "cycle": cycle,
            "criteria_groups": selectors.criteria_by_group(cycle.criteria.all()),
            "levels": cycle.levels.order_by("-min_points"),
            "statuses": statuses,
            "total_points": services.TOTAL_POINTS,
            "next_year_exists": AwardCycle.objects.filter(year=cycle.year + 1).exists(),
            "categories": [label for value, label in cycle.category_choices()],
        },
    )


def _rows_page(request, cycle, formset_class, queryset, service, template_title, kind):
    formset = formset_class(request.POST or None, queryset=queryset, prefix=kind)
    locked = kind == "criteria" and services.criteria_locked(cycle)
    if locked:
        formset.lock()
    if request.method == "POST" and not locked and formset.is_valid():
        try:
            service(cycle=cycle, rows=formset.rows(), by=request.user)
        except ValidationError as exc:
            formset._non_form_errors = formset.error_class(exc.messages)
        else:
            messages.success(request, _("Saved."))
            return redirect("awards:cycle_detail", cycle.pk)
    return render(
        request,
        "awards/cycle_rows.html",
        {
            "cycle": cycle,
            "formset": formset,
            "title": template_title,
            "kind": kind,
            "locked": locked,
            "total_points": services.TOTAL_POINTS,
        },
    )


@staff_required
def cycle_criteria(request, pk):
    cycle = get_object_or_404(AwardCycle, pk=pk)
    return _rows_page(
        request,
        cycle,
        CriterionFormSet,
        cycle.criteria.all(),
        services.criteria_replace,
        _("Criteria"),
        "criteria",
    )


@staff_required
def cycle_levels(request, pk):
    cycle = get_object_or_404(AwardCycle, pk=pk)
    return _rows_page(
        request,
        cycle,
        LevelFormSet,
        cycle.levels.all(),
        services.levels_replace,
        _("Award levels"),
        "levels",
    )


@staff_required
@require_POST
def cycle_copy(request, pk):
    source = get_object_or_404(AwardCycle, pk=pk)
    try:
        cycle = services.award_cycle_copy(source=source, by=request.user)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("awards:cycle_detail", source.pk)
    messages.success(
        request,
        _("The %(year)s cycle was created from %(source)s; check its dates.")
        % {"year": cycle.year, "source": source.year},
    )
    return redirect("awards:cycle_edit", cycle.pk)


@staff_required
def encourage(request, pk):
    cycle = get_object_or_404(AwardCycle, pk=pk)
    form = EncourageForm(request.POST or None, cycle=cycle)
    if request.method == "POST" and form.is_valid():
        created, failed = 0, []
        for organization in form.cleaned_data["organizations"]:
            try:
                services.nomination_encourage(
                    cycle=cycle,
                    organization=organization,
                    by=request.user,
                    support_given=form.cleaned_data["support_given"],
                )
                created += 1
            except ValidationError as exc:
                failed.extend(exc.messages)
        for message in failed:
            messages.error(request, message)
        if created:
            messages.success(
                request,
                _("%(count)s organizations were marked as encouraged to apply.")
                % {"count": created},
            )
        return redirect(f"{reverse('awards:nomination_list')}?cycle={cycle.pk}")
    return render(request, "awards/encourage.html", {"cycle": cycle, "form": form})
