"""Who may use which part of the portal. Functions return (allowed, reason) so the UI can say
why something is not available.

Where each rule is enforced (the one layer for every app):
- **Changes** are authorized by the service that makes them, first thing:
  `authorize(by, rule, *records)`. Every entry point (views, the API, the admin, tasks,
  commands, imports) goes through the service, so none can skip the rule; a refusal is a
  PermissionDenied with the rule's translated reason, which Django answers with the 403 page.
- **Pages** (what a role may open and see) are gated in the view by `require(rule)`, and the
  selectors scope what a list shows.
Views may call the same rules to decide which buttons to show; they never replace the
service's check."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def can_use_staff_workspace(user) -> tuple[bool, str]:
    if not user.is_authenticated:
        return False, _("Please sign in.")
    if user.is_program_staff:
        return True, ""
    return False, _("Only program staff can use the staff workspace.")


def can_read_monitoring(user) -> tuple[bool, str]:
    """Dashboard and annual reports: officials (read-only) and program staff."""
    if not user.is_authenticated:
        return False, _("Please sign in.")
    if user.is_program_staff or user.is_official:
        return True, ""
    return False, _("Only officials and program staff can read the monitoring pages.")


def can_use_enterprise_area(user) -> tuple[bool, str]:
    if not user.is_authenticated:
        return False, _("Please sign in.")
    if user.is_enterprise_user:
        return True, ""
    return False, _("This area is for representatives of registered organizations.")


def can_use_council_area(user) -> tuple[bool, str]:
    if not user.is_authenticated:
        return False, _("Please sign in.")
    if user.is_council_member:
        return True, ""
    return False, _("This area is for award council members.")


def can_manage_portal_content(user, *records) -> tuple[bool, str]:
    """Articles, communication activities, policies and the program settings: program staff."""
    return can_use_staff_workspace(user)


def can_deactivate_accounts(user, *accounts) -> tuple[bool, str]:
    """Deactivating an account (the admin's action): whoever may change accounts there."""
    if user.is_authenticated and user.is_active and user.has_perm("portal.change_user"):
        return True, ""
    return False, _("Only administrators can deactivate accounts.")


def authorize(by, rule, *records) -> None:
    """The service's check: `rule(by, *records)` must allow the acting user, or PermissionDenied.

    `by=None` is the system itself (a Celery task, a management command, the demo seed),
    which only someone with access to the server can run; it is allowed and recorded as no
    user in the history."""
    if by is None:
        return
    allowed, reason = rule(by, *records)
    if not allowed:
        raise PermissionDenied(reason)


def require(check):
    """View decorator: anonymous users go to sign-in, others without the right get a 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            allowed, reason = check(request.user)
            if not allowed:
                raise PermissionDenied(reason)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_required = require(can_use_staff_workspace)
monitoring_required = require(can_read_monitoring)
enterprise_required = require(can_use_enterprise_area)
council_required = require(can_use_council_area)


def export_visible_to(job, user) -> tuple[bool, str]:
    """An Excel export (portal.exports) is seen and downloaded only by who asked for it."""
    if user.is_authenticated and job.owner_id == user.pk:
        return True, ""
    return False, _("This export belongs to someone else.")
