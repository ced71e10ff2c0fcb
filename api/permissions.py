"""Who may use what: staff manage tokens (`(allowed, reason)` as elsewhere); API requests for
anything beyond the public part need a token with the right scope."""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.permissions import BasePermission

from portal.permissions import can_use_staff_workspace, require

from .models import ApiToken, Scope


def can_manage_api_tokens(user, *tokens) -> tuple[bool, str]:
    """Program staff issue and revoke tokens (the staff workspace)."""
    allowed, reason = can_use_staff_workspace(user)
    if not allowed:
        return False, reason or _("Only program staff can manage API tokens.")
    return True, ""


api_tokens_required = require(can_manage_api_tokens)


def request_token(request) -> ApiToken | None:
    return request.auth if isinstance(request.auth, ApiToken) else None


def require_scope(request, scope: str) -> None:
    """401 without a token, 403 with a token that lacks `scope`."""
    token = request_token(request)
    if token is None:
        raise exceptions.NotAuthenticated(
            _("This part of the API needs a token (“Authorization: Bearer <token>”).")
        )
    if not token.has_scope(scope):
        raise exceptions.PermissionDenied(
            _("The API token does not have the scope “%(scope)s”.") % {"scope": scope}
        )


class HasReportsScope(BasePermission):
    def has_permission(self, request, view):
        require_scope(request, Scope.REPORTS)
        return True
