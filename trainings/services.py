"""Every operation that changes trainings data: courses and their registrations, results and
certificates, the expert pool, consultants and contracts.

Registrations and cancellations lock the course row (`select_for_update`), so two requests
arriving together can never put more people in a course than it has places, and a freed place
goes to the first person on the waiting list.
"""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import cast

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.models import Organization, Solution, SupportActivity
from enterprises.taxcode import normalize_tax_code
from portal import uploads
from portal.duplicates import save_new
from portal.permissions import authorize
from portal.queueing import enqueue_on_commit
from portal.service_tools import model_update, record_actor, require_reason
from portal.text import search_key as search_text
from portal.transitions import can_transition, transition
from portal.yearlock import ensure_year_open

from . import persons, supported
from .models import (
    Consultant,
    Contract,
    ContractDocument,
    ContractLogEntry,
    Course,
    Enrollment,
    Expert,
    ExpertAssignment,
)
from .permissions import can_decide_claim, can_manage_trainings, can_record_results, can_register

S = Enrollment.Status
CANCEL_SALT = "trainings.enrollment-cancel"


def _reject_unknown(fields: dict, allowed: tuple[str, ...], entity: str) -> None:
    """For creations (updates go through `model_update`, which checks the names itself)."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown {entity} fields: {sorted(unknown)}")


# --- Courses ------------------------------------------------------------------------------


COURSE_FIELDS = (
    "code",
    "title",
    "kind",
    "description",
    "starts_on",
    "ends_on",
    "registration_deadline",
    "venue",
    "is_online",
    "capacity",
    "lecturer",
)


def _check_course(course: Course) -> None:
    errors = {}
    if not course.is_online and not course.venue:
        errors["venue"] = _("Give the venue, or mark the course as online.")
    if (
        course.registration_deadline
        and course.ends_on
        and course.registration_deadline > course.ends_on
    ):
        errors["registration_deadline"] = _("The registration deadline must be before the end.")
    if errors:
        raise ValidationError(errors)
    course.full_clean()


@transaction.atomic
def course_create(*, by, solutions: Iterable[Solution] = (), **fields) -> Course:
    authorize(by, can_manage_trainings)
    _reject_unknown(fields, COURSE_FIELDS, "course")
    course = Course(created_by=by, status=Course.Status.DRAFT, **fields)
    _check_course(course)
    record_actor(course, by)
    save_new(course)
    course.solutions.set(solutions)
    return course


@transaction.atomic
def course_update(
    *, course: Course, by, solutions: Iterable[Solution] | None = None, **fields
) -> Course:
    authorize(by, can_manage_trainings)
    course = Course.objects.select_for_update().get(pk=course.pk)
    if course.status in (Course.Status.COMPLETED, Course.Status.CANCELLED):
        raise ValidationError(_("A completed or cancelled course can no longer be edited."))
    if "ends_on" in fields and fields["ends_on"] != course.ends_on:
        # A course counts in the year it ends: moving it in or out of a locked year is refused.
        ensure_year_open(course.ends_on, fields["ends_on"], field="ends_on")
    ended = course.ends_on
    model_update(instance=course, fields=COURSE_FIELDS, data=fields)
    _check_course(course)
    record_actor(course, by)
    course.save()
    if solutions is not None:
        course.solutions.set(solutions)
    # After the solutions: the kept solution groups of its organizations' support follow them.
    supported.courses_changed(course, years=[ended])
    persons.course_persons_changed(course, years=[ended])
    # More places may let people off the waiting list.
    _promote_waitlist(course, by)
    return course


def _save_course_status(course: Course, by) -> Course:
    record_actor(course, by)
    course.save(update_fields=["status", "updated_at"])
    return course


@transaction.atomic
def course_open(*, course: Course, by) -> Course:
    authorize(by, can_manage_trainings)
    course = Course.objects.select_for_update().get(pk=course.pk)
    transition(course, "open")
    if course.ends_on < timezone.localdate():
        raise ValidationError(_("A course that has already ended cannot be opened."))
    return _save_course_status(course, by)


@transaction.atomic
def course_close(*, course: Course, by) -> Course:
    authorize(by, can_manage_trainings)
    course = Course.objects.select_for_update().get(pk=course.pk)
    transition(course, "close")
    return _save_course_status(course, by)


@transaction.atomic
def course_complete(*, course: Course, by) -> Course:
    authorize(by, can_manage_trainings)
    course = Course.objects.select_for_update().get(pk=course.pk)
    # A course recorded after it took place goes from draft to completed directly.
    took_place = course.status == Course.Status.DRAFT and course.ends_on < timezone.localdate()
    transition(course, "complete_past" if took_place else "complete")
    if course.starts_on > timezone.localdate():
        raise ValidationError(_("A course cannot be completed before it starts."))
    # The waiting list never got a place: close it.
    course.enrollments.filter(status=S.WAITLISTED).update(
        status=S.CANCELLED, cancelled_at=timezone.now(), updated_at=timezone.now()
    )
    return _save_course_status(course, by)


@transaction.atomic
def course_cancel(*, course: Course, by) -> Course:
    authorize(by, can_manage_trainings)
    course = Course.objects.select_for_update().get(pk=course.pk)
    transition(course, "cancel")
    if course.enrollments.filter(status__in=(S.PASSED, S.FAILED, S.ATTENDED)).exists():
        raise ValidationError(_("Results are recorded for this course: it cannot be cancelled."))
    live = list(
        course.enrollments.filter(status__in=(S.REGISTERED, S.WAITLISTED, S.CONFIRMED)).values_list(
            "pk", flat=True
        )
    )
    course.enrollments.filter(pk__in=live).update(
        status=S.CANCELLED, cancelled_at=timezone.now(), updated_at=timezone.now()
    )
    from .tasks import send_enrollment_email_task

    for pk in live:
        enqueue_on_commit(send_enrollment_email_task, pk, "course_cancelled")
    return _save_course_status(course, by)


COURSE_TRANSITIONS = {
    "open": course_open,
    "close": course_close,
    "complete": course_complete,
    "cancel": course_cancel,
}


# --- Registration and the waiting list ----------------------------------------------------


def _places_taken(course: Course) -> int:
    return course.enrollments.filter(status__in=Enrollment.PLACE_HOLDING).count()


def _promote_waitlist(course: Course, by) -> list[Enrollment]:
    """Give freed places to the waiting list, first come first served. The caller holds the
    course row lock."""
    if course.status not in (Course.Status.OPEN, Course.Status.CLOSED):
        return []
    free = course.capacity - _places_taken(course)
    if free <= 0:
        return []
    promoted = list(
        course.enrollments.select_for_update()
        .filter(status=S.WAITLISTED)
        .order_by("created_at", "id")[:free]
    )
    from .tasks import send_enrollment_email_task

    for enrollment in promoted:
        enrollment.status = S.REGISTERED
        record_actor(enrollment, by)
        enrollment.save(update_fields=["status", "updated_at"])
        enqueue_on_commit(send_enrollment_email_task, enrollment.pk, "promoted")
    return promoted


@transaction.atomic
def enrollment_register(
    *,
    course: Course,
    full_name: str,
    email: str,
    phone: str = "",
    position: str = "",
    workplace: str = "",
    participant_type: str = Enrollment.ParticipantType.ENTERPRISE_STAFF,
    organization: Organization | None = None,
    claimed_organization: Organization | None = None,
    user=None,
) -> Enrollment:
    """Register a person. `organization` links them at once (the caller checked they act for
    it); `claimed_organization` is one they only named (by tax code): it is linked when one of
    its members or program staff confirm (`enrollment_claim_decide`)."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    allowed, reason = can_register(course)
    if not allowed:
        raise ValidationError(reason)
    email = (email or "").strip()
    if (
        email
        and course.enrollments.filter(email__iexact=email).exclude(status=S.CANCELLED).exists()
    ):
        raise ValidationError(
            {"email": _("This e-mail address is already registered for this course.")}
        )
    status = S.REGISTERED if _places_taken(course) < course.capacity else S.WAITLISTED
    enrollment = Enrollment(
        course=course,
        full_name=(full_name or "").strip(),
        email=email,
        phone=phone,
        position=position,
        workplace=workplace or (organization or claimed_organization or Organization()).name,
        participant_type=participant_type,
        organization=organization,
        claimed_organization=None if organization else claimed_organization,
        user=user,
        status=status,
    )
    enrollment.full_clean()
    record_actor(enrollment, user)
    enrollment.save()
    from .tasks import send_enrollment_email_task

    enqueue_on_commit(
        send_enrollment_email_task,
        enrollment.pk,
        "registered" if status == S.REGISTERED else "waitlisted",
    )
    return enrollment


