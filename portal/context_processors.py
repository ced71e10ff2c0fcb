from django.conf import settings

from .hooks import navigation_for
from .models import ProgramSettings
from .visitors import visitor_stats


def site(request):
    """What every page needs: the program's identity, the navigation for this user, footer stats."""
    return {
        "program": ProgramSettings.load_cached(),
        "nav": navigation_for(request.user),
        "visitor_stats": visitor_stats,  # callable: only evaluated by templates that show it
        "SITE_URL": settings.SITE_URL,
    }
