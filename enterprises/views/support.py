"""The support ledger: activities (one or many organizations at once), evidence files, and
support requests as staff handle them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import fragments
from portal.permissions import staff_required
from portal.uploads import private_download
from portal.views.helpers import (
    add_service_errors,
    flash_errors,
    int_param,
    keyset_paginate,
    require_post,
    to_int,
)

from .. import ledger_totals, selectors, services
from ..filters import ActivityFilter, SupportRequestFilter
from ..forms import (
    EvidenceForm,
    ReasonForm,
    SupportActivityForm,
    SupportActivityRecordForm,
    SupportResponseForm,
)
from ..models import SupportActivity, SupportEvidence, SupportRequest
from ..permissions import evidence_visible_to, own_organization_required

# What the ledger and the requests list show (portal.areas): the support records, the
# organizations' names, the people who asked, the program (communes, phases). A write to
# courses, awards or figures keeps them cached.
LEDGER_AREAS = ("support", "organizations", "people", "program")
REQUESTS_AREAS = ("support", "organizations", "people", "program")


@staff_required
def ledger(request):
    def build():
        ledger = selectors.without_contacts(selectors.support_ledger(), "organization__")
        filterset = ActivityFilter(request.GET, queryset=ledger)
        totals = ledger_totals.totals(filterset)
        page, query = keyset_paginate(
            request, filterset.qs, per_page=30, count=lambda: totals["rows"]
        )
        context = {"filter": filterset, "page": page, "query": query, "totals": totals}
        return {"content": fragments.render_fragment("enterprises/_ledger.html", context)}

    # The filter form's years end with this one: the year is in the key.
    key = f"enterprises:ledger|{timezone.localdate().year}|{request.get_full_path()}"
    return fragments.render_page(
        request, "enterprises/ledger.html", key, build, depends_on=LEDGER_AREAS
    )


@staff_required
def activity_new(request):
    support_request = None
    initial = {}
    if request.GET.get("request"):
        support_request = get_object_or_404(
            SupportRequest.objects.select_related("organization"),
            pk=int_param(request, "request"),
        )
        initial = {
            "organizations": [support_request.organization_id],
            "solutions": list(support_request.solutions.values_list("pk", flat=True)),
            "title": support_request.need[:300],
            "kind": SupportActivity.Kind.CONSULTING,
        }
    elif request.GET.get("organization"):
        initial = {"organizations": [request.GET["organization"]]}
    if request.method == "POST" and request.POST.get("request"):
        support_request = get_object_or_404(SupportRequest, pk=to_int(request.POST["request"]))
    form = SupportActivityRecordForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            activities = services.support_activity_record(
                organizations=form.cleaned_data["all_organizations"],
                by=request.user,
                data=form.activity_data(),
                solutions=form.cleaned_data["solutions"],
                request=support_request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if len(activities) == 1:
                messages.success(request, _("The support activity is recorded."))
                return redirect("enterprises:activity_detail", pk=activities[0].pk)
            messages.success(
                request,
                _("The support activity is recorded for %(count)s organizations.")
                % {"count": len(activities)},
            )
            return redirect(f"{reverse('enterprises:ledger')}?batch={activities[0].batch}")
    return render(
        request,
        "enterprises/activity_form.html",
        {"form": form, "support_request": support_request, "title": _("Record support")},
    )


@staff_required
def activity_detail(request, pk):
    activity = get_object_or_404(
        selectors.support_ledger().select_related("request", "organization__commune"), pk=pk
    )
    batch = []
    if activity.batch:
        batch = (
            SupportActivity.objects.filter(batch=activity.batch)
            .exclude(pk=activity.pk)
            .select_related("organization")
        )
    return render(
        request,
        "enterprises/activity_detail.html",
        {
            "activity": activity,
            "evidence": activity.evidence.select_related("uploaded_by"),
            "batch": batch,
            "evidence_form": EvidenceForm(),
            "cancel_form": ReasonForm(),
        },
    )


@staff_required
def activity_edit(request, pk):
    activity = get_object_or_404(SupportActivity.objects.select_related("organization"), pk=pk)
    form = SupportActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        activity.refresh_from_db()
        try:
            services.support_activity_update(
                activity=activity,
                by=request.user,
                data=form.activity_data(),
                solutions=form.cleaned_data["solutions"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The support activity is saved."))
            return redirect("enterprises:activity_detail", pk=activity.pk)
    return render(
        request,
        "enterprises/activity_form.html",
        {"form": form, "activity": activity, "title": activity.title},
    )


@staff_required
def activity_cancel(request, pk):
    activity = get_object_or_404(SupportActivity, pk=pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_activity_cancel(
                activity=activity, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The support activity is cancelled; it no longer counts."))
            return redirect("enterprises:activity_detail", pk=activity.pk)
    return render(
        request,
        "enterprises/form_page.html",
        {
            "form": form,
            "title": _("Cancel a support activity"),
            "subtitle": activity.title,
            "submit_label": _("Cancel the activity"),
        },
    )


@staff_required
def evidence_upload(request, pk):
    activity = get_object_or_404(SupportActivity, pk=pk)
    if (response := require_post(request)) is not None:
        return response
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(
                activity=activity,
                by=request.user,
                file=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("The file is attached."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("enterprises:activity_detail", pk=activity.pk)


@own_organization_required
def evidence_download(request, pk):
    evidence = get_object_or_404(evidence_visible_to(request.user), pk=pk)
    return private_download(evidence.file, stem="minh-chung", pk=evidence.pk)


@staff_required
def evidence_delete(request, pk):
    evidence = get_object_or_404(SupportEvidence, pk=pk)
    if (response := require_post(request)) is not None:
        return response
    activity_pk = evidence.activity_id
    services.evidence_delete(evidence=evidence, by=request.user)
    messages.success(request, _("The file is removed."))
    return redirect("enterprises:activity_detail", pk=activity_pk)


@staff_required
def staff_requests(request):
    def build():
        listed = selectors.support_requests_listing(SupportRequest.objects.all())
        filterset = SupportRequestFilter(
            request.GET, queryset=selectors.without_contacts(listed, "organization__")
        )
        # By the sort key and id (portal.keyset): the page's rows are read whatever the
        # total, so the page runs the same queries for no request as for 200,000.
        page, query = keyset_paginate(request, filterset.qs, per_page=25)
        context = {"filter": filterset, "page": page, "query": query}
        return {"content": fragments.render_fragment("enterprises/_staff_requests.html", context)}

    key = f"enterprises:requests|{timezone.localdate().year}|{request.get_full_path()}"
    return fragments.render_page(
        request, "enterprises/staff_requests.html", key, build, depends_on=REQUESTS_AREAS
    )


@staff_required
def request_respond(request, pk):
    support_request = get_object_or_404(SupportRequest, pk=pk)
    if (response := require_post(request)) is not None:
        return response
    form = SupportResponseForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Choose an answer."))
        services.support_request_respond(
            request=support_request,
            by=request.user,
            status=form.cleaned_data["status"],
            response=form.cleaned_data["response"],
        )
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("The answer is saved."))
    return redirect("enterprises:request_detail", pk=support_request.pk)
