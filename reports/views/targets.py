"""Targets (read by staff and officials, edited by staff) and manual actuals."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import fragments
from portal.models import Phase
from portal.permissions import monitoring_required, staff_required
from portal.uploads import private_download
from portal.views.helpers import add_service_errors

from .. import services
from ..figures import FigureBook, target_label
from ..filters import TargetFilter
from ..forms import ManualActualForm, TargetCreateForm, TargetTermsForm
from ..models import Indicator, ManualActual, Target


def target_bounds_label(target: Target) -> str:
    """The target's bounds as the pages and the export write them."""
    return target_label(
        {
            "kind": target.kind,
            "minimum": target.value if target.kind in ("exact", "at_least") else target.minimum,
            "maximum": target.value if target.kind in ("exact", "at_most") else target.maximum,
            "growth_min_percent": target.growth_min_percent,
            "growth_max_percent": target.growth_max_percent,
        }
    )


# The targets, indicators and manual figures, the phases, and who entered each figure.
TARGET_LIST_AREAS = ("figures", "program", "people")


@monitoring_required
def target_list(request):
    staff = request.user.is_program_staff

    def build():
        context = _target_list_context(request.GET)
        context["is_staff"] = staff  # the editing buttons (the roles are in the key)
        return {"content": fragments.render_fragment("reports/_target_list.html", context)}

    key = "reports:targets|" + request.get_full_path()
    return fragments.render_page(
        request, "reports/target_list.html", key, build, depends_on=TARGET_LIST_AREAS
    )


def _target_list_context(query) -> dict:
    filterset = TargetFilter(query, queryset=Target.objects.select_related("indicator", "phase"))
    phases = list(Phase.objects.all())
    rows: dict = {}
    # Without a filter every active indicator has its row ("tracked" where it has no target);
    # with one, only the indicators with matching targets. Rows follow the chosen order.
    if not filterset.active() and filterset.sort.lstrip("-") == "indicator":
        indicators = Indicator.objects.filter(is_active=True)
        if filterset.sort.startswith("-"):
            indicators = indicators.reverse()
        for indicator in indicators:
            rows[indicator.pk] = {"indicator": indicator, "phases": {}}
    for target in filterset.qs:
        if not target.indicator.is_active:
            continue
        row = rows.setdefault(target.indicator_id, {"indicator": target.indicator, "phases": {}})
        cell = row["phases"].setdefault(target.phase_id, [])
        cell.append({"target": target, "label": target_bounds_label(target)})
    table = [
        {
            "indicator": row["indicator"],
            "cells": [row["phases"].get(phase.pk, []) for phase in phases],
        }
        for row in rows.values()
    ]
    manual = ManualActual.objects.select_related("indicator", "entered_by").order_by(
        "indicator__order", "-year"
    )
    return {"filter": filterset, "table": table, "phases": phases, "manual_actuals": manual}


@monitoring_required
def target_detail(request, pk: int):
    target = get_object_or_404(Target.objects.select_related("indicator", "phase"), pk=pk)
    revisions = target.revisions.select_related("changed_by")
    figure = None
    if target.year is not None or target.phase:
        year = target.year or min(target.phase.end_year, _current_year())
        if target.phase.contains(year):
            figure = FigureBook(indicators=[target.indicator]).figure(target.indicator, year)
    return render(
        request,
        "reports/target_detail.html",
        {
            "target": target,
            "revisions": revisions,
            "figure": figure,
            "label": target_label(figure["target"]) if figure and figure["target"] else "",
        },
    )


def _indicator_param(value: str) -> Indicator | None:
    """The indicator a link pre-selects, by id (links carry no indicator code)."""
    return Indicator.objects.filter(pk=int(value)).first() if value.isdigit() else None


def _current_year() -> int:
    from django.utils import timezone

    return timezone.localdate().year


@staff_required
def target_edit(request, pk: int):
    target = get_object_or_404(Target.objects.select_related("indicator", "phase"), pk=pk)
    form = TargetTermsForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        terms = form.terms()
        try:
            # The form bound its values onto `target`; the service reloads the stored row.
            services.target_update(
                target=Target.objects.get(pk=pk),
                by=request.user,
                reason=form.cleaned_data["reason"],
                **terms,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The target was changed; the old value is kept."))
            return redirect("reports:target_detail", pk=pk)
    target.refresh_from_db()
    return render(request, "reports/target_form.html", {"form": form, "target": target})


@staff_required
def target_create(request):
    initial = {}
    if request.GET.get("indicator"):
        initial["indicator"] = _indicator_param(request.GET["indicator"])
    form = TargetCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            target = services.target_create(
                indicator=data["indicator"],
                phase=data["phase"],
                year=data["year"],
                by=request.user,
                reason=data["reason"],
                **form.terms(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The target was added."))
            return redirect("reports:target_detail", pk=target.pk)
    return render(request, "reports/target_form.html", {"form": form, "target": None})


@staff_required
@require_POST
def target_derive(request, pk: int):
    target = get_object_or_404(Target.objects.select_related("indicator", "phase"), pk=pk)
    try:
        services.target_derive(target=target, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The bounds were derived from the previous year's actual."))
    return redirect("reports:target_detail", pk=pk)


@staff_required
def manual_actual_create(request):
    initial = {}
    if request.GET.get("indicator"):
        initial["indicator"] = _indicator_param(request.GET["indicator"])
    if request.GET.get("year", "").isdigit():
        initial["year"] = int(request.GET["year"])
    form = ManualActualForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if ManualActual.objects.filter(indicator=data["indicator"], year=data["year"]).exists():
            form.add_error("year", _("A figure for this year exists already: correct it instead."))
        else:
            try:
                services.manual_actual_save(
                    indicator=data["indicator"],
                    year=data["year"],
                    value=data["value"],
                    reason=data["reason"],
                    evidence=data["evidence"],
                    by=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The figure was saved."))
                return redirect("reports:target_list")
    return render(request, "reports/manual_actual_form.html", {"form": form, "manual": None})


@staff_required
def manual_actual_edit(request, pk: int):
    manual = get_object_or_404(ManualActual.objects.select_related("indicator"), pk=pk)
    form = ManualActualForm(
        request.POST or None, request.FILES or None, instance=manual, editing=True
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.manual_actual_save(
                indicator=manual.indicator,
                year=manual.year,
                value=data["value"],
                reason=data["reason"],
                evidence=data.get("evidence") if request.FILES.get("evidence") else None,
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("The figure was corrected; the earlier value is kept in the history.")
            )
            return redirect("reports:target_list")
    manual.refresh_from_db()
    return render(request, "reports/manual_actual_form.html", {"form": form, "manual": manual})


@staff_required
@require_POST
def manual_actual_delete(request, pk: int):
    manual = get_object_or_404(ManualActual, pk=pk)
    try:
        services.manual_actual_delete(manual=manual, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The entered figure was removed; the computed one applies again.")
        )
    return redirect("reports:target_list")


@monitoring_required
def manual_actual_evidence(request, pk: int):
    manual = get_object_or_404(ManualActual, pk=pk)
    return private_download(manual.evidence, stem="minh-chung-so-lieu", pk=manual.pk)
