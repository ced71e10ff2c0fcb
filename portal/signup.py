"""Accounts waiting for their e-mail confirmation, as the sign-in page sees them.

The apps that create such accounts (enterprises: registration and join forms) say through a
`<app>/accounts.py` hook module (`awaiting_confirmation(user)`, `resend_confirmation(user)`)
whether an account waits and send the link again; the portal does not import them.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core import signing

from .hooks import app_hook_modules

RESEND_SALT = "portal.signup.resend"
RESEND_MAX_AGE = 60 * 60  # the button on the sign-in page works for an hour


def _hooks(name: str):
    for module in app_hook_modules("accounts"):
        function = getattr(module, name, None)
        if function is not None:
            yield function


def is_awaiting_confirmation(user) -> bool:
    return any(check(user) for check in _hooks("awaiting_confirmation"))


def awaiting_confirmation_user(email: str, password: str):
    """The account with this address and password when it waits for its confirmation (the
    password must be right: otherwise nothing is said about the address)."""
    if not email or not password:
        return None
    user = get_user_model().objects.filter(email__iexact=email, is_active=False).first()
    if user is None or not user.check_password(password):
        return None
    return user if is_awaiting_confirmation(user) else None


def resend_token_for(user) -> str:
    return signing.dumps({"u": user.pk, "e": user.email}, salt=RESEND_SALT)


def resend_confirmation(token: str) -> bool:
    """Send the confirmation link again for the account in a token from the sign-in page."""
    try:
        payload = signing.loads(token, salt=RESEND_SALT, max_age=RESEND_MAX_AGE)
    except signing.BadSignature:
        return False
    user = get_user_model().objects.filter(pk=payload.get("u"), email=payload.get("e")).first()
    if user is None or user.is_active:
        return False
    return any(resend(user) for resend in _hooks("resend_confirmation"))
