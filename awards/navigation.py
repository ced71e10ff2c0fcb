from django.utils.translation import gettext_lazy as _

from portal.hooks import NavItem


def items(user) -> list[NavItem]:
    entries = [NavItem(_("Award winners"), "awards:winners", "public", order=40)]
    if not user.is_authenticated:
        return entries
    if user.is_program_staff:
        entries += [
            NavItem(
                _("Award cycles"),
                "awards:cycle_list",
                "staff",
                order=60,
                icon="award",
                group="awards",
            ),
            NavItem(
                _("Award nominations"),
                "awards:nomination_list",
                "staff",
                order=61,
                icon="list-check",
                group="awards",
            ),
            NavItem(
                _("Award ranking"),
                "awards:ranking",
                "staff",
                order=62,
                icon="bar-chart",
                group="awards",
            ),
        ]
    if user.is_enterprise_user:
        entries.append(
            NavItem(
                _("My award applications"),
                "awards:my_nominations",
                "enterprise",
                order=40,
                icon="award",
            )
        )
    if user.is_council_member:
        entries.append(
            NavItem(
                _("Assigned nominations"),
                "awards:council_reviews",
                "council",
                order=10,
                icon="clipboard-check",
            )
        )
    return entries
