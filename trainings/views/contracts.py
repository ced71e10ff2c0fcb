"""Staff pages for consultants, contracts (lifecycle, monitoring log, private documents) and
the yearly budget."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal import fragments
from portal.confirm import confirmation_page
from portal.permissions import staff_required
from portal.uploads import private_download
from portal.views.helpers import add_service_errors, flash_errors, paginate

from .. import selectors, services
from ..forms import (
    CONTRACT_ACTION_FORMS,
    ConsultantFilter,
    ConsultantForm,
    ContractDocumentForm,
    ContractFilter,
    ContractForm,
    ContractLogForm,
)
from ..models import Consultant, Contract, ContractDocument, ContractLogEntry
from .common import PAGE_SIZE, flash_form_errors

# --- Consultants --------------------------------------------------------------------------


@staff_required
def consultant_list(request):
    filterset = ConsultantFilter(request.GET, queryset=selectors.consultant_list())
    page = paginate(request, filterset.qs, per_page=PAGE_SIZE)
    return render(
        request, "trainings/staff/consultant_list.html", {"filter": filterset, "page": page}
    )


def _consultant_fields(form) -> dict:
    data = dict(form.cleaned_data)
    return {"capabilities": data.pop("capabilities"), **data}


@staff_required
def consultant_create(request):
    form = ConsultantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consultant = services.consultant_create(by=request.user, **_consultant_fields(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The consultant is saved."))
            return redirect("trainings:consultant_detail", pk=consultant.pk)
    return render(
        request, "trainings/staff/form.html", {"form": form, "title": _("New consultant")}
    )


@staff_required
def consultant_edit(request, pk):
    consultant = get_object_or_404(Consultant, pk=pk)
    form = ConsultantForm(request.POST or None, instance=consultant)
    if request.method == "POST" and form.is_valid():
        try:
            services.consultant_update(
                consultant=consultant, by=request.user, **_consultant_fields(form)
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The consultant is saved."))
            return redirect("trainings:consultant_detail", pk=consultant.pk)
    return render(
        request,
        "trainings/staff/form.html",
        {
            "form": form,
            "title": _("Edit consultant"),
            "back_url": reverse("trainings:consultant_detail", args=[consultant.pk]),
        },
    )


@staff_required
def consultant_detail(request, pk):
    consultant = get_object_or_404(
        Consultant.objects.prefetch_related(
            "capabilities", Prefetch("contracts", queryset=selectors.contract_list())
        ),
        pk=pk,
    )
    return render(request, "trainings/staff/consultant_detail.html", {"consultant": consultant})


# --- Contracts ----------------------------------------------------------------------------


# The contracts and their consultants are of the courses area (portal.areas).
CONTRACT_LIST_AREAS = ("courses",)


@staff_required
def contract_list(request):
    def build():
        filterset = ContractFilter(request.GET, queryset=selectors.contract_list())
        page = paginate(request, filterset.qs, per_page=PAGE_SIZE)
        context = {"filter": filterset, "page": page, "query": request.GET}
        return {
            "content": fragments.render_fragment("trainings/staff/_contract_list.html", context)
        }

    # The filter form and the rows, as of the last change of the contracts.
    key = "trainings:contracts|" + request.get_full_path()
    return fragments.render_page(
        request, "trainings/staff/contract_list.html", key, build, depends_on=CONTRACT_LIST_AREAS
    )


def _contract_fields(form) -> dict:
    data = dict(form.cleaned_data)
    return {
        "courses": data.pop("courses"),
        "support_activities": data.pop("support_activities"),
        **data,
    }


@staff_required
def contract_create(request):
    form = ContractForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.contract_create(by=request.user, **_contract_fields(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The contract is saved as a draft."))
            return redirect("trainings:contract_detail", pk=contract.pk)
    return render(request, "trainings/staff/form.html", {"form": form, "title": _("New contract")})


@staff_required
def contract_edit(request, pk):
    contract = get_object_or_404(Contract, pk=pk)
    form = ContractForm(request.POST or None, instance=contract)
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_update(contract=contract, by=request.user, **_contract_fields(form))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The contract is saved."))
            return redirect("trainings:contract_detail", pk=contract.pk)
    return render(
        request,
        "trainings/staff/form.html",
        {
            "form": form,
            "title": _("Edit contract"),
            "back_url": reverse("trainings:contract_detail", args=[contract.pk]),
        },
    )


# Steps that cannot be undone ask first (portal.confirm).
CONTRACT_CONFIRMATIONS = {
    "settle": gettext_lazy(
        "Settle this contract? The settled amount is final and the contract is closed."
    ),
    "terminate": gettext_lazy("Terminate this contract? It cannot be resumed afterwards."),
}


@staff_required
def contract_detail(request, pk):
    contract = get_object_or_404(
        Contract.objects.select_related("consultant").prefetch_related(
            "courses",
            "support_activities__organization",
            Prefetch("log_entries", queryset=ContractLogEntry.objects.select_related("author")),
            Prefetch("documents", queryset=ContractDocument.objects.select_related("uploaded_by")),
        ),
        pk=pk,
    )
    return render(
        request,
        "trainings/staff/contract_detail.html",
        {
            "contract": contract,
            "actions": [
                (name, CONTRACT_ACTION_FORMS[name][1])
                for name in Contract.WORKFLOW.available(contract.status)
            ],
            "log_form": ContractLogForm(),
            "document_form": ContractDocumentForm(),
            "max_upload_mb": services.max_upload_size() // (1024 * 1024),
        },
    )


@staff_required
def contract_action(request, pk, action):
    contract = get_object_or_404(Contract, pk=pk)
    if action not in CONTRACT_ACTION_FORMS:
        raise Http404
    form_class, title = CONTRACT_ACTION_FORMS[action]
    initial = {}
    if action == "sign":
        initial = {
            "decision_number": contract.decision_number,
            "decision_date": contract.decision_date,
            "contract_number": contract.contract_number,
            "ends_on": contract.ends_on,
        }
    elif action == "accept":
        initial = {"accepted_amount": contract.value, "accepted_on": timezone.localdate()}
    elif action == "settle":
        initial = {"settled_amount": contract.accepted_amount, "settled_on": timezone.localdate()}
    form = form_class(request.POST or None, initial=initial)
    confirm = CONTRACT_CONFIRMATIONS.get(action)
    if (
        request.method == "POST"
        and form.is_valid()
        and confirm
        and (
            page := confirmation_page(
                request,
                question=str(confirm),
                action_label=str(title),
                back_url=reverse("trainings:contract_detail", args=[contract.pk]),
            )
        )
    ):
        return page
    if request.method == "POST" and form.is_valid():
        try:
            services.CONTRACT_TRANSITIONS[action](
                contract=contract, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The contract is updated."))
            return redirect("trainings:contract_detail", pk=contract.pk)
    return render(
        request,
        "trainings/staff/form.html",
        {
            "form": form,
            "title": title,
            "intro": str(contract),
            "back_url": reverse("trainings:contract_detail", args=[contract.pk]),
            "danger": action == "terminate",
            "confirm": confirm,
        },
    )


@staff_required
@require_POST
def contract_log_add(request, pk):
    contract = get_object_or_404(Contract, pk=pk)
    form = ContractLogForm(request.POST)
    if form.is_valid():
        try:
            services.contract_log_add(contract=contract, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("The note is added to the monitoring log."))
    else:
        flash_form_errors(request, form)
    return redirect("trainings:contract_detail", pk=contract.pk)


@staff_required
@require_POST
def contract_document_upload(request, pk):
    contract = get_object_or_404(Contract, pk=pk)
    form = ContractDocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.contract_document_upload(
                contract=contract, by=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("The document is uploaded."))
    else:
        flash_form_errors(request, form)
    return redirect("trainings:contract_detail", pk=contract.pk)


@staff_required
def contract_document_download(request, pk):
    document = get_object_or_404(ContractDocument, pk=pk)
    return private_download(document.file, stem="tai-lieu-hop-dong", pk=document.pk)


@staff_required
def budget(request):
    this_year = timezone.localdate().year
    years = range(2021, this_year + 1)
    rows = selectors.budget_by_year(years)
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    if year not in years:
        year = this_year
    totals = {key: sum(row[key] for row in rows) for key in ("committed", "accepted", "settled")}
    return render(
        request,
        "trainings/staff/budget.html",
        {
            "rows": rows,
            "totals": totals,
            "year": year,
            "signed": selectors.contract_list().filter(signed_on__year=year),
        },
    )
