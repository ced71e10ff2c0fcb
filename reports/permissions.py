"""Who may do what in monitoring. Functions return (allowed, reason) so the UI can say why a
button is not available; views and services apply them."""

from django.utils import timezone
from django.utils.translation import gettext as _

from portal.permissions import can_read_monitoring, can_use_staff_workspace
from portal.transitions import can_transition

APPROVE_PERMISSION = "reports.approve_year"


def can_manage_targets(user) -> tuple[bool, str]:
    return can_use_staff_workspace(user)


def is_lead(user) -> bool:
    """A lead is program staff holding the `reports.approve_year` permission (or a
    superuser)."""
    if not (user.is_authenticated and user.is_program_staff):
        return False
    return user.is_superuser or user.has_perm(APPROVE_PERMISSION)


def can_close_years(user) -> tuple[bool, str]:
    """Who may submit a year's figures (the service's check; the year's status is its
    WORKFLOW's)."""
    return can_use_staff_workspace(user)


def can_return_years(user) -> tuple[bool, str]:
    """Who may return submitted figures: a lead."""
    if not is_lead(user):
        return False, _("Only a lead can return a year's figures.")
    return True, ""


def can_unlock_years(user) -> tuple[bool, str]:
    """Who may unlock a locked year: a lead."""
    if not is_lead(user):
        return False, _("Only a lead can unlock a year.")
    return True, ""


def can_approve_years(user, closing) -> tuple[bool, str]:
    """Who may approve this year's figures: a lead who did not submit them."""
    if not is_lead(user):
        return False, _("Only a lead can approve a year's figures.")
    if closing.submitted_by_id == user.pk and not user.is_superuser:
        return False, _("The figures must be approved by someone other than who submitted them.")
    return True, ""


def can_submit_year(user, closing=None) -> tuple[bool, str]:
    """The submit button: who, and the year's status."""
    allowed, reason = can_close_years(user)
    if not allowed:
        return allowed, reason
    if closing is not None:
        return can_transition(closing, "submit")
    return True, ""


def can_approve_year(user, closing) -> tuple[bool, str]:
    """The approve button: who, and the year's status."""
    if not is_lead(user):
        return False, _("Only a lead can approve a year's figures.")
    allowed, reason = can_transition(closing, "approve")
    if not allowed:
        return allowed, reason
    return can_approve_years(user, closing)


def can_return_year(user, closing) -> tuple[bool, str]:
    allowed, reason = can_return_years(user)
    if not allowed:
        return allowed, reason
    return can_transition(closing, "return")


def can_unlock_year(user, closing) -> tuple[bool, str]:
    allowed, reason = can_unlock_years(user)
    if not allowed:
        return allowed, reason
    return can_transition(closing, "unlock")


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


def can_retry_reports(user) -> tuple[bool, str]:
    """Who may run a failed build again: program staff."""
    return can_use_staff_workspace(user)


def can_retry_report(user, report) -> tuple[bool, str]:
    """The retry button: who, and the build's status."""
    allowed, reason = can_retry_reports(user)
    if not allowed:
        return allowed, reason
    return can_transition(report, "retry")
