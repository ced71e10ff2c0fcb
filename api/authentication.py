"""`Authorization: Bearer <token>` for the API (tokens issued by staff, `api.services`)."""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .services import TokenRefused, api_token_check


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """No header: an anonymous request (the public part). A header with a token that does not
    open the API (wrong, expired, revoked): 401 saying which, even on a public endpoint."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header:
            return None
        if header[0].decode("latin-1").lower() != self.keyword.lower():
            raise exceptions.AuthenticationFailed(
                _("Send the token as “Authorization: Bearer <token>”.")
            )
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as “Authorization: Bearer <token>”.")
            )
        try:
            secret = header[1].decode("ascii")
        except UnicodeDecodeError as error:
            raise exceptions.AuthenticationFailed(_("The API token is not valid.")) from error
        try:
            token = api_token_check(secret)
        except TokenRefused as refused:
            raise exceptions.AuthenticationFailed(str(refused)) from refused
        # No user account acts here: the token is the client.
        return (AnonymousUser(), token)

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A token issued by the province's program staff (Staff workspace → API "
                "tokens), sent as `Authorization: Bearer <token>`."
            ),
        }
