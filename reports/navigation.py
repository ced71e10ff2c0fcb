from django.utils.translation import gettext_lazy as _

from portal.hooks import NavItem


def items(user) -> list[NavItem]:
    """Dashboard, reports and targets for staff and officials; year closing for staff."""
    if not user.is_authenticated:
        return []
    entries = []
    sections = []
    if user.is_program_staff:
        sections.append("staff")
    if user.is_official:
        sections.append("official")
    for section in sections:
        group = "reports" if section == "staff" else ""
        entries += [
            NavItem(
                _("Plan dashboard"),
                "reports:dashboard",
                section,
                order=60,
                icon="graph-up",
                group=group,
            ),
            NavItem(
                _("Annual reports"),
                "reports:report_list",
                section,
                order=61,
                icon="file-earmark-pdf",
                group=group,
            ),
            NavItem(
                _("Targets"), "reports:target_list", section, order=62, icon="bullseye", group=group
            ),
        ]
    if user.is_program_staff:
        entries.append(
            NavItem(
                _("Closing the years"),
                "reports:year_list",
                "staff",
                order=63,
                icon="lock",
                group="reports",
            )
        )
    return entries
