from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal.hooks import NavItem


def items(user) -> list[NavItem]:
    """In national mode: the national dashboard for staff and officials, the register of
    provincial portals for staff."""
    if not settings.NATIONAL_MODE or not user.is_authenticated:
        return []
    entries = []
    sections = (["staff"] if user.is_program_staff else []) + (
        ["official"] if user.is_official else []
    )
    for section in sections:
        entries.append(
            NavItem(_("National dashboard"), "national:dashboard", section, order=55, icon="map")
        )
    if user.is_program_staff:
        entries.append(
            NavItem(
                _("Provincial portals"),
                "national:portal_list",
                "staff",
                order=56,
                icon="hdd-network",
            )
        )
    return entries
