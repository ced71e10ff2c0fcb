from django.utils.translation import gettext_lazy as _

from portal.hooks import NavItem


def items(user) -> list[NavItem]:
    entries = [NavItem(_("Courses"), "trainings:catalog", "public", order=30)]
    if user.is_authenticated and user.is_program_staff:
        entries += [
            NavItem(
                _("Enrollments"),
                "trainings:enrollment_list",
                "staff",
                order=40,
                icon="people",
                group="trainings",
            ),
            NavItem(
                _("Courses"),
                "trainings:course_list",
                "staff",
                order=40,
                icon="mortarboard",
                group="trainings",
            ),
            NavItem(
                _("Experts"),
                "trainings:expert_list",
                "staff",
                order=41,
                icon="person-badge",
                group="trainings",
            ),
            NavItem(
                _("Consultants"),
                "trainings:consultant_list",
                "staff",
                order=42,
                icon="briefcase",
                group="trainings",
            ),
            NavItem(
                _("Contracts"),
                "trainings:contract_list",
                "staff",
                order=43,
                icon="file-text",
                group="trainings",
            ),
            NavItem(
                _("Contract budget"),
                "trainings:budget",
                "staff",
                order=44,
                icon="cash-coin",
                group="trainings",
            ),
        ]
    if user.is_authenticated and user.is_enterprise_user:
        entries.append(
            NavItem(
                _("My courses and certificates"),
                "trainings:my_courses",
                "enterprise",
                order=40,
                icon="mortarboard",
            )
        )
    return entries
