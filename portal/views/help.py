"""The user guide (/help/): one section per role, with screenshots the browser tests take
(tests/e2e/test_user_guide_screenshots.py saves them to static/help/)."""

from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

# (anchor, title, screenshots): the guide's sections in order; each anchor is what the empty
# states of the lists link to ("Xem hướng dẫn").
SECTIONS = (
    (
        "doanh-nghiep",
        _("Enterprises and organizations"),
        ("enterprise-register", "enterprise-home"),
    ),
    ("can-bo", _("Program staff"), ("staff-registry", "staff-record-support")),
    ("lanh-dao", _("Officials"), ("official-dashboard",)),
    ("hoi-dong", _("Award council members"), ("council-reviews",)),
    ("quan-tri", _("Administrators"), ("admin-program-settings",)),
)


def help_page(request):
    return render(request, "portal/help.html", {"sections": SECTIONS})
