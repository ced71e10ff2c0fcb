from django.utils import timezone

from .. import fragments
from ..areas import EVERY_AREA
from ..hooks import app_hook_modules
from ..selectors import home_page_context


def home(request):
    def build():
        context = home_page_context()
        # Apps add their own blocks (this year's progress, open courses, winners) via
        # `<app>/home.py`.
        context["home_blocks"] = [
            block for module in app_hook_modules("home") for block in module.blocks(request)
        ]
        return {"content": fragments.render_fragment("portal/_home.html", context)}

    # Scheduled articles appear when their time comes, without a write: at most a minute late.
    key = "portal:home|" + timezone.localtime().strftime("%Y-%m-%d %H:%M")
    return fragments.render_page(request, "portal/home.html", key, build, depends_on=EVERY_AREA)
