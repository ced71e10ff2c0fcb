"""Pilot models (mô hình điểm) and their sharing events."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.history import readable_history
from portal.permissions import staff_required
from portal.views.helpers import add_service_errors, flash_errors, paginate, require_post

from .. import selectors, services
from ..filters import PilotModelFilter
from ..forms import PilotModelForm, PilotReplicationForm, PilotTransitionForm, SharingEventForm
from ..models import PilotModel, PilotReplication


@staff_required
def pilot_list(request):
    filterset = PilotModelFilter(request.GET or None, queryset=selectors.pilot_models_listing())
    page = paginate(request, filterset.qs, per_page=25)
    return render(
        request,
        "enterprises/pilot_list.html",
        {
            "filter": filterset,
            "page": page,
            "by_status": [
                (status, PilotModel.Status(status).label, count)
                for status, count in selectors.pilot_models_by_status().items()
            ],
        },
    )


@staff_required
def pilot_new(request):
    initial = {"selected_on": timezone.localdate()}
    if request.GET.get("organization"):
        initial["organization"] = request.GET["organization"]
    form = PilotModelForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            pilot = services.pilot_model_create(
                organization=form.cleaned_data["organization"],
                by=request.user,
                data=form.pilot_data(),
                solutions=form.cleaned_data["solutions"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The pilot model is created."))
            return redirect("enterprises:pilot_detail", pk=pilot.pk)
    return render(
        request,
        "enterprises/form_page.html",
        {"form": form, "title": _("New pilot model"), "cancel_url": "enterprises:pilot_list"},
    )


@staff_required
def pilot_detail(request, pk):
    pilot = get_object_or_404(
        selectors.pilot_models_listing().prefetch_related(
            "sharing_events", selectors.pilot_replications_prefetch()
        ),
        pk=pk,
    )
    allowed = services.pilot_allowed_transitions(pilot)
    return render(
        request,
        "enterprises/pilot_detail.html",
        {
            "pilot": pilot,
            "transition_form": PilotTransitionForm(
                allowed=allowed, initial={"on": timezone.localdate()}
            )
            if allowed
            else None,
            "event_form": SharingEventForm(initial={"date": timezone.localdate()}),
            "replication_form": PilotReplicationForm(
                initial={"replicated_on": timezone.localdate()}
            ),
            # The last 20 versions in readable words (one more to compare the oldest with).
            "history": readable_history(pilot.history.select_related("history_user")[:21])[:20],
        },
    )


@staff_required
def pilot_edit(request, pk):
    pilot = get_object_or_404(PilotModel, pk=pk)
    form = PilotModelForm(request.POST or None, instance=pilot)
    if request.method == "POST" and form.is_valid():
        pilot.refresh_from_db()
        try:
            services.pilot_model_update(
                pilot=pilot,
                by=request.user,
                data=form.pilot_data(),
                solutions=form.cleaned_data["solutions"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The pilot model is saved."))
            return redirect("enterprises:pilot_detail", pk=pilot.pk)
    return render(
        request,
        "enterprises/form_page.html",
        {"form": form, "title": pilot.title, "subtitle": _("Edit the pilot model")},
    )


@staff_required
def pilot_transition(request, pk):
    pilot = get_object_or_404(PilotModel, pk=pk)
    if (response := require_post(request)) is not None:
        return response
    form = PilotTransitionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose the next step and its date."))
        services.pilot_model_transition(
            pilot=pilot,
            by=request.user,
            to=form.cleaned_data["to"],
            on=form.cleaned_data["on"],
            recognition_decision=form.cleaned_data["recognition_decision"],
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(
            request,
            _("The pilot model moved on: %(status)s.") % {"status": pilot.get_status_display()},
        )
    return redirect("enterprises:pilot_detail", pk=pilot.pk)


@staff_required
def sharing_event_new(request, pk):
    pilot = get_object_or_404(PilotModel, pk=pk)
    if (response := require_post(request)) is not None:
        return response
    form = SharingEventForm(request.POST)
    if form.is_valid():
        try:
            services.sharing_event_add(pilot=pilot, by=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("The sharing event is recorded."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("enterprises:pilot_detail", pk=pilot.pk)


@staff_required
def pilot_replication_new(request, pk):
    pilot = get_object_or_404(PilotModel, pk=pk)
    if (response := require_post(request)) is not None:
        return response
    form = PilotReplicationForm(request.POST)
    if form.is_valid():
        try:
            services.pilot_replication_add(
                pilot=pilot,
                organization=form.cleaned_data["organization"],
                replicated_on=form.cleaned_data["replicated_on"],
                notes=form.cleaned_data["notes"],
                by=request.user,
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("The replication of the model is recorded."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("enterprises:pilot_detail", pk=pilot.pk)


@staff_required
def pilot_replication_delete(request, pk):
    replication = get_object_or_404(PilotReplication, pk=pk)
    if (response := require_post(request)) is not None:
        return response
    pilot_pk = replication.pilot_model_id
    services.pilot_replication_remove(replication=replication, by=request.user)
    messages.success(request, _("The replication is removed."))
    return redirect("enterprises:pilot_detail", pk=pilot_pk)
