from django.shortcuts import render

from ..hooks import app_hook_modules
from ..selectors import home_page_context


def home(request):
    context = home_page_context()
    # Apps add their own blocks (this year's progress, open courses, winners) via `<app>/home.py`.
    context["home_blocks"] = [
        block for module in app_hook_modules("home") for block in module.blocks(request)
    ]
    return render(request, "portal/home.html", context)
