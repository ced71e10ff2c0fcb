"""The Excel exports of the trainings' staff lists (portal.exports): courses, enrollments,
experts, consultants and contracts, each list's columns declared once."""

from django.utils.translation import gettext_lazy as _

from portal.exports import Column, ListExport
from portal.permissions import can_use_staff_workspace

from . import selectors
from .forms import (
    ConsultantFilter,
    ContractFilter,
    EnrollmentFilter,
    ExpertFilter,
    StaffCourseFilter,
)


def _names(related: str):
    def read(row) -> str:
        return ", ".join(str(item.name) for item in getattr(row, related).all())

    return read


def _workplace(row) -> str:
    return row.organization.name if row.organization_id else row.workplace


EXPORTS = [
    ListExport(
        name="courses",
        title=_("Courses"),
        stem="khoa-dao-tao",
        columns=[
            Column(_("Code"), "code", width=14),
            Column(_("Course"), "title", width=44),
            Column(_("Kind"), "get_kind_display", width=20),
            Column(_("Solutions"), _names("solutions"), width=36),
            Column(_("Starts on"), "starts_on", "date"),
            Column(_("Ends on"), "ends_on", "date"),
            Column(_("Venue"), "venue", width=28),
            Column(_("Capacity"), "capacity", "int"),
            Column(_("Places taken"), "places_taken", "int"),
            Column(_("On the waiting list"), "waitlisted", "int"),
            Column(_("Status"), "get_status_display", width=16),
        ],
        permission=can_use_staff_workspace,
        list_url="trainings:course_list",
        queryset=lambda user: selectors.course_list(),
        filterset=StaffCourseFilter,
    ),
    ListExport(
        name="enrollments",
        title=_("Enrollments"),
        stem="hoc-vien",
        columns=[
            Column(_("Full name"), "full_name", width=28),
            Column(_("E-mail"), "email", width=28),
            Column(_("Phone"), "phone", width=14),
            Column(_("Position"), "position", width=20),
            Column(_("Workplace"), _workplace, width=36),
            Column(_("Participant type"), "get_participant_type_display", width=18),
            Column(_("Course code"), "course.code", width=14),
            Column(_("Course"), "course.title", width=40),
            Column(_("Starts on"), "course.starts_on", "date"),
            Column(_("Status"), "get_status_display", width=16),
            Column(_("Score"), "score", "number", width=8),
            Column(_("Certificate number"), "certificate_number", width=18),
            Column(_("Registered at"), "created_at", "datetime"),
        ],
        permission=can_use_staff_workspace,
        list_url="trainings:enrollment_list",
        queryset=lambda user: selectors.enrollment_list(),
        filterset=EnrollmentFilter,
    ),
    ListExport(
        name="experts",
        title=_("Expert pool"),
        stem="chuyen-gia",
        columns=[
            Column(_("Full name"), "full_name", width=28),
            Column(_("E-mail"), "email", width=28),
            Column(_("Phone"), "phone", width=14),
            Column(_("Workplace"), _workplace, width=36),
            Column(_("Commune / ward"), "commune.name", width=22),
            Column(_("Expertise"), _names("expertise"), width=40),
            Column(_("Source"), "get_source_display", width=18),
            Column(_("Active"), "is_active", width=10),
        ],
        permission=can_use_staff_workspace,
        list_url="trainings:expert_list",
        queryset=lambda user: selectors.expert_list(),
        filterset=ExpertFilter,
    ),
    ListExport(
        name="consultants",
        title=_("Consultants"),
        stem="don-vi-tu-van",
        columns=[
            Column(_("Name"), "name", width=40),
            Column(_("Tax code"), "tax_code", width=14),
            Column(_("Address"), "address", width=36),
            Column(_("Representative"), "representative", width=24),
            Column(_("Phone"), "phone", width=14),
            Column(_("E-mail"), "email", width=26),
            Column(_("Capabilities"), _names("capabilities"), width=40),
            Column(_("Contracts"), "contract_count", "int"),
            Column(_("Total value (VND)"), "contract_total", "money", width=20),
        ],
        permission=can_use_staff_workspace,
        list_url="trainings:consultant_list",
        queryset=lambda user: selectors.consultant_list(),
        filterset=ConsultantFilter,
    ),
    ListExport(
        name="contracts",
        title=_("Contracts"),
        stem="hop-dong",
        columns=[
            Column(_("Contract number"), "contract_number", width=18),
            Column(_("Title"), "title", width=40),
            Column(_("Consultant"), "consultant.name", width=36),
            Column(_("Selection method"), "get_selection_method_display", width=22),
            Column(_("Signed on"), "signed_on", "date"),
            Column(_("Starts on"), "starts_on", "date"),
            Column(_("Ends on"), "ends_on", "date"),
            Column(_("Contract value (VND)"), "value", "money", width=20),
            Column(_("Accepted amount (VND)"), "accepted_amount", "money", width=20),
            Column(_("Settled amount (VND)"), "settled_amount", "money", width=20),
            Column(_("Status"), "get_status_display", width=16),
        ],
        permission=can_use_staff_workspace,
        list_url="trainings:contract_list",
        queryset=lambda user: selectors.contract_list(),
        filterset=ContractFilter,
    ),
]
