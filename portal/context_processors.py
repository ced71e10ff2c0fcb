from django.conf import settings
from django.utils.functional import SimpleLazyObject

from .fragments import request_cached, request_csrf_token
from .models import ProgramSettings
from .visitors import STATS_KEY, visitor_stats


def site(request):
    """What every page needs: the program's identity and the footer stats (the menu is the
    `main_nav` tag's own)."""
    # Read with the other values every page needs, in one cache round trip.
    program = ProgramSettings.load_cached()
    stats = request_cached(STATS_KEY)
    return {
        "program": program,
        # callable: only evaluated by templates that show it
        "visitor_stats": stats if stats is not None else visitor_stats,
        "SITE_URL": settings.SITE_URL,
        # One masked token per request, however many forms and templates show it.
        "csrf_token": SimpleLazyObject(lambda: request_csrf_token(request)),
    }
