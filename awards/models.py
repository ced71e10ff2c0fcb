"""The National Quality Award (Giải thưởng Chất lượng Quốc gia): cycles with their criteria and
levels as data (the rules change: Decree 37/2026/NĐ-CP brought Gold and Silver levels),
nominations of organizations, and the provincial council's reviews."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from enterprises.models import Organization
from portal.models import PrivateDocument, TimeStampedModel
from portal.transitions import Move, Workflow, can_transition
from portal.validators import FreeTextField, program_date, validate_name

StrOrPromise = str | Promise


class EntryCategory(models.TextChoices):
    """Entry categories: enterprise size (large or SME) by sector (manufacturing or services)."""

    LARGE_MANUFACTURING = "large_manufacturing", _("Large enterprise, manufacturing")
    LARGE_SERVICES = "large_services", _("Large enterprise, services")
    SME_MANUFACTURING = "sme_manufacturing", _("Small or medium enterprise, manufacturing")
    SME_SERVICES = "sme_services", _("Small or medium enterprise, services")


def default_categories() -> list[str]:
    return list(EntryCategory.values)


class AwardCycle(TimeStampedModel):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    name = models.CharField(_("name"), max_length=200, validators=[validate_name])
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    registration_opens = models.DateField(_("registration opens"), validators=[program_date])
    registration_closes = models.DateField(_("registration closes"), validators=[program_date])
    dossier_deadline = models.DateField(_("dossier deadline"), validators=[program_date])
    review_deadline = models.DateField(_("provincial review deadline"), validators=[program_date])
    categories = models.JSONField(
        _("entry categories"),
        default=default_categories,
        help_text=_("The entry categories this cycle accepts."),
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("copied from"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award cycle")
        verbose_name_plural = _("award cycles")
        ordering = ["-year"]

    def __str__(self):
        return self.name

    def registration_is_open(self, today) -> bool:
        return self.registration_opens <= today <= self.registration_closes

    def dossier_is_open(self, today) -> bool:
        return today <= self.dossier_deadline

    def category_choices(self) -> list[tuple[str, StrOrPromise]]:
        return [
            (value, label) for value, label in EntryCategory.choices if value in self.categories
        ]

    def clean(self):
        unknown = set(self.categories or []) - set(EntryCategory.values)
        if not self.categories or unknown:
            raise ValidationError(
                {"categories": _("Choose at least one of the known entry categories.")}
            )
        dates = [
            self.registration_opens,
            self.registration_closes,
            self.dossier_deadline,
            self.review_deadline,
        ]
        if all(dates) and not dates[0] <= dates[1] <= dates[2] <= dates[3]:
            raise ValidationError(
                _(
                    "Dates must follow each other: registration opens, closes, dossier deadline, review deadline."
                )
            )


class Criterion(models.Model):
    cycle = models.ForeignKey(
        AwardCycle, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("cycle")
    )
    group = models.CharField(
        _("criteria group"),
        max_length=200,
        blank=True,
        help_text=_(
            "Criteria with the same group are shown and totalled together (Decree 37/2026/NĐ-CP "
            "has two groups); empty when the cycle's criteria are not grouped."
        ),
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200, validators=[validate_name])
    description = FreeTextField(_("description"), blank=True)
    max_points = models.PositiveSmallIntegerField(_("maximum points"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["cycle", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "code"], name="criterion_unique_code_per_cycle"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.max_points})"


class AwardLevel(models.Model):
    cycle = models.ForeignKey(
        AwardCycle, on_delete=models.CASCADE, related_name="levels", verbose_name=_("cycle")
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200, validators=[validate_name])
    min_points = models.PositiveSmallIntegerField(_("minimum points"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award level")
        verbose_name_plural = _("award levels")
        ordering = ["cycle", "order", "-min_points"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "code"], name="award_level_unique_code_per_cycle"
            )
        ]

    def __str__(self):
        return self.name


class Nomination(TimeStampedModel):
    Category = EntryCategory

    class Status(models.TextChoices):
        ENCOURAGED = "encouraged", _("Encouraged to apply")
        REGISTERED = "registered", _("Registered")
        DOSSIER_SUBMITTED = "dossier_submitted", _("Dossier submitted")
        UNDER_REVIEW = "under_review", _("Under provincial review")
        FORWARDED = "forwarded", _("Forwarded to the national council")
        AWARDED = "awarded", _("Awarded")
        NOT_AWARDED = "not_awarded", _("Not awarded")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    WORKFLOW = Workflow(
        "status",
        # An encouragement becomes the registration (a new nomination starts encouraged).
        Move(
            "register",
            Status.ENCOURAGED,
            to=Status.REGISTERED,
            refused=_("This organization has already applied for this cycle."),
        ),
        Move(
            "submit",
            Status.REGISTERED,
            to=Status.DOSSIER_SUBMITTED,
            refused=_("Only a registered nomination's dossier can be submitted."),
        ),
        # Withdrawal is possible until the provincial review starts.
        Move(
            "withdraw",
            Status.ENCOURAGED,
            Status.REGISTERED,
            Status.DOSSIER_SUBMITTED,
            to=Status.WITHDRAWN,
            refused=_("A nomination under review or decided cannot be withdrawn."),
        ),
        Move(
            "review",
            Status.DOSSIER_SUBMITTED,
            Status.UNDER_REVIEW,
            to=Status.UNDER_REVIEW,
            refused=_("Council members can be assigned only to a submitted dossier under review."),
        ),
        Move(
            "forward",
            Status.UNDER_REVIEW,
            to=Status.FORWARDED,
            refused=_("Only a nomination under provincial review can be decided."),
        ),
        Move(
            "not_forward",
            Status.UNDER_REVIEW,
            to=Status.NOT_AWARDED,
            refused=_("Only a nomination under provincial review can be decided."),
        ),
        # The national result; a recorded one may be corrected.
        Move(
            "award",
            Status.FORWARDED,
            Status.AWARDED,
            Status.NOT_AWARDED,
            to=Status.AWARDED,
            refused=_("Only a nomination forwarded to the national council has a result."),
        ),
        Move(
            "not_award",
            Status.FORWARDED,
            Status.AWARDED,
            Status.NOT_AWARDED,
            to=Status.NOT_AWARDED,
            refused=_("Only a nomination forwarded to the national council has a result."),
        ),
    )

    cycle = models.ForeignKey(
        AwardCycle, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("cycle")
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="nominations",
        verbose_name=_("organization"),
    )
    category = models.CharField(
        _("entry category"), max_length=30, choices=Category.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ENCOURAGED, db_index=True
    )
    level = models.ForeignKey(
        AwardLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("level won"),
    )
    self_assessment_score = models.PositiveSmallIntegerField(
        _("self-assessed score"), null=True, blank=True
    )
    support_given = FreeTextField(_("support given for the dossier"), blank=True)
    encouraged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("encouraged by"),
    )
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("dossier submitted at"), null=True, blank=True)
    forwarded_on = models.DateField(
        _("forwarded on"), null=True, blank=True, validators=[program_date]
    )
    forward_minutes = FreeTextField(_("minutes of the forwarding decision"), blank=True)
    decision_number = models.CharField(_("award decision number"), max_length=100, blank=True)
    decision_date = models.DateField(
        _("award decision date"), null=True, blank=True, validators=[program_date]
    )
    withdrawn_reason = FreeTextField(_("reason for withdrawal"), blank=True)
    dossier_checked_at = models.DateTimeField(_("dossier checked at"), null=True, blank=True)
    dossier_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dossier checked by"),
    )
    dossier_check_note = FreeTextField(_("dossier check note"), blank=True)
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decision recorded by"),
    )
    result_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("result recorded by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-cycle__year", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "organization"], name="nomination_unique_organization_per_cycle"
            )
        ]

    def __str__(self):
        return f"{self.organization} — {self.cycle.year}"

    @property
    def is_decided(self) -> bool:
        return self.status in (
            self.Status.FORWARDED,
            self.Status.AWARDED,
            self.Status.NOT_AWARDED,
        )

    @property
    def is_withdrawable(self) -> bool:
        """Withdrawal is possible until the provincial review starts."""
        return can_transition(self, "withdraw")[0]

    @property
    def not_forwarded(self) -> bool:
        """Not awarded because the provincial council did not forward it (no national result)."""
        return self.status == self.Status.NOT_AWARDED and self.result_recorded_by_id is None

    @property
    def result_recordable(self) -> bool:
        """Forwarded to the national council, or its national result already recorded (not
        one the provincial council did not forward)."""
        return can_transition(self, "award")[0] and not self.not_forwarded


def nomination_document_upload_to(instance, filename):
    return f"dossiers/{instance.nomination_id}/{uuid.uuid4().hex}/{filename}"


class NominationDocument(PrivateDocument):
    """A dossier file (private: the organization, program staff and assigned council members)."""

    class Kind(models.TextChoices):
        DOSSIER = "dossier", _("Dossier")
        SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
        MINUTES = "minutes", _("Council minutes")
        OTHER = "other", _("Other")

    nomination = models.ForeignKey(
        Nomination, on_delete=models.PROTECT, related_name="documents", verbose_name=_("nomination")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DOSSIER)
    file = models.FileField(_("file"), upload_to=nomination_document_upload_to, max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dossier document")
        verbose_name_plural = _("dossier documents")


class Review(TimeStampedModel):
    """One council member's scores for one nomination; the ranking uses submitted reviews."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("Assigned")
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    WORKFLOW = Workflow(
        "status",
        Move(
            "save_draft",
            Status.ASSIGNED,
            Status.DRAFT,
            to=Status.DRAFT,
            refused=_("This review has been submitted and can no longer be changed."),
        ),
        Move(
            "submit",
            Status.ASSIGNED,
            Status.DRAFT,
            to=Status.SUBMITTED,
            refused=_("This review has been submitted and can no longer be changed."),
        ),
    )

    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("nomination")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="award_reviews",
        verbose_name=_("council member"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ASSIGNED
    )
    comments = FreeTextField(_("overall comments"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Kept by the scoring service so the ranking aggregates reviews in SQL.
    total_points = models.PositiveSmallIntegerField(_("total points"), default=0)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "reviewer"], name="review_unique_reviewer_per_nomination"
            )
        ]

    def __str__(self):
        return f"{self.reviewer} — {self.nomination}"