# --- Participants recorded by staff (a course that took place, an attendance list) ---------

PARTICIPANT_FIELDS = ("full_name", "email", "phone", "position", "workplace", "participant_type")
ATTENDANCE_MAX_ROWS = 2000


def _check_participants_can_be_recorded(course: Course) -> None:
    if course.status == Course.Status.CANCELLED:
        raise ValidationError(_("Participants cannot be added to a cancelled course."))
    # The participants count in the figures of the year the course ends.
    ensure_year_open(course.ends_on)


def _participant(course: Course, data: dict, taken_emails: set[str]) -> Enrollment:
    """An unsaved, validated enrollment of a participant staff record (confirmed: they were
    on the list); raises ValidationError with every problem of the row."""
    errors: list[str] = []
    tax_code = normalize_tax_code(str(data.get("tax_code") or ""))
    organization = None
    if tax_code:
        organization = Organization.objects.filter(
            tax_code=tax_code, status=Organization.Status.ACTIVE
        ).first()
        if organization is None:
            errors.append(
                _("No active organization has the tax code %(code)s.") % {"code": tax_code}
            )
    fields = {name: str(data.get(name) or "").strip() for name in PARTICIPANT_FIELDS}
    fields["participant_type"] = (
        fields["participant_type"] or Enrollment.ParticipantType.ENTERPRISE_STAFF
    )
    enrollment = Enrollment(
        course=course,
        status=S.CONFIRMED,
        organization=organization,
        **{
            **fields,
            "workplace": fields["workplace"] or (organization.name if organization else ""),
        },
    )
    email = fields["email"].lower()
    if email and email in taken_emails:
        errors.append(_("The e-mail address %(email)s is already on the list.") % {"email": email})
    try:
        enrollment.full_clean(exclude=["course", "user", "claimed_organization"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            label = _field_label(field)
            errors.extend(f"{label}: {m}" if label else m for m in messages)
    if errors:
        raise ValidationError(errors)
    taken_emails.add(email)
    return enrollment


def _field_label(name: str) -> str:
    if name == "__all__":
        return ""
    return str(getattr(Enrollment._meta.get_field(name), "verbose_name", name))


def _emails_on_the_list(course: Course) -> set[str]:
    return {
        e.lower()
        for e in course.enrollments.exclude(status=S.CANCELLED).values_list("email", flat=True)
    }


@transaction.atomic
def participant_add(*, course: Course, by, **data) -> Enrollment:
    """Staff add a participant by hand (a course that took place, or someone registered on
    paper): confirmed at once, without a registration e-mail and whatever the capacity."""
    authorize(by, can_manage_trainings)
    course = Course.objects.select_for_update().get(pk=course.pk)
    _check_participants_can_be_recorded(course)
    enrollment = _participant(course, data, _emails_on_the_list(course))
    record_actor(enrollment, by)
    enrollment.save()
    return enrollment


@transaction.atomic
def attendance_import(*, course: Course, by, rows: list[tuple[int, dict]]) -> list[Enrollment]:
    """Add the participants of an attendance list, all or nothing: when any row is wrong,
    nothing is saved and the error names every wrong row by its number in the file."""
    authorize(by, can_manage_trainings)
    course = Course.objects.select_for_update().get(pk=course.pk)
    _check_participants_can_be_recorded(course)
    if not rows:
        raise ValidationError(_("The attendance list has no participants."))
    if len(rows) > ATTENDANCE_MAX_ROWS:
        raise ValidationError(
            _("An attendance list has at most %(max)s participants.") % {"max": ATTENDANCE_MAX_ROWS}
        )
    taken = _emails_on_the_list(course)
    enrollments: list[Enrollment] = []
    errors: list[str] = []
    for number, data in rows:
        try:
            enrollments.append(_participant(course, data, taken))
        except ValidationError as exc:
            errors.extend(
                _("Row %(row)s: %(message)s") % {"row": number, "message": message}
                for message in exc.messages
            )
    if errors:
        raise ValidationError(errors)
    for enrollment in enrollments:
        record_actor(enrollment, by)
        enrollment.save()
    return enrollments


@transaction.atomic
def enrollment_claim_decide(*, enrollment: Enrollment, by, confirm: bool) -> Enrollment:
    """A member of the named organization (or program staff) confirms that the person works
    there, which links the enrollment to it, or declines, which drops the claim."""
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("course", "claimed_organization")
        .get(pk=enrollment.pk)
    )
    authorize(by, can_decide_claim, enrollment)
    if confirm:
        # The organization then counts as supported in the course's year.
        ensure_year_open(enrollment.course.ends_on)
        enrollment.organization = enrollment.claimed_organization
    enrollment.claimed_organization = None
    record_actor(enrollment, by)
    enrollment.save(update_fields=["organization", "claimed_organization", "updated_at"])
    supported.courses_changed(enrollment.course)
    return enrollment


def enrollment_cancel_token(enrollment: Enrollment) -> str:
    return signing.dumps({"e": enrollment.pk}, salt=CANCEL_SALT)


def enrollment_from_cancel_token(token: str) -> Enrollment | None:
    try:
        data = signing.loads(token, salt=CANCEL_SALT)
    except signing.BadSignature:
        return None
    pk = data.get("e") if isinstance(data, dict) else None
    if not isinstance(pk, int):
        return None
    return Enrollment.objects.select_related("course").filter(pk=pk).first()


def can_cancel(enrollment: Enrollment) -> tuple[bool, str]:
    allowed, reason = can_transition(enrollment, "cancel")
    if not allowed:
        return allowed, reason
    if enrollment.course.starts_on <= timezone.localdate():
        return False, _("The course has started: the registration can no longer be cancelled.")
    return True, ""


@transaction.atomic
def enrollment_cancel(*, enrollment: Enrollment, by) -> Enrollment:
    course = Course.objects.select_for_update().get(pk=enrollment.course_id)
    enrollment = (
        Enrollment.objects.select_for_update().select_related("course").get(pk=enrollment.pk)
    )
    allowed, reason = can_cancel(enrollment)
    if not allowed:
        raise ValidationError(reason)
    held_place = enrollment.status != S.WAITLISTED
    transition(enrollment, "cancel")
    enrollment.cancelled_at = timezone.now()
    record_actor(enrollment, by)
    enrollment.save(update_fields=["status", "cancelled_at", "updated_at"])
    from .tasks import send_enrollment_email_task

    enqueue_on_commit(send_enrollment_email_task, enrollment.pk, "cancelled")
    if held_place:
        _promote_waitlist(course, by)
    return enrollment


@transaction.atomic
def enrollments_confirm(*, course: Course, enrollment_ids: Iterable[int], by) -> int:
    """Confirm registrations in bulk: all of them or none."""
    authorize(by, can_manage_trainings)
    Course.objects.select_for_update().get(pk=course.pk)
    ids = set(enrollment_ids)
    enrollments = list(course.enrollments.select_for_update().filter(pk__in=ids))
    if len(enrollments) != len(ids) or not ids:
        raise ValidationError(_("Choose registrations of this course."))
    wrong = [e.full_name for e in enrollments if not can_transition(e, "confirm")[0]]
    if wrong:
        raise ValidationError(
            _("Only registered people can be confirmed; not: %(names)s.")
            % {"names": ", ".join(wrong)}
        )
    now = timezone.now()
    from .tasks import send_enrollment_email_task

    for enrollment in enrollments:
        transition(enrollment, "confirm")
        enrollment.confirmed_at = now
        record_actor(enrollment, by)
        enrollment.save(update_fields=["status", "confirmed_at", "updated_at"])
        enqueue_on_commit(send_enrollment_email_task, enrollment.pk, "confirmed")
    return len(enrollments)


@transaction.atomic
def enrollments_cancel_bulk(*, course: Course, enrollment_ids: Iterable[int], by) -> int:
    """Staff cancel registrations in bulk (all or none); freed places go to the waiting list."""
    authorize(by, can_manage_trainings)
    locked = Course.objects.select_for_update().get(pk=course.pk)
    ids = set(enrollment_ids)
    enrollments = list(locked.enrollments.select_for_update().filter(pk__in=ids))
    if len(enrollments) != len(ids) or not ids:
        raise ValidationError(_("Choose registrations of this course."))
    wrong = [e.full_name for e in enrollments if not can_transition(e, "cancel")[0]]
    if wrong:
        raise ValidationError(
            _("These registrations can no longer be cancelled: %(names)s.")
            % {"names": ", ".join(wrong)}
        )
    now = timezone.now()
    from .tasks import send_enrollment_email_task

    for enrollment in enrollments:
        transition(enrollment, "cancel")
        enrollment.cancelled_at = now
        record_actor(enrollment, by)
        enrollment.save(update_fields=["status", "cancelled_at", "updated_at"])
        enqueue_on_commit(send_enrollment_email_task, enrollment.pk, "cancelled")
    _promote_waitlist(locked, by)
    return len(enrollments)


# --- Attendance, results and certificates -------------------------------------------------


class Result:
    NONE = ""
    PASSED = "passed"
    FAILED = "failed"


RESULT_STATUSES = (S.REGISTERED, S.CONFIRMED, S.ATTENDED, S.PASSED, S.FAILED)


def certificate_number_for(enrollment: Enrollment) -> str:
    return f"NSCL-{enrollment.course.ends_on.year}-{enrollment.pk:06d}"


def _issue_certificate(enrollment: Enrollment) -> bool:
    if enrollment.certificate_number and enrollment.certificate_revoked_at is None:
        return False
    enrollment.certificate_number = certificate_number_for(enrollment)
    enrollment.verification_code = Enrollment.new_verification_code()
    enrollment.certificate_issued_at = timezone.now()
    enrollment.certificate_revoked_at = None
    enrollment.certificate_revoke_reason = ""
    enrollment.certificate_revoked_by = None
    # A certificate issued again is signed again (its date and code changed).
    enrollment.certificate_file = ""
    enrollment.certificate_signed_at = None
    return True


@transaction.atomic
def course_results_record(*, course: Course, results: list[dict], by) -> dict:
    """Attendance and results for a whole course in one go, all rows or none.

    Each row: {"enrollment": Enrollment, "attended": bool, "result": "" | "passed" | "failed",
    "score": Decimal | None}. Passing issues a certificate; passing an in-depth course adds the
    person to the expert pool.
    """
    authorize(by, can_manage_trainings)
    course = Course.objects.select_for_update().get(pk=course.pk)
    allowed, reason = can_record_results(course)
    if not allowed:
        raise ValidationError(reason)
    ensure_year_open(course.ends_on)
    ids = [row["enrollment"].pk for row in results]
    current = {
        e.pk: e
        for e in course.enrollments.select_for_update().select_related("course").filter(pk__in=ids)
    }
    errors = []
    plan = []
    for row in results:
        enrollment = current.get(row["enrollment"].pk)
        if enrollment is None:
            errors.append(_("%(name)s is not in this course.") % {"name": row["enrollment"]})
            continue
        attended, result = bool(row.get("attended")), row.get("result") or Result.NONE
        score = row.get("score")
        name = enrollment.full_name
        if enrollment.status not in RESULT_STATUSES:
            errors.append(_("%(name)s: the registration is not active.") % {"name": name})
            continue
        if result and not attended:
            errors.append(_("%(name)s: a result needs attendance.") % {"name": name})
        if score is not None and not (Decimal(0) <= Decimal(score) <= Decimal(100)):
            errors.append(_("%(name)s: the score must be between 0 and 100.") % {"name": name})
        if score is not None and not result:
            errors.append(_("%(name)s: a score needs a result.") % {"name": name})
        if result == Result.NONE:
            new_status = (
                S.ATTENDED
                if attended
                else (S.CONFIRMED if enrollment.status != S.REGISTERED else S.REGISTERED)
            )
        else:
            new_status = S.PASSED if result == Result.PASSED else S.FAILED
        if (
            enrollment.status == S.PASSED
            and new_status != S.PASSED
            and enrollment.certificate_is_valid
        ):
            errors.append(
                _("%(name)s holds certificate %(number)s: revoke it before changing the result.")
                % {"name": name, "number": enrollment.certificate_number}
            )
        plan.append((enrollment, new_status, score if result else None))
    if errors:
        raise ValidationError(errors)

    from .tasks import send_enrollment_email_task, sign_certificate_task

    summary = {"passed": 0, "failed": 0, "attended": 0, "certificates": 0, "experts": 0}
    for enrollment, new_status, score in plan:
        changed = ["status", "score", "updated_at"]
        enrollment.status = new_status
        enrollment.score = score
        if new_status == S.PASSED and _issue_certificate(enrollment):
            summary["certificates"] += 1
            changed += [
                "certificate_number",
                "verification_code",
                "certificate_issued_at",
                "certificate_revoked_at",
                "certificate_revoke_reason",
                "certificate_revoked_by",
                "certificate_file",
                "certificate_signed_at",
            ]
            enqueue_on_commit(sign_certificate_task, enrollment.pk)
            enqueue_on_commit(send_enrollment_email_task, enrollment.pk, "certificate")
        record_actor(enrollment, by)
        enrollment.save(update_fields=changed)
        if new_status in (S.PASSED, S.FAILED, S.ATTENDED):
            summary["attended"] += 1
        if new_status == S.PASSED:
            summary["passed"] += 1
            if course.kind == Course.Kind.IN_DEPTH:
                expert_add_from_enrollment(enrollment=enrollment, by=by)
                summary["experts"] += 1
        elif new_status == S.FAILED:
            summary["failed"] += 1
    supported.courses_changed(course)
    persons.course_persons_changed(course)
    return summary


def certificate_sign(*, enrollment_id: int) -> Enrollment | None:
    """Render a valid certificate and sign it with the Department's certificate, once; the
    signed PDF is what every download serves. Idempotent: a certificate already signed, revoked
    or re-issued meanwhile is left alone. Rendering and signing (a second or so, perhaps on a
    USB token) happen outside any transaction; raises what `portal.signing.sign_pdf` raises."""
    from django.core.files.base import ContentFile

    from .certificates import certificate_filename, render_signed_certificate

    enrollment = Enrollment.objects.select_related("course").filter(pk=enrollment_id).first()
    if enrollment is None or not enrollment.certificate_is_valid or enrollment.certificate_file:
        return enrollment
    signed = render_signed_certificate(enrollment)
    with transaction.atomic():
        current = (
            Enrollment.objects.select_for_update().select_related("course").get(pk=enrollment.pk)
        )
        if (
            current.certificate_file
            or not current.certificate_is_valid
            or current.verification_code != enrollment.verification_code
        ):
            return current
        # Both values are written by the portal itself, not entered: nothing to validate.
        current.certificate_file.save(
            certificate_filename(current), ContentFile(signed.data), save=False
        )
        current.certificate_signed_at = signed.signed_at
        current.save(update_fields=["certificate_file", "certificate_signed_at", "updated_at"])
    return current


@transaction.atomic
def certificate_revoke(*, enrollment: Enrollment, reason: str, by) -> Enrollment:
    authorize(by, can_manage_trainings)
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if not enrollment.certificate_number:
        raise ValidationError(_("This person holds no certificate."))
    if enrollment.certificate_revoked_at:
        raise ValidationError(_("This certificate is already revoked."))
    reason = require_reason(reason, _("Say why the certificate is revoked."))
    enrollment.certificate_revoked_at = timezone.now()
    enrollment.certificate_revoke_reason = reason
    enrollment.certificate_revoked_by = by
    record_actor(enrollment, by)
    enrollment.save(
        update_fields=[
            "certificate_revoked_at",
            "certificate_revoke_reason",
            "certificate_revoked_by",
            "updated_at",
        ]
    )
    return enrollment


# --- Expert pool --------------------------------------------------------------------------


def _expert_search_text(expert: Expert) -> str:
    return search_text(expert.full_name, expert.workplace, expert.email)


@transaction.atomic
def expert_add_from_enrollment(*, enrollment: Enrollment, by) -> Expert:
    """Put a person who passed an in-depth course in the pool; keyed by e-mail, so running it
    again (or for a second course) updates the same expert."""
    email = enrollment.email.strip().lower()
    expert = Expert.objects.select_for_update().filter(email__iexact=email).first()
    if expert is None:
        expert = Expert(
            full_name=enrollment.full_name,
            email=email,
            phone=enrollment.phone,
            workplace=enrollment.workplace,
            organization=enrollment.organization,
            source=Expert.Source.TRAINED,
            qualifying_enrollment=enrollment,
        )
        expert.search_text = _expert_search_text(expert)
        expert.full_clean()
        record_actor(expert, by)
        expert.save()
    elif expert.qualifying_enrollment_id is None:
        expert.qualifying_enrollment = enrollment
        record_actor(expert, by)
        expert.save(update_fields=["qualifying_enrollment", "updated_at"])
    expert.expertise.add(*enrollment.course.solutions.all())
    return expert


EXPERT_FIELDS = (
    "full_name",
    "email",
    "phone",
    "workplace",
    "organization",
    "commune",
    "is_active",
    "notes",
)


@transaction.atomic
def expert_create(*, by, expertise: Iterable[Solution] = (), **fields) -> Expert:
    authorize(by, can_manage_trainings)
    _reject_unknown(fields, EXPERT_FIELDS, "expert")
    fields["email"] = fields.get("email", "").strip().lower()
    duplicate = {"email": _("An expert with this e-mail address is already in the pool.")}
    if Expert.objects.filter(email__iexact=fields["email"]).exists():
        raise ValidationError(duplicate)
    expert = Expert(source=Expert.Source.ADDED, **fields)
    expert.search_text = _expert_search_text(expert)
    expert.full_clean()
    record_actor(expert, by)
    save_new(expert, duplicate_message=duplicate)
    expert.expertise.set(expertise)
    return expert


@transaction.atomic
def expert_update(
    *, expert: Expert, by, expertise: Iterable[Solution] | None = None, **fields
) -> Expert:
    authorize(by, can_manage_trainings)
    if "email" in fields:
        fields["email"] = fields["email"].strip().lower()
        if Expert.objects.filter(email__iexact=fields["email"]).exclude(pk=expert.pk).exists():
            raise ValidationError(
                {"email": _("An expert with this e-mail address is already in the pool.")}
            )
    model_update(instance=expert, fields=EXPERT_FIELDS, data=fields)
    expert.search_text = _expert_search_text(expert)
    expert.full_clean()
    record_actor(expert, by)
    expert.save()
    if expertise is not None:
        expert.expertise.set(expertise)
    return expert


@transaction.atomic
def expert_assignment_add(
    *,
    expert: Expert,
    role: str,
    date: dt.date,
    course: Course | None = None,
    support_activity: SupportActivity | None = None,
    notes: str = "",
    by,
) -> ExpertAssignment:
    authorize(by, can_manage_trainings)
    assignment = ExpertAssignment(
        expert=expert,
        role=role,
        date=date,
        course=course,
        support_activity=support_activity,
        notes=notes,
        created_by=by,
    )
    assignment.full_clean()
    record_actor(assignment, by)
    assignment.save()
    return assignment


# --- Consultants --------------------------------------------------------------------------

CONSULTANT_FIELDS = ("name", "tax_code", "address", "representative", "phone", "email", "notes")


def _save_consultant(consultant: Consultant, capabilities, by) -> Consultant:
    consultant.tax_code = normalize_tax_code(consultant.tax_code or "")
    consultant.search_text = search_text(consultant.name, consultant.tax_code)
    consultant.full_clean()
    record_actor(consultant, by)
    if consultant._state.adding:
        save_new(consultant)
    else:
        consultant.save()
    if capabilities is not None:
        consultant.capabilities.set(capabilities)
    return consultant


@transaction.atomic
def consultant_create(*, by, capabilities: Iterable[Solution] = (), **fields) -> Consultant:
    authorize(by, can_manage_trainings)
    _reject_unknown(fields, CONSULTANT_FIELDS, "consultant")
    return _save_consultant(Consultant(**fields), capabilities, by)


@transaction.atomic
def consultant_update(
    *, consultant: Consultant, by, capabilities: Iterable[Solution] | None = None, **fields
) -> Consultant:
    authorize(by, can_manage_trainings)
    model_update(instance=consultant, fields=CONSULTANT_FIELDS, data=fields)
    return _save_consultant(consultant, capabilities, by)


# --- Contracts ----------------------------------------------------------------------------

CONTRACT_FIELDS = ("title", "consultant", "selection_method", "value", "scope", "ends_on")
CS = Contract.Status


def _log(contract: Contract, note: str, by, date: dt.date | None = None) -> None:
    ContractLogEntry.objects.create(
        contract=contract, date=date or timezone.localdate(), note=note, author=by
    )


def _lock(contract: Contract) -> Contract:
    return Contract.objects.select_for_update().get(pk=contract.pk)


def _require(**values) -> None:
    missing = {name: _("This field is required.") for name, value in values.items() if not value}
    if missing:
        raise ValidationError(missing)


def _not_in_future(field: str, value: dt.date) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


@transaction.atomic
def contract_create(
    *,
    by,
    courses: Iterable[Course] = (),
    support_activities: Iterable[SupportActivity] = (),
    **fields,
) -> Contract:
    authorize(by, can_manage_trainings)
    _reject_unknown(fields, CONTRACT_FIELDS, "contract")
    contract = Contract(status=CS.DRAFT, **fields)
    if not contract.value:
        raise ValidationError({"value": _("The contract value must be more than 0 ₫.")})
    contract.full_clean()
    record_actor(contract, by)
    contract.save()
    contract.courses.set(courses)
    contract.support_activities.set(support_activities)
    _log(contract, _("Contract drafted."), by)
    return contract


@transaction.atomic
def contract_update(
    *,
    contract: Contract,
    courses: Iterable[Course] | None = None,
    support_activities: Iterable[SupportActivity] | None = None,
    by,
    **fields,
) -> Contract:
    authorize(by, can_manage_trainings)
    contract = _lock(contract)
    if contract.status in (CS.SETTLED, CS.TERMINATED):
        raise ValidationError(_("A settled or terminated contract can no longer be edited."))
    if contract.status != CS.DRAFT and "value" in fields and fields["value"] != contract.value:
        raise ValidationError({"value": _("The value of a signed contract cannot be changed.")})
    model_update(instance=contract, fields=CONTRACT_FIELDS, data=fields)
    if not contract.value:
        raise ValidationError({"value": _("The contract value must be more than 0 ₫.")})
    contract.full_clean()
    record_actor(contract, by)
    contract.save()
    if courses is not None:
        contract.courses.set(courses)
    if support_activities is not None:
        contract.support_activities.set(support_activities)
    return contract


@transaction.atomic
def contract_sign(
    *,
    contract: Contract,
    decision_number: str,
    decision_date: dt.date | None,
    contract_number: str,
    signed_on: dt.date | None,
    ends_on: dt.date | None = None,
    by,
) -> Contract:
    authorize(by, can_manage_trainings)
    contract = _lock(contract)
    transition(contract, "sign")
    _require(
        decision_number=decision_number,
        decision_date=decision_date,
        contract_number=contract_number,
        signed_on=signed_on,
    )
    decision_date, signed_on = cast(dt.date, decision_date), cast(dt.date, signed_on)
    _not_in_future("signed_on", signed_on)
    ensure_year_open(signed_on, field="signed_on")
    if decision_date > signed_on:
        raise ValidationError(
            {"decision_date": _("The selection decision must come before the signing.")}
        )
    if ends_on and ends_on < signed_on:
        raise ValidationError({"ends_on": _("The contract cannot end before it is signed.")})
    if (
        Contract.objects.filter(contract_number__iexact=contract_number.strip())
        .exclude(pk=contract.pk)
        .exists()
    ):
        raise ValidationError({"contract_number": _("Another contract has this number.")})
    contract.decision_number, contract.decision_date = decision_number.strip(), decision_date
    contract.contract_number, contract.signed_on = contract_number.strip(), signed_on
    if ends_on:
        contract.ends_on = ends_on
    contract.full_clean()
    record_actor(contract, by)
    contract.save()
    _log(
        contract,
        _("Contract %(number)s signed.") % {"number": contract.contract_number},
        by,
        signed_on,
    )
    return contract


@transaction.atomic
def contract_start(*, contract: Contract, starts_on: dt.date | None, by) -> Contract:
    authorize(by, can_manage_trainings)
    contract = _lock(contract)
    transition(contract, "start")
    _require(starts_on=starts_on)
    starts_on = cast(dt.date, starts_on)
    _not_in_future("starts_on", starts_on)
    if starts_on < cast(dt.date, contract.signed_on):  # a signed contract has its date
        raise ValidationError({"starts_on": _("Work cannot start before the contract is signed.")})
    contract.starts_on = starts_on
    record_actor(contract, by)
    contract.save(update_fields=["starts_on", "status", "updated_at"])
    _log(contract, _("Work started."), by, starts_on)
    return contract


@transaction.atomic
def contract_accept(
    *, contract: Contract, accepted_on: dt.date | None, accepted_amount: int | None, by
) -> Contract:
    authorize(by, can_manage_trainings)
    contract = _lock(contract)
    transition(contract, "accept")
    _require(accepted_on=accepted_on, accepted_amount=accepted_amount)
    accepted_on, accepted_amount = cast(dt.date, accepted_on), cast(int, accepted_amount)
    _not_in_future("accepted_on", accepted_on)
    ensure_year_open(accepted_on, field="accepted_on")
    if accepted_on < cast(dt.date, contract.starts_on):  # work in progress has started
        raise ValidationError({"accepted_on": _("Acceptance cannot come before the work started.")})
    if accepted_amount > contract.value:
        raise ValidationError(
            {"accepted_amount": _("The accepted amount cannot exceed the contract value.")}
        )
    contract.accepted_on, contract.accepted_amount = accepted_on, accepted_amount
    contract.full_clean()
    record_actor(contract, by)
    contract.save(update_fields=["accepted_on", "accepted_amount", "status", "updated_at"])
    _log(contract, _("Work accepted (nghiệm thu)."), by, accepted_on)
    return contract


@transaction.atomic
def contract_settle(
    *, contract: Contract, settled_on: dt.date | None, settled_amount: int | None, by
) -> Contract:
    authorize(by, can_manage_trainings)
    contract = _lock(contract)
    transition(contract, "settle")
    _require(settled_on=settled_on, settled_amount=settled_amount)
    settled_on, settled_amount = cast(dt.date, settled_on), cast(int, settled_amount)
    _not_in_future("settled_on", settled_on)
    ensure_year_open(settled_on, field="settled_on")
    # An accepted contract has its acceptance date and amount.
    if settled_on < cast(dt.date, contract.accepted_on):
        raise ValidationError({"settled_on": _("Settlement cannot come before acceptance.")})
    if settled_amount > cast(int, contract.accepted_amount):
        raise ValidationError(
            {"settled_amount": _("The settled amount cannot exceed the accepted amount.")}
        )
    contract.settled_on, contract.settled_amount = settled_on, settled_amount
    contract.full_clean()
    record_actor(contract, by)
    contract.save(update_fields=["settled_on", "settled_amount", "status", "updated_at"])
    _log(contract, _("Contract settled (thanh quyết toán)."), by, settled_on)
    return contract


@transaction.atomic
def contract_terminate(
    *, contract: Contract, terminated_on: dt.date | None, reason: str, by
) -> Contract:
    authorize(by, can_manage_trainings)
    contract = _lock(contract)
    transition(contract, "terminate")
    _require(terminated_on=terminated_on, termination_reason=(reason or "").strip())
    terminated_on = cast(dt.date, terminated_on)
    _not_in_future("terminated_on", terminated_on)
    ensure_year_open(terminated_on, field="terminated_on")
    if terminated_on < cast(dt.date, contract.signed_on):  # a signed contract has its date
        raise ValidationError(
            {"terminated_on": _("A contract cannot be terminated before it is signed.")}
        )
    contract.terminated_on, contract.termination_reason = terminated_on, reason.strip()
    record_actor(contract, by)
    contract.save(update_fields=["terminated_on", "termination_reason", "status", "updated_at"])
    _log(
        contract,
        _("Contract terminated: %(reason)s") % {"reason": reason.strip()},
        by,
        terminated_on,
    )
    return contract


CONTRACT_TRANSITIONS = {
    "sign": contract_sign,
    "start": contract_start,
    "accept": contract_accept,
    "settle": contract_settle,
    "terminate": contract_terminate,
}


@transaction.atomic
def contract_log_add(
    *, contract: Contract, date: dt.date | None, note: str, by
) -> ContractLogEntry:
    authorize(by, can_manage_trainings)
    _require(date=date, note=(note or "").strip())
    entry = ContractLogEntry(
        contract=contract, date=cast(dt.date, date), note=note.strip(), author=by
    )
    entry.full_clean(exclude=["author"])  # system-made entries (imports, demo) have no author
    entry.save()
    return entry


def max_upload_size() -> int:
    return settings.MAX_UPLOAD_SIZE


@transaction.atomic
def contract_document_upload(
    *, contract: Contract, file, kind: str, description: str = "", by
) -> ContractDocument:
    authorize(by, can_manage_trainings)
    document = ContractDocument(contract=contract, kind=kind, description=description)
    record_actor(document, by)
    return uploads.private_document_store(document, file=file, by=by)
