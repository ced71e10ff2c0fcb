"""Sign-in, sign-out, password change and reset, with our Vietnamese templates."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core import signing
from django.shortcuts import redirect
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from .. import signup
from ..forms import EmailAuthenticationForm, PasswordResetRequestForm


class RateLimitedPasswordResetView(auth_views.PasswordResetView):
    """Password reset, limited per address of the requester so it cannot be used to flood
    someone's mailbox. The answer stays the same whether or not the account exists."""

    form_class = PasswordResetRequestForm

    @method_decorator(
        ratelimit(
            key="ip",
            rate=lambda group, request: settings.PASSWORD_RESET_RATE,
            method="POST",
            block=False,
        )
    )
    def post(self, request, *args, **kwargs):
        if getattr(request, "limited", False):
            form = self.get_form()
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Too many password reset requests from your address. Please try again in an hour."
                ),
            )
            return self.form_invalid(form)
        return super().post(request, *args, **kwargs)


def _resend_key(group, request) -> str:
    """One count per account (whatever token the page gave), else per client address."""
    try:
        payload = signing.loads(
            request.POST.get("token", ""), salt=signup.RESEND_SALT, max_age=signup.RESEND_MAX_AGE
        )
    except signing.BadSignature:
        return f"ip:{request.META.get('REMOTE_ADDR', '')}"
    return f"user:{payload.get('u')}"


@require_POST
@ratelimit(key="ip", rate=lambda group, request: settings.CONFIRMATION_RESEND_RATE, block=False)
@ratelimit(
    key=_resend_key, rate=lambda group, request: settings.CONFIRMATION_RESEND_RATE, block=False
)
def confirmation_resend(request):
    """The sign-in page's "send the confirmation link again" (limited per account and address)."""
    if getattr(request, "limited", False):
        messages.error(
            request,
            _(
                "The link was sent several times already. Please check your mailbox (and spam folder) or try again in an hour."
            ),
        )
    elif signup.resend_confirmation(request.POST.get("token", "")):
        messages.success(
            request,
            _(
                "We have sent the confirmation link again. Open it to confirm your e-mail address, then sign in."
            ),
        )
    else:
        messages.error(request, _("The link could not be sent again. Please sign in once more."))
    return redirect("login")


urlpatterns = [
    path("confirm/resend/", confirmation_resend, name="confirmation_resend"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        RateLimitedPasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
