from django.utils.translation import gettext_lazy as _

from .hooks import NavItem


def items(user) -> list[NavItem]:
    """The portal's own menu entries (apps add theirs in their own navigation.py)."""
    entries = [
        NavItem(_("News and guidance"), "portal:article_list", "public", order=10),
        NavItem(_("Policies"), "portal:policy_list", "public", order=20),
        NavItem(_("Verify a document"), "portal:document_verify", "public", order=90),
    ]
    if user.is_authenticated and user.is_program_staff:
        entries += [
            NavItem(_("Workspace home"), "portal:staff_home", "staff", order=0, icon="house"),
            NavItem(
                _("News and articles"),
                "portal:staff_article_list",
                "staff",
                order=80,
                icon="newspaper",
                group="communication",
            ),
            NavItem(
                _("Communication activities"),
                "portal:staff_communication_list",
                "staff",
                order=81,
                icon="megaphone",
                group="communication",
            ),
            NavItem(
                _("Policies"),
                "portal:staff_policy_list",
                "staff",
                order=82,
                icon="journal-text",
                group="communication",
            ),
            NavItem(
                _("Program settings"),
                "portal:program_settings",
                "staff",
                order=90,
                icon="gear",
                group="system",
            ),
            NavItem(
                _("Administrative units"),
                "portal:administrative_unit_list",
                "staff",
                order=91,
                icon="geo-alt",
                group="system",
            ),
        ]
    if user.is_authenticated and user.is_official:
        entries.append(
            NavItem(_("Overview"), "portal:official_home", "official", order=0, icon="house")
        )
    if user.is_authenticated and user.is_enterprise_user:
        entries.append(
            NavItem(_("Overview"), "portal:enterprise_home", "enterprise", order=0, icon="house")
        )
    if user.is_authenticated and user.is_council_member:
        entries.append(
            NavItem(_("Overview"), "portal:council_home", "council", order=0, icon="house")
        )
    return entries
