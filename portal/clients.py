"""Who is at the other end of a request: the client's address behind the reverse proxy, and
the sign-in e-mail as the lock-outs count it.

Behind a reverse proxy every request arrives from the proxy's address, so anything keyed on
`REMOTE_ADDR` (django-axes' lock-outs, django-ratelimit's limits) would treat all visitors as
one. The client's own address is read from `X-Forwarded-For`, but only as far as the proxies
the deployment trusts (settings):

- `TRUSTED_PROXY_COUNT = n`: exactly n proxies stand in front of the portal, each appending the
  address it saw; the client is the n-th address from the right of the chain.
- `TRUSTED_PROXY_ADDRESSES = ["172.16.0.0/12", ...]`: the proxies' addresses or networks; the
  client is the first address, from the right, that is not one of them.

With neither set (the default), `X-Forwarded-For` is ignored: anyone can send that header, and
believing it would let an attacker pick the address their failures are counted against.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed

ForwardedNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(value: str) -> str | None:
    """The address in canonical form, or None for anything that is not one."""
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.7:51234"
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _trusted_networks() -> tuple[ForwardedNetwork, ...]:
    return tuple(
        ipaddress.ip_network(entry, strict=False) for entry in settings.TRUSTED_PROXY_ADDRESSES
    )


def _forget_settings(*, setting, **kwargs) -> None:
    if setting == "TRUSTED_PROXY_ADDRESSES":
        _trusted_networks.cache_clear()


setting_changed.connect(_forget_settings)


def _is_trusted(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in _trusted_networks())


def client_ip(request) -> str | None:
    """The client's address: `REMOTE_ADDR`, or the address the trusted proxies forwarded."""
    remote = _address(request.META.get("REMOTE_ADDR") or "")
    count = int(settings.TRUSTED_PROXY_COUNT or 0)
    networks = _trusted_networks()
    if remote is None or not (count or networks):
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    chain = [_address(part) for part in header.split(",")] if header.strip() else []
    if count:
        # The proxy nearest the portal is REMOTE_ADDR; each proxy appended what it saw.
        if len(chain) < count or chain[-count] is None:
            return remote
        return chain[-count]
    if not _is_trusted(remote):
        return remote  # not from a proxy: the header is the client's own word
    for address in reversed(chain):
        if address is None:
            return remote  # a garbled chain: trust nothing in it
        if not _is_trusted(address):
            return address
    return chain[0] if chain else remote


def ratelimit_ip(request) -> str:
    """django-ratelimit's `key="ip"` (RATELIMIT_IP_META_KEY): the same client address."""
    return client_ip(request) or "unknown"


def normalize_login(value: str | None) -> str:
    """A sign-in e-mail as it is looked up and counted: addresses are stored in lower case and
    found without regard to case, so the lock-out must count them the same way."""
    return (value or "").strip().lower()


def axes_username(request, credentials: dict | None = None) -> str:
    """AXES_USERNAME_CALLABLE: the typed e-mail, normalized, from the credentials or the form."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        value = credentials.get(field)
    else:
        value = getattr(request, "data", request.POST).get(field)
    return normalize_login(value)
