"""Public pages: register an organization, confirm the e-mail, ask to join, privacy notice."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from portal.clients import client_ip
from portal.views.helpers import add_service_errors

from .. import services
from ..forms import JoinForm, RegistrationForm
from ..privacy import PRIVACY_NOTICE_VERSION


def _rate(group, request):
    return settings.ENTERPRISES_REGISTRATION_RATE


def _limited(request, group: str) -> bool:
    """Per-IP limit on form submissions, counted in the cache (django-ratelimit)."""
    return is_ratelimited(request, group=group, key="ip", rate=_rate, method="POST", increment=True)


def _can_fill(user) -> tuple[bool, bool]:
    """(may use the form, needs a new account)."""
    if not user.is_authenticated:
        return True, True
    return user.is_enterprise_user, False


def register(request):
    allowed, with_account = _can_fill(request.user)
    form = RegistrationForm(request.POST or None, with_account=with_account)
    status = 200
    if request.method == "POST" and allowed:
        if _limited(request, "enterprises.register"):
            form.add_error(None, _("Too many registrations from your network. Try again later."))
            status = 429
        elif form.is_bot:
            # Pretend all went well: bots learn nothing; nothing is saved.
            return redirect("enterprises:register_done")
        elif form.is_valid():
            try:
                organization = services.organization_register(
                    data=form.organization_data(),
                    representative=None if with_account else request.user,
                    account=form.account_data() if with_account else None,
                    ip=client_ip(request),
                    user_agent=request.headers.get("User-Agent", ""),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if with_account:
                    return redirect("enterprises:register_done")
                messages.success(
                    request, _("The registration is submitted: program staff will review it.")
                )
                return redirect("enterprises:my_detail", pk=organization.pk)
    return render(
        request,
        "enterprises/register.html",
        {"form": form, "allowed": allowed, "version": PRIVACY_NOTICE_VERSION},
        status=status,
    )


def register_done(request):
    return render(request, "enterprises/register_done.html")


def register_confirm(request, token):
    error = None
    if request.method == "POST":
        try:
            result = services.email_confirm(token=token)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            return render(request, "enterprises/register_confirmed.html", result)
    return render(request, "enterprises/register_confirm.html", {"token": token, "error": error})


def join(request):
    allowed, with_account = _can_fill(request.user)
    form = JoinForm(request.POST or None, with_account=with_account)
    status = 200
    if request.method == "POST" and allowed:
        if _limited(request, "enterprises.join"):
            form.add_error(None, _("Too many requests from your network. Try again later."))
            status = 429
        elif form.is_bot:
            return redirect("enterprises:register_done")
        elif form.is_valid():
            try:
                services.membership_request(
                    tax_code=form.cleaned_data["tax_code"],
                    user=None if with_account else request.user,
                    account=form.account_data() if with_account else None,
                    message=form.cleaned_data.get("message", ""),
                    ip=client_ip(request),
                    user_agent=request.headers.get("User-Agent", ""),
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if with_account:
                    return redirect("enterprises:register_done")
                messages.success(request, _("Your request is sent: program staff will review it."))
                return redirect("enterprises:my_list")
    return render(
        request,
        "enterprises/join.html",
        {"form": form, "allowed": allowed, "version": PRIVACY_NOTICE_VERSION},
        status=status,
    )


def privacy(request):
    return render(request, "enterprises/privacy_notice.html", {"version": PRIVACY_NOTICE_VERSION})
