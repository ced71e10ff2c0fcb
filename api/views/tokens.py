"""Staff pages: issue an API token to a named client (shown once), list the tokens with their
last use, see a token's recent requests, revoke it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.views.helpers import add_service_errors, paginate

from .. import selectors, services
from ..forms import ApiTokenForm
from ..permissions import api_tokens_required


@api_tokens_required
def token_list(request):
    page = paginate(request, selectors.tokens_for_staff())
    return render(request, "api/token_list.html", {"page": page})


@api_tokens_required
def token_create(request):
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.api_token_issue(**form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            # Shown on this answer only: the secret is never stored, and the page is not
            # cached (a refresh asks to post the form again instead of showing it twice).
            response = render(
                request,
                "api/token_created.html",
                {"token": issued.token, "secret": issued.secret},
            )
            response["Cache-Control"] = "no-store"
            return response
    return render(request, "api/token_form.html", {"form": form})


@api_tokens_required
def token_detail(request, pk):
    token = get_object_or_404(selectors.tokens_for_staff(), pk=pk)
    return render(
        request,
        "api/token_detail.html",
        {"token": token, "uses": selectors.recent_uses(token)},
    )


@api_tokens_required
@require_POST
def token_revoke(request, pk):
    token = get_object_or_404(selectors.tokens_for_staff(), pk=pk)
    try:
        services.api_token_revoke(token=token, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The token of “%(client)s” was revoked: it no longer opens the API.")
            % {"client": token.client_name},
        )
    return redirect("api_tokens:detail", pk=token.pk)
