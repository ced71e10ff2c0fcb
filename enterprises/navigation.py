from django.utils.translation import gettext_lazy as _

from portal.hooks import NavItem


def items(user) -> list[NavItem]:
    entries = []
    if not user.is_authenticated:
        entries.append(
            NavItem(_("Register your organization"), "enterprises:register", "public", order=90)
        )
    if user.is_authenticated and user.is_program_staff:
        entries += [
            NavItem(
                _("Registry"),
                "enterprises:registry",
                "staff",
                order=10,
                icon="buildings",
                group="enterprises",
            ),
            NavItem(
                _("Registrations to review"),
                "enterprises:review_queue",
                "staff",
                order=11,
                icon="clipboard-check",
                group="enterprises",
            ),
            NavItem(
                _("Support ledger"),
                "enterprises:ledger",
                "staff",
                order=12,
                icon="journal",
                group="enterprises",
            ),
            NavItem(
                _("Support requests"),
                "enterprises:staff_requests",
                "staff",
                order=13,
                icon="envelope",
                group="enterprises",
            ),
            NavItem(
                _("Pilot models"),
                "enterprises:pilot_list",
                "staff",
                order=14,
                icon="star",
                group="enterprises",
            ),
            NavItem(
                _("Solutions catalog"),
                "enterprises:solution_list",
                "staff",
                order=15,
                icon="list-check",
                group="enterprises",
            ),
            NavItem(
                _("Import"),
                "enterprises:import",
                "staff",
                order=16,
                icon="upload",
                group="enterprises",
            ),
            NavItem(
                _("Industry concordance"),
                "enterprises:concordance_list",
                "staff",
                order=17,
                icon="arrow-left-right",
                group="system",
            ),
        ]
    if user.is_authenticated and user.is_enterprise_user:
        entries += [
            NavItem(
                _("My organizations"),
                "enterprises:my_list",
                "enterprise",
                order=10,
                icon="building",
            ),
            NavItem(
                _("Ask to join an organization"),
                "enterprises:join",
                "enterprise",
                order=19,
                icon="person-plus",
            ),
        ]
        from .models import Membership

        memberships = list(
            Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).values_list(
                "organization_id", flat=True
            )[:2]
        )
        if len(memberships) == 1:
            entries.append(
                NavItem(
                    _("Support requests"),
                    "enterprises:my_requests",
                    "enterprise",
                    order=11,
                    icon="envelope",
                    kwargs={"pk": memberships[0]},
                )
            )
    return entries
