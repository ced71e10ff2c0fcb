"""Who may do what in monitoring. Functions return (allowed, reason) so the UI can say why a
button is not available; views and services apply them."""

from django.utils.translation import gettext as _

from portal.permissions import can_read_monitoring, can_use_staff_workspace

APPROVE_PERMISSION = "reports.approve_year"


def can_manage_targets(user) -> tuple[bool, str]:
    return can_use_staff_workspace(user)


def is_lead(user) -> bool:
    """A lead is program staff holding the `reports.approve_year` permission (or a
    superuser)."""
    if not (user.is_authenticated and user.is_program_staff):
        return False
    return user.is_superuser or user.has_perm(APPROVE_PERMISSION)


def can_submit_year(user, closing=None) -> tuple[bool, str]:
    allowed, reason = can_use_staff_workspace(user)
    if not allowed:
        return allowed, reason
    if closing is not None and closing.status != closing.Status.OPEN:
        return False, _("The year has already been submitted or locked.")
    return True, ""


def can_approve_year(user, closing) -> tuple[bool, str]:
    if not is_lead(user):
        return False, _("Only a lead can approve a year's figures.")
    if closing.status != closing.Status.SUBMITTED:
        return False, _("Only submitted figures can be approved.")
    if closing.submitted_by_id == user.pk and not user.is_superuser:
        return False, _("The figures must be approved by someone other than who submitted them.")
    return True, ""


def can_return_year(user, closing) -> tuple[bool, str]:
    if not is_lead(user):
        return False, _("Only a lead can return a year's figures.")
    if closing.status != closing.Status.SUBMITTED:
        return False, _("Only submitted figures can be returned.")
    return True, ""


def can_unlock_year(user, closing) -> tuple[bool, str]:
    if not is_lead(user):
        return False, _("Only a lead can unlock a year.")
    if closing.status != closing.Status.LOCKED:
        return False, _("Only a locked year can be unlocked.")
    return True, ""


def can_download_report(user, report) -> tuple[bool, str]:
    allowed, reason = can_read_monitoring(user)
    if not allowed:
        return allowed, reason
    if report.status != report.Status.SUCCEEDED or not report.file:
        return False, _("This report has no file yet.")
    return True, ""


def can_request_report(user) -> tuple[bool, str]:
    return can_use_staff_workspace(user)


def can_retry_report(user, report) -> tuple[bool, str]:
    allowed, reason = can_use_staff_workspace(user)
    if not allowed:
        return allowed, reason
    if report.status != report.Status.FAILED:
        return False, _("Only a failed build can be retried.")
    return True, ""
