"""Staff keep the register of provincial portals and start a pull by hand."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.queueing import enqueue_on_commit
from portal.views.helpers import add_service_errors

from .. import selectors, services
from ..forms import ProvincialPortalForm
from ..models import ProvincialPortal, Pull
from ..permissions import register_keeper
from ..tasks import pull_province_task


@register_keeper
def portal_list(request):
    return render(request, "national/portal_list.html", {"portals": selectors.portals_with_state()})


def _portal_form(request, portal: ProvincialPortal | None, **extra):
    form = ProvincialPortalForm(request.POST or None, portal=portal)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.provincial_portal_save(
                portal=portal, **form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The portal “%(name)s” was saved.") % {"name": saved.name})
            return redirect("national:portal_list")
    return render(request, "national/portal_form.html", {"form": form, "portal": portal, **extra})


@register_keeper
def portal_create(request):
    return _portal_form(request, None)


@register_keeper
def portal_edit(request, pk):
    portal = get_object_or_404(ProvincialPortal, pk=pk)
    return _portal_form(request, portal, pulls=selectors.portal_pulls(portal))


@register_keeper
def portal_delete(request, pk):
    portal = get_object_or_404(ProvincialPortal, pk=pk)
    if request.method == "POST":
        services.provincial_portal_delete(portal=portal, by=request.user)
        messages.success(
            request,
            _("The portal “%(name)s” and the figures pulled from it were removed.")
            % {"name": portal.name},
        )
        return redirect("national:portal_list")
    return render(request, "national/portal_delete.html", {"portal": portal})


@register_keeper
@require_POST
def portal_pull(request, pk):
    portal = get_object_or_404(ProvincialPortal, pk=pk)
    enqueue_on_commit(pull_province_task, portal.pk, Pull.Trigger.STAFF, request.user.pk)
    messages.info(
        request,
        _("A pull of “%(name)s” was started; its result appears in the pull log.")
        % {"name": portal.name},
    )
    return redirect("national:province_detail", code=portal.province_code)
