"""Courses and the people trained, the local expert pool, and the consultants whose contracts
deliver the work (selected under the Law on Bidding 22/2023/QH15)."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from enterprises.models import Organization, Solution, SupportActivity
from portal.models import AdministrativeUnit, PrivateDocument, TimeStampedModel
from portal.transitions import Move, Workflow
from portal.validators import FreeTextField, program_date, validate_name

from .validators import validate_tax_code


class Course(TimeStampedModel):
    class Kind(models.TextChoices):
        AWARENESS = "awareness", _("Awareness seminar")
        IN_DEPTH = "in_depth", _("In-depth expert training")
        MANAGEMENT = "management", _("Program management training")
        TOOL = "tool", _("Tool / system training")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for registration")
        CLOSED = "closed", _("Registration closed")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    WORKFLOW = Workflow(
        "status",
        Move(
            "open",
            Status.DRAFT,
            Status.CLOSED,
            to=Status.OPEN,
            refused=_("Only a draft or closed course can be opened for registration."),
        ),
        Move(
            "close",
            Status.OPEN,
            to=Status.CLOSED,
            refused=_("Only an open course can be closed for registration."),
        ),
        Move(
            "complete",
            Status.OPEN,
            Status.CLOSED,
            to=Status.COMPLETED,
            refused=_(
                "Only an open or closed course, or a draft of one that took place, can be completed."
            ),
        ),
        # A course recorded after it took place goes from draft to completed directly.
        Move(
            "complete_past",
            Status.DRAFT,
            to=Status.COMPLETED,
            refused=_(
                "Only an open or closed course, or a draft of one that took place, can be completed."
            ),
        ),
        Move(
            "cancel",
            Status.DRAFT,
            Status.OPEN,
            Status.CLOSED,
            to=Status.CANCELLED,
            refused=_("A completed or cancelled course cannot be cancelled."),
        ),
    )

    code = models.CharField(_("code"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=300, validators=[validate_name])
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    solutions = models.ManyToManyField(
        Solution, related_name="courses", verbose_name=_("solutions covered"), blank=True
    )
    description = FreeTextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"), validators=[program_date])
    ends_on = models.DateField(_("ends on"), validators=[program_date])
    registration_deadline = models.DateField(
        _("registration deadline"), null=True, blank=True, validators=[program_date]
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True)
    is_online = models.BooleanField(_("online"), default=False)
    capacity = models.PositiveIntegerField(_("capacity"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    lecturer = models.CharField(_("lecturers"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="course_ends_after_start",
            )
        ]
        indexes = [
            # The staff list's default order (newest first) and the catalog's (soonest
            # first): a page of 25 read from the index instead of sorting every course (12,000
            # at national scale: 10-20 ms a page, 0.1 ms with it).
            models.Index(fields=["starts_on", "id"], name="course_starts_on_id"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("A course cannot end before it starts.")})


def certificate_upload_to(instance, filename):
    return f"trainings/certificates/{timezone.now():%Y}/{filename}"


# What a certificate's verification code can be (ours are 12 hex digits; older ones may differ).
VERIFICATION_CODE = r"^[A-Za-z0-9-]{1,40}\Z"


class Enrollment(TimeStampedModel):
    """A person in a course; the lower-case e-mail counts distinct persons."""

    class ParticipantType(models.TextChoices):
        STATE_OFFICIAL = "state_official", _("State official")
        ENTERPRISE_STAFF = "enterprise_staff", _("Enterprise staff")
        EXPERT = "expert", _("Expert")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CONFIRMED = "confirmed", _("Confirmed")
        ATTENDED = "attended", _("Attended")
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    WORKFLOW = Workflow(
        "status",
        Move(
            "confirm",
            Status.REGISTERED,
            to=Status.CONFIRMED,
            refused=_("Only registered people can be confirmed."),
        ),
        Move(
            "cancel",
            Status.REGISTERED,
            Status.WAITLISTED,
            Status.CONFIRMED,
            to=Status.CANCELLED,
            refused=_("This registration can no longer be cancelled."),
        ),
    )

    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="enrollments", verbose_name=_("course")
    )
    full_name = models.CharField(_("full name"), max_length=200, validators=[validate_name])
    email = models.EmailField(_("e-mail"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    workplace = models.CharField(_("workplace"), max_length=300, blank=True)
    participant_type = models.CharField(
        _("participant type"),
        max_length=20,
        choices=ParticipantType.choices,
        default=ParticipantType.ENTERPRISE_STAFF,
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrollments",
        verbose_name=_("organization"),
    )
    # An organization named by tax code on the public form: linked (`organization`) only once
    # one of its active members or program staff confirm the person works there.
    claimed_organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claimed_enrollments",
        verbose_name=_("organization awaiting confirmation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrollments",
        verbose_name=_("account"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED, db_index=True
    )
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    certificate_number = models.CharField(
        _("certificate number"), max_length=40, unique=True, null=True, blank=True
    )
    verification_code = models.CharField(
        _("verification code"), max_length=40, unique=True, null=True, blank=True
    )
    certificate_issued_at = models.DateTimeField(_("certificate issued at"), null=True, blank=True)
    certificate_revoked_at = models.DateTimeField(
        _("certificate revoked at"), null=True, blank=True
    )
    certificate_revoke_reason = FreeTextField(_("reason for revoking"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # Set when the reminder e-mail went out, so the daily reminder task never sends it twice.
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    certificate_revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("certificate revoked by"),
    )
    # The certificate as issued: a PDF signed with the Department's certificate by a Celery job
    # (trainings.tasks.sign_certificate_task); downloads serve this file, never an unsigned one.
    certificate_file = models.FileField(
        _("signed certificate (PDF)"),
        upload_to=certificate_upload_to,
        max_length=300,
        blank=True,
    )
    certificate_signed_at = models.DateTimeField(_("certificate signed at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["course", "created_at", "id"]
        constraints = [
            # One live registration per person and course (a cancelled one may be redone).
            models.UniqueConstraint(
                "course",
                Lower("email"),
                condition=~models.Q(status="cancelled"),
                name="enrollment_unique_active_person_per_course",
            )
        ]
        indexes = [
            # The staff course list counts places and the waiting list per course.
            models.Index(fields=["course", "status"], name="enrollment_course_status"),
            # "Organizations supported": the organizations whose people attended a course, read
            # from the index alone (covering, only the enrollments that count).
            models.Index(
                fields=["course", "organization"],
                condition=models.Q(
                    organization__isnull=False, status__in=("attended", "passed", "failed")
                ),
                name="enrollment_attended_org",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} — {self.course}"

    @staticmethod
    def new_verification_code() -> str:
        return uuid.uuid4().hex[:12].upper()

    # Enrollments that hold a place in the course (the waiting list and cancellations do not).
    PLACE_HOLDING = ("registered", "confirmed", "attended", "passed", "failed")

    @property
    def certificate_is_valid(self) -> bool:
        return bool(self.certificate_number) and self.certificate_revoked_at is None


class PersonTrainedYear(models.Model):
    """Pre-aggregated "who was trained when", the distinct persons (lower-case e-mail) behind
    the training figures: one row per category, person and year while the live rule of that
    category (`trainings.selectors`: `persons_trained_in_depth`, `management_staff_trained`,
    `awareness_participants`) counts an enrollment of that person in a course ending that year.

    Kept by the services that record results or move a course (`trainings.persons.
    course_persons_changed`, never written elsewhere), rebuilt from scratch by
    `trainings.aggregates.rebuild`. A distinct-person count over a span of years reads the
    unique index alone instead of sorting every enrollment of the span by e-mail."""

    class Category(models.TextChoices):
        IN_DEPTH = "in_depth", _("Passed an in-depth course")
        MANAGEMENT = "management", _("Attended a program management course")
        AWARENESS = "awareness", _("Attended an awareness seminar")

    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    person = models.CharField(_("person (lower-case e-mail)"), max_length=254)

    class Meta:
        verbose_name = _("person trained in a year")
        verbose_name_plural = _("persons trained in a year")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "year", "person"], name="persontrainedyear_unique"
            )
        ]

    def __str__(self):
        return f"{self.category} {self.year} {self.person}"


class PersonTrainedCount(models.Model):
    """How many rows `PersonTrainedYear` holds per category and year, that is the distinct
    persons counted in courses ending that year: a year's count (the awareness seminars'
    participants, the in-depth persons "this year") and a series of years read a few rows
    instead of every person of the years. Written only with `PersonTrainedYear`
    (trainings/persons.py), rebuilt with it."""

    category = models.CharField(
        _("category"), max_length=12, choices=PersonTrainedYear.Category.choices
    )
    year = models.PositiveSmallIntegerField(_("year"))
    persons = models.PositiveIntegerField(_("persons"))

    class Meta:
        verbose_name = _("persons trained in a year (count)")
        verbose_name_plural = _("persons trained in a year (counts)")
        constraints = [
            models.UniqueConstraint(fields=["category", "year"], name="persontrainedcount_unique")
        ]

    def __str__(self):
        return f"{self.category} {self.year}: {self.persons}"


class Expert(TimeStampedModel):
    """The province's own pool of productivity and quality experts (chuyên gia tại chỗ)."""

    class Source(models.TextChoices):
        TRAINED = "trained", _("Trained in depth by the program")
        ADDED = "added", _("Added by staff")

    full_name = models.CharField(_("full name"), max_length=200, validators=[validate_name])
    email = models.EmailField(_("e-mail"), unique=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    workplace = models.CharField(_("workplace"), max_length=300, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="experts",
        verbose_name=_("organization"),
    )
    commune = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="experts",
        verbose_name=_("commune / ward"),
    )
    expertise = models.ManyToManyField(
        Solution, related_name="experts", verbose_name=_("expertise"), blank=True
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    qualifying_enrollment = models.ForeignKey(
        Enrollment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("qualifying course"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    notes = FreeTextField(_("notes"), blank=True)
    # Unaccented lower-case name, workplace and e-mail, kept by the services for search.
    search_text = models.TextField(editable=False, blank=True, default="")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name


class ExpertAssignment(TimeStampedModel):
    """An expert's work for the program: teaching a course or supporting an organization."""

    class Role(models.TextChoices):
        LECTURER = "lecturer", _("Lecturer")
        CONSULTANT = "consultant", _("Consultant / guide")
        ASSESSOR = "assessor", _("Assessor")
        MENTOR = "mentor", _("Mentor")
        OTHER = "other", _("Other")

    expert = models.ForeignKey(
        Expert, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("expert")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.LECTURER)
    date = models.DateField(_("date"), validators=[program_date])
    course = models.ForeignKey(
        Course,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="expert_assignments",
        verbose_name=_("course"),
    )
    support_activity = models.ForeignKey(
        SupportActivity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="expert_assignments",
        verbose_name=_("support activity"),
    )
    notes = FreeTextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("expert assignment")
        verbose_name_plural = _("expert assignments")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(course__isnull=False, support_activity__isnull=True)
                    | models.Q(course__isnull=True, support_activity__isnull=False)
                ),
                name="expert_assignment_course_xor_activity",
            )
        ]

    def __str__(self):
        return f"{self.expert} — {self.course or self.support_activity}"

    def clean(self):
        if bool(self.course_id) == bool(self.support_activity_id):
            raise ValidationError(
                _("Choose either a course or a support activity for the assignment.")
            )


