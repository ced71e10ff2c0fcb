import codecs
import logging

from django.conf import settings
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
