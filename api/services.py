"""Issuing, revoking and checking API tokens, and logging their use.

A token reads `nscl_<prefix>_<secret>`: the prefix finds the row, the SHA-256 of the whole
token (all that is stored of it) proves it. The secret has 256 bits of randomness, so a plain
hash is enough (a slow password hash would only slow every API request down).
"""

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.permissions import authorize

from .models import ApiToken, ApiTokenUse, Scope
from .permissions import can_manage_api_tokens

TOKEN_PREFIX = "nscl"  # noqa: S105 (the tokens' leading word, not a secret)
MAX_LIFETIME_DAYS = 3 * 366


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _new_token() -> tuple[str, str]:
    prefix = secrets.token_hex(6)  # 12 hex characters: the lookup key, shown in lists
    return prefix, f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"


@dataclass
class IssuedToken:
    token: ApiToken
    secret: str  # the whole token, shown once and never stored


@transaction.atomic
def api_token_issue(
    *, client_name: str, scopes: list[str], expires_on: dt.date, note: str = "", by
) -> IssuedToken:
    """A new token for `client_name`, valid until the end of `expires_on` (local time)."""
    authorize(by, can_manage_api_tokens)
    errors = {}
    unknown = sorted(set(scopes) - set(Scope.values))
    if unknown:
        errors["scopes"] = _("Unknown scope: %(scopes)s.") % {"scopes": ", ".join(unknown)}
    today = timezone.localdate()
    if expires_on is None or expires_on < today:
        errors["expires_on"] = _("The expiry date must be today or later.")
    elif expires_on > today + dt.timedelta(days=MAX_LIFETIME_DAYS):
        errors["expires_on"] = _("A token may be valid for three years at most.")
    if errors:
        raise ValidationError(errors)
    expires_at = timezone.make_aware(dt.datetime.combine(expires_on, dt.time.max))
    prefix, secret = _new_token()
    token = ApiToken(
        client_name=client_name.strip(),
        note=note,
        prefix=prefix,
        token_hash=token_hash(secret),
        scopes=sorted(set(scopes)),
        expires_at=expires_at,
        created_by=by,
    )
    token.full_clean()
    token.save()
    return IssuedToken(token=token, secret=secret)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by) -> ApiToken:
    authorize(by, can_manage_api_tokens, token)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationError(_("This token was already revoked."))
    token.revoked_at, token.revoked_by = timezone.now(), by
    token.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    return token


class TokenRefused(Exception):
    """A presented token that does not open the API; the message says why (translated)."""


def api_token_check(secret: str) -> ApiToken:
    """The active token `secret` is, or TokenRefused saying why not."""
    parts = secret.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        raise TokenRefused(_("The API token is not valid."))
    token = ApiToken.objects.filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.token_hash, token_hash(secret)):
        raise TokenRefused(_("The API token is not valid."))
    if token.revoked_at is not None:
        raise TokenRefused(_("The API token was revoked."))
    if token.expires_at <= timezone.now():
        raise TokenRefused(_("The API token has expired."))
    return token


def api_token_record_use(
    *, token: ApiToken, method: str, path: str, status_code: int, ip_address: str | None
) -> None:
    """Log one request made with `token` and count it (two writes, no read)."""
    now = timezone.now()
    ApiTokenUse.objects.create(
        token=token,
        at=now,
        method=method[:10],
        path=path[:300],
        status_code=status_code,
        ip_address=ip_address,
    )
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now, use_count=F("use_count") + 1)