class Consultant(TimeStampedModel):
    """A consulting or training organization selected to deliver work."""

    name = models.CharField(_("name"), max_length=300, validators=[validate_name])
    tax_code = models.CharField(
        _("tax code"), max_length=16, unique=True, validators=[validate_tax_code]
    )
    search_text = models.TextField(editable=False, blank=True, default="")
    address = models.CharField(_("address"), max_length=300, blank=True)
    representative = models.CharField(_("representative"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    capabilities = models.ManyToManyField(
        Solution, related_name="consultants", verbose_name=_("capabilities"), blank=True
    )
    notes = FreeTextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consultant")
        verbose_name_plural = _("consultants")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Contract(TimeStampedModel):
    class SelectionMethod(models.TextChoices):
        """Contractor selection methods of the Law on Bidding 22/2023/QH15 (Articles 20–29)."""

        OPEN_BIDDING = "open_bidding", _("Open bidding")
        LIMITED_BIDDING = "limited_bidding", _("Limited bidding")
        DIRECT_APPOINTMENT = "direct_appointment", _("Direct appointment")
        SHORTENED_DIRECT_APPOINTMENT = (
            "shortened_direct_appointment",
            _("Direct appointment, shortened procedure"),
        )
        COMPETITIVE_SHOPPING = "competitive_shopping", _("Competitive shopping")
        DIRECT_PROCUREMENT = "direct_procurement", _("Direct procurement")
        SELF_PERFORMANCE = "self_performance", _("Self-performance")
        COMMUNITY_PARTICIPATION = "community_participation", _("Community participation")
        PRICE_NEGOTIATION = "price_negotiation", _("Price negotiation")
        SPECIAL_CASE = "special_case", _("Selection in special cases")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed")
        IN_PROGRESS = "in_progress", _("In progress")
        ACCEPTED = "accepted", _("Accepted (nghiệm thu)")
        SETTLED = "settled", _("Settled (thanh quyết toán)")
        TERMINATED = "terminated", _("Terminated")

    WORKFLOW = Workflow(
        "status",
        Move(
            "sign",
            Status.DRAFT,
            to=Status.SIGNED,
            refused=_("Only a draft contract can be signed."),
        ),
        Move(
            "start",
            Status.SIGNED,
            to=Status.IN_PROGRESS,
            refused=_("Only a signed contract can start."),
        ),
        Move(
            "accept",
            Status.IN_PROGRESS,
            to=Status.ACCEPTED,
            refused=_("Only a contract whose work is in progress can be accepted (nghiệm thu)."),
        ),
        Move(
            "settle",
            Status.ACCEPTED,
            to=Status.SETTLED,
            refused=_("Only an accepted contract can be settled."),
        ),
        Move(
            "terminate",
            Status.SIGNED,
            Status.IN_PROGRESS,
            to=Status.TERMINATED,
            refused=_("Only a signed or running contract can be terminated."),
        ),
    )

    title = models.CharField(_("title"), max_length=300, validators=[validate_name])
    consultant = models.ForeignKey(
        Consultant, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("consultant")
    )
    selection_method = models.CharField(
        _("selection method"), max_length=40, choices=SelectionMethod.choices
    )
    decision_number = models.CharField(_("selection decision number"), max_length=100, blank=True)
    decision_date = models.DateField(
        _("selection decision date"), null=True, blank=True, validators=[program_date]
    )
    contract_number = models.CharField(_("contract number"), max_length=100, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True, validators=[program_date])
    starts_on = models.DateField(_("starts on"), null=True, blank=True, validators=[program_date])
    ends_on = models.DateField(_("ends on"), null=True, blank=True, validators=[program_date])
    value = models.PositiveBigIntegerField(_("contract value (VND)"))
    scope = FreeTextField(_("scope"), blank=True)
    courses = models.ManyToManyField(
        Course, related_name="contracts", verbose_name=_("courses"), blank=True
    )
    support_activities = models.ManyToManyField(
        SupportActivity, related_name="contracts", verbose_name=_("support activities"), blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    accepted_on = models.DateField(
        _("accepted on"), null=True, blank=True, validators=[program_date]
    )
    accepted_amount = models.PositiveBigIntegerField(
        _("accepted amount (VND)"), null=True, blank=True
    )
    settled_on = models.DateField(_("settled on"), null=True, blank=True, validators=[program_date])
    settled_amount = models.PositiveBigIntegerField(
        _("settled amount (VND)"), null=True, blank=True
    )
    terminated_on = models.DateField(
        _("terminated on"), null=True, blank=True, validators=[program_date]
    )
    termination_reason = FreeTextField(_("reason for termination"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-signed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(accepted_amount__isnull=True)
                | models.Q(accepted_amount__lte=models.F("value")),
                name="contract_accepted_within_value",
            ),
            models.CheckConstraint(
                condition=models.Q(settled_amount__isnull=True)
                | models.Q(
                    accepted_amount__isnull=False, settled_amount__lte=models.F("accepted_amount")
                ),
                name="contract_settled_within_accepted",
            ),
        ]

    def __str__(self):
        return self.contract_number or self.title


class ContractLogEntry(TimeStampedModel):
    """The monitoring log: what staff saw while the contract ran."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="log_entries", verbose_name=_("contract")
    )
    date = models.DateField(_("date"), validators=[program_date])
    note = FreeTextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )

    class Meta:
        verbose_name = _("monitoring note")
        verbose_name_plural = _("monitoring log")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.date}: {self.note[:50]}"


def contract_document_upload_to(instance, filename):
    return f"contracts/{instance.contract_id}/{uuid.uuid4().hex}/{filename}"


class ContractDocument(PrivateDocument):
    """A private contract document (decision, contract, acceptance minutes, settlement)."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("Selection decision")
        CONTRACT = "contract", _("Signed contract")
        ACCEPTANCE = "acceptance", _("Acceptance minutes")
        SETTLEMENT = "settlement", _("Settlement")
        OTHER = "other", _("Other")

    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="documents", verbose_name=_("contract")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(_("file"), upload_to=contract_document_upload_to, max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contract document")
        verbose_name_plural = _("contract documents")