class Score(models.Model):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("review")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("criterion")
    )
    points = models.PositiveSmallIntegerField(_("points"))
    comment = FreeTextField(_("comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["review", "criterion"], name="score_unique_criterion_per_review"
            )
        ]

    def __str__(self):
        return f"{self.criterion}: {self.points}"


class SelfAssessmentScore(models.Model):
    """The organization's own score for one criterion, part of its dossier."""

    nomination = models.ForeignKey(
        Nomination,
        on_delete=models.CASCADE,
        related_name="self_scores",
        verbose_name=_("nomination"),
    )
    criterion = models.ForeignKey(
        Criterion,
        on_delete=models.PROTECT,
        related_name="self_scores",
        verbose_name=_("criterion"),
    )
    points = models.PositiveSmallIntegerField(_("points"))
    note = FreeTextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("self-assessment score")
        verbose_name_plural = _("self-assessment scores")
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "criterion"], name="self_score_unique_criterion"
            )
        ]

    def __str__(self):
        return f"{self.criterion}: {self.points}"


class Reminder(models.Model):
    """A deadline reminder e-mail sent to one person, so the daily task never sends it twice."""

    class Kind(models.TextChoices):
        REGISTRATION = "registration", _("Registration closes")
        DOSSIER = "dossier", _("Dossier deadline")
        REVIEW = "review", _("Provincial review deadline")

    cycle = models.ForeignKey(
        AwardCycle, on_delete=models.CASCADE, related_name="reminders", verbose_name=_("cycle")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    days_before = models.PositiveSmallIntegerField(_("days before the deadline"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="award_reminders",
        verbose_name=_("recipient"),
    )
    deadline = models.DateField(_("deadline"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "kind", "deadline", "days_before", "recipient"],
                name="reminder_sent_once",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.recipient}"
