"""The provincial portals' API tokens are kept encrypted (Fernet, from `cryptography`), with a
key from NATIONAL_TOKEN_KEY or, when that is unset, derived from SECRET_KEY."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    secret = settings.NATIONAL_TOKEN_KEY or settings.SECRET_KEY
    key = base64.urlsafe_b64encode(hashlib.sha256(("national-token:" + secret).encode()).digest())
    return Fernet(key)


def encrypt_token(token: str) -> str:
    return _fernet().encrypt(token.encode("utf-8")).decode("ascii")


def decrypt_token(encrypted: str) -> str | None:
    """The token, or None when it cannot be read (empty, or the key has changed)."""
    if not encrypted:
        return None
    try:
        return _fernet().decrypt(encrypted.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError):
        return None
