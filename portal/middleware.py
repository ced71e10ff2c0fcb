import codecs
import logging
from functools import lru_cache

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from .visitors import visit_record

logger = logging.getLogger(__name__)


class VisitorCounterMiddleware:
    """Counts page views of HTML pages for the footer statistics (cache only, no DB write)."""

    SKIP_PREFIXES = ("/static/", "/media/", "/healthz", "/admin/jsi18n", "/favicon")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.method == "GET"
            and response.status_code == 200
            and not request.path.startswith(self.SKIP_PREFIXES)
            and not getattr(request, "htmx", False)
            and response.get("Content-Type", "").startswith("text/html")
        ):
            try:
                visit_record(request, response)
            except Exception:  # a cache outage must never break a page
                logger.warning("Could not count a visit", exc_info=True)
        return response


class LanguageMiddleware:
    """Vietnamese for everyone unless they chose English with the language switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an office PC set
    up in English would get English pages; the portal is Vietnamese first, and only the
    switcher's cookie changes that."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class HostileRequestMiddleware:
    """Requests that no page can answer meaningfully get a clear answer here, before any view.

    - A NUL byte in the address or a query parameter: PostgreSQL refuses "\\x00" in a query, so
      a search box or a lookup by code would end in a 500. A 400 page in Vietnamese instead.
    - A form posted with a charset Python does not know: Django would fail decoding it (500);
      it is read as UTF-8, what every page of the portal sends, and validated as usual.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        charset = request.content_params.get("charset") if request.content_params else None
        if charset:
            try:
                codecs.lookup(charset)
            except LookupError:
                request.encoding = "utf-8"
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            message = _(
                "The address contains a character that is not allowed (a NUL byte). "
                "Check the link or the search text and try again."
            )
            if request.path.startswith("/api/"):
                # The API answers in its own documented shape (api/schema/v1.yaml).
                return JsonResponse({"detail": str(message)}, status=400)
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)


# What a view or decorator may set on a response to change its policy (django-csp).
_RESPONSE_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


@lru_cache(maxsize=1)
def settings_policies() -> tuple[str, tuple[str, ...], str, tuple[str, ...]]:
    """The Content-Security-Policy and its report-only twin as the settings write them, with
    the address prefixes each leaves out: built once per process, not per response."""
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
    report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None) or {}
    return (
        build_policy(),
        tuple(policy.get("EXCLUDE_URL_PREFIXES", None) or ()),
        build_policy(report_only=True),
        tuple(report_only.get("EXCLUDE_URL_PREFIXES", None) or ()),
    )


def _forget_policies(*, setting, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        settings_policies.cache_clear()


setting_changed.connect(_forget_policies)


class CSPMiddleware(DjangoCSPMiddleware):
    """django-csp's middleware, with the policy of the settings written once per process.

    django-csp builds the header from the settings on every response, twice (the policy and
    the report-only one): a tenth of the Python of a page served from the page cache. The
    header is the same for every response that neither carries its own policy (django-csp's
    decorators) nor used a nonce, so those get the string built once; the others are left to
    django-csp as before."""

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _RESPONSE_POLICY
        ):
            return super().process_response(request, response)
        if response.status_code in (404, 500) and settings.DEBUG:
            return response
        policy, excluded, policy_ro, excluded_ro = settings_policies()
        path = request.path_info
        for header, value, left_out, exempt in (
            (HEADER, policy, excluded, "_csp_exempt"),
            (HEADER_REPORT_ONLY, policy_ro, excluded_ro, "_csp_exempt_ro"),
        ):
            if (
                value
                and header not in response
                and getattr(response, exempt, False) is False
                and not path.startswith(left_out)
            ):
                response[header] = value
        # As django-csp: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
