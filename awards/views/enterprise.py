"""The enterprise area: an organization's award applications, and applying online."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.models import Organization
from portal.permissions import enterprise_required
from portal.views.helpers import add_service_errors

from .. import selectors, services
from ..forms import ApplyForm
from ..models import AwardCycle, Nomination
from ..permissions import organization_ids_of


def _my_organizations(user):
    return Organization.objects.filter(pk__in=organization_ids_of(user))


@enterprise_required
def my_nominations(request):
    organizations = _my_organizations(request.user)
    nominations = selectors.nominations_list(
        Nomination.objects.filter(organization__in=organizations)
    ).order_by("-cycle__year", "organization__name")
    today = timezone.localdate()
    applied = {
        (n.cycle_id, n.organization_id)
        for n in nominations
        if n.status != Nomination.Status.ENCOURAGED
    }
    active = [o for o in organizations if o.status == Organization.Status.ACTIVE]
    open_cycles = [
        cycle
        for cycle in selectors.open_cycles(today)
        if any((cycle.pk, org.pk) not in applied for org in active)
    ]
    return render(
        request,
        "awards/my_nominations.html",
        {
            "nominations": nominations,
            "open_cycles": open_cycles,
            "has_organization": bool(active),
            "today": today,
        },
    )


@enterprise_required
def apply(request, pk):
    cycle = get_object_or_404(AwardCycle, pk=pk)
    today = timezone.localdate()
    organizations = (
        _my_organizations(request.user)
        .filter(status=Organization.Status.ACTIVE)
        .exclude(
            pk__in=Nomination.objects.filter(cycle=cycle)
            .exclude(status=Nomination.Status.ENCOURAGED)
            .values("organization_id")
        )
    )
    form = ApplyForm(request.POST or None, cycle=cycle, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.nomination_register(
                cycle=cycle,
                organization=form.cleaned_data["organization"],
                category=form.cleaned_data["category"],
                by=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Your application was registered. Upload the dossier before %(date)s.")
                % {"date": cycle.dossier_deadline.strftime("%d/%m/%Y")},
            )
            return redirect("awards:nomination_detail", nomination.pk)
    return render(
        request,
        "awards/apply.html",
        {
            "cycle": cycle,
            "form": form,
            "is_open": cycle.registration_is_open(today),
            "has_organizations": organizations.exists(),
        },
    )
