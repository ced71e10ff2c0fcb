from django.utils.translation import gettext_lazy as _

from portal.hooks import NavItem


def items(user) -> list[NavItem]:
    """API tokens for program staff."""
    if user.is_authenticated and user.is_program_staff:
        return [NavItem(_("API tokens"), "api_tokens:list", "staff", order=92, icon="key")]
    return []
