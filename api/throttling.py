"""Rate limits of the API: per token for requests with one, per client address otherwise.

Counted in the rate-limit cache (Redis in production, falling back to memory during an
outage, as the portal's other rate limits); the rates are settings (`API_THROTTLE_RATES`).
A request over its rate gets 429 with `Retry-After`.
"""

from django.conf import settings
from django.core.cache import caches
from rest_framework.throttling import SimpleRateThrottle

from portal.clients import client_ip

from .permissions import request_token


class _ApiThrottle(SimpleRateThrottle):
    cache_format = "api-throttle:%(scope)s:%(ident)s"

    def __init__(self):
        self.cache = caches["ratelimit"]
        super().__init__()

    def get_rate(self):
        return settings.API_THROTTLE_RATES[self.scope]


class AnonymousThrottle(_ApiThrottle):
    scope = "anonymous"

    def get_cache_key(self, request, view):
        if request_token(request) is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": client_ip(request) or "?"}


class TokenThrottle(_ApiThrottle):
    scope = "token"

    def get_cache_key(self, request, view):
        token = request_token(request)
        if token is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}
