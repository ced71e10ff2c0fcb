"""Who may see which trainings records. Functions return (allowed, reason) so the UI can say
why; `*_visible_to(user)` filter querysets so an enterprise user only ever reaches its own
people's enrollments and certificates (another organization's ids give a 404)."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from enterprises.models import Membership, Organization
from portal.permissions import can_use_staff_workspace

from .models import Course, Enrollment


def active_organizations(user) -> QuerySet[Organization]:
    """The organizations the user acts for (active membership)."""
    if not user.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(
        memberships__user=user, memberships__status=Membership.Status.ACTIVE
    ).distinct()


def claims_awaiting(user) -> QuerySet[Enrollment]:
    """Course registrations that name one of the user's organizations and wait for its
    confirmation (all of them for staff)."""
    if not user.is_authenticated:
        return Enrollment.objects.none()
    claims = Enrollment.objects.filter(claimed_organization__isnull=False).exclude(
        status=Enrollment.Status.CANCELLED
    )
    if user.is_program_staff:
        return claims
    return claims.filter(claimed_organization__in=active_organizations(user))


def can_manage_trainings(user) -> tuple[bool, str]:
    """Courses and their participants, results and certificates, the expert pool,
    consultants and contracts are managed by program staff."""
    return can_use_staff_workspace(user)


def can_decide_claim(user, enrollment: Enrollment) -> tuple[bool, str]:
    if enrollment.claimed_organization_id is None:
        return False, _("This registration does not wait for an organization's confirmation.")
    if user.is_program_staff:
        return True, ""
    if active_organizations(user).filter(pk=enrollment.claimed_organization_id).exists():
        return True, ""
    return False, _("Only the named organization or program staff can confirm this.")


def courses_visible_to(user) -> QuerySet[Course]:
    """Staff see every course; everyone else sees courses that left the draft stage."""
    if user.is_authenticated and user.is_program_staff:
        return Course.objects.all()
    return Course.objects.exclude(status=Course.Status.DRAFT)


def enrollments_visible_to(user) -> QuerySet[Enrollment]:
    """Staff: all. Enterprise users: their own enrollments and their organizations' people."""
    if not user.is_authenticated:
        return Enrollment.objects.none()
    if user.is_program_staff:
        return Enrollment.objects.all()
    organization_ids = Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).values(
        "organization_id"
    )
    return Enrollment.objects.filter(Q(user=user) | Q(organization_id__in=organization_ids))


def certificates_visible_to(user) -> QuerySet[Enrollment]:
    """Certificates a user may download; revoked ones only for staff."""
    enrollments = enrollments_visible_to(user).filter(
        certificate_number__isnull=False, status=Enrollment.Status.PASSED
    )
    if user.is_authenticated and user.is_program_staff:
        return enrollments
    return enrollments.filter(certificate_revoked_at__isnull=True)


def can_record_results(course: Course) -> tuple[bool, str]:
    from django.utils import timezone

    if course.status in (Course.Status.DRAFT, Course.Status.CANCELLED):
        return False, _("Results can only be recorded for a course that took place.")
    if course.starts_on > timezone.localdate():
        return False, _("Results cannot be recorded before the course starts.")
    return True, ""


def can_register(course: Course) -> tuple[bool, str]:
    from django.utils import timezone

    today = timezone.localdate()
    if course.status != Course.Status.CANCELLED and course.starts_on < today:
        # Said plainly: a course in the past is never open for registration, whatever its status.
        if course.ends_on < today:
            message = _("This course took place from %(start)s to %(end)s: registration is closed.")
        else:
            message = _("This course started on %(start)s: registration is closed.")
        return False, message % {
            "start": course.starts_on.strftime("%d/%m/%Y"),
            "end": course.ends_on.strftime("%d/%m/%Y"),
        }
    if course.status != Course.Status.OPEN:
        return False, _("Registration for this course is not open.")
    if course.registration_deadline and timezone.localdate() > course.registration_deadline:
        return False, _("The registration deadline for this course has passed.")
    return True, ""
