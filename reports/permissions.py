"""Who may do what in monitoring. Functions return (allowed, reason) so the UI can say why a
button is not available; views and services apply them."""

from django.utils import timezone
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


def is_closed_year(year: int, *, today=None) -> bool:
    """A closed year is one that has ended: its report can be issued (again) by officials."""
    today = today or timezone.localdate()
    return year < today.year


def can_request_report(user, year: int | None = None) -> tuple[bool, str]:
    """Program staff build any year's report (the current year's included); officials may
    request a new version of a closed year's report (e.g. after the presentation changed), not
    the current year's. Without a year: whether the user may request some report at all."""
    if not user.is_authenticated:
        return False, _("Please sign in.")
    if user.is_program_staff:
        return True, ""
    if user.is_official:
        if year is None or is_closed_year(year):
            return True, ""
        return False, _(
            "The report of the current year is built by program staff; officials may request "
            "a new version of a closed year's report."
        )
    return False, _("Only program staff and officials can request an annual report.")


def can_request_report_now(user, year: int, *, building: bool) -> tuple[bool, str]:
    """The request button: allowed as above, and not while a version of the year is being
    built (one request at a time per year)."""
    allowed, reason = can_request_report(user, year)
    if allowed and building:
        return False, _("A version of this report is being built; wait until it is ready.")
    return allowed, reason


def can_retry_report(user, report) -> tuple[bool, str]:
    allowed, reason = can_use_staff_workspace(user)
    if not allowed:
        return allowed, reason
    if report.status != report.Status.FAILED:
        return False, _("Only a failed build can be retried.")
    return True, ""
