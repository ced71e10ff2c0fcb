"""Monitoring the plan: indicators and their targets, manual actuals, year closings (frozen
snapshots) and the annual PDF reports built from them.

The reports app reads the other apps only through their selectors (see `registry.py`);
nothing imports from here.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.models import Phase, TimeStampedModel
from portal.transitions import Move, Workflow
from portal.validators import FreeTextField


class TaskGroup(models.TextChoices):
    """The plan's task groups: each has a section in the annual report."""

    COMMUNICATION = "communication", _("Communication")
    TRAINING = "training", _("Training")
    SUPPORT = "support", _("Support to apply solutions")
    CAB = "cab", _("Conformity assessment bodies")
    POLICIES = "policies", _("Support policies")
    PILOT_MODELS = "pilot_models", _("Pilot models")
    AWARD = "award", _("National Quality Award")
    BUDGET = "budget", _("Contracts and budget")


class Indicator(TimeStampedModel):
    """What is measured. Computed indicators have an entry in `reports.registry.REGISTRY`."""

    class Unit(models.TextChoices):
        ORGANIZATIONS = "organizations", _("organizations")
        PEOPLE = "people", _("people")
        VND = "vnd", _("đồng")
        OTHER = "other", _("units")

    class Source(models.TextChoices):
        COMPUTED = "computed", _("Computed from the records")
        MANUAL = "manual", _("Entered by staff with evidence")

    class Counting(models.TextChoices):
        PER_YEAR = "per_year", _("Per year")
        CUMULATIVE = "cumulative", _("Cumulative within the phase")

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Upper-case letters, digits and underscores, e.g. SUPPORTED_ORGS."),
    )
    name = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    description = FreeTextField(
        _("how it is counted"),
        blank=True,
        help_text=_(
            "For a figure entered by staff: how it is obtained. A figure computed from the "
            "records shows the rule written with its computation instead."
        ),
    )
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices)
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.COMPUTED
    )
    counting = models.CharField(
        _("counting"), max_length=20, choices=Counting.choices, default=Counting.PER_YEAR
    )
    task_group = models.CharField(_("task group"), max_length=20, choices=TaskGroup.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[A-Z][A-Z0-9_]*$"), name="indicator_code_format"
            )
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        language = (get_language() or "vi")[:2]
        return self.name_en if language == "en" and self.name_en else self.name

    @property
    def is_cumulative(self) -> bool:
        return self.counting == self.Counting.CUMULATIVE

    @property
    def counting_rule(self) -> str:
        """How the figure is counted, in words: for a computed indicator the rule written
        next to its query in `reports.registry`; for one entered by staff, `description`."""
        from .registry import REGISTRY

        computation = REGISTRY.get(self.code)
        if self.source == self.Source.COMPUTED and computation is not None and computation.rule:
            return str(computation.rule)
        return self.description

    def clean(self):
        from .registry import REGISTRY

        if self.source == self.Source.COMPUTED and self.code and self.code not in REGISTRY:
            raise ValidationError(
                {"source": _("No computation is defined for this code; choose manual entry.")}
            )


class Target(TimeStampedModel):
    """An indicator's target for one year of a phase, or a milestone at the phase's end."""

    class Kind(models.TextChoices):
        EXACT = "exact", _("Exactly")
        AT_LEAST = "at_least", _("At least")
        AT_MOST = "at_most", _("At most")
        RANGE = "range", _("Range")
        GROWTH_RANGE = "growth_range", _("Growth over the previous year")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indicator")
    )
    phase = models.ForeignKey(
        Phase, on_delete=models.PROTECT, related_name="targets", verbose_name=_("phase")
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a milestone at the end of the phase."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    value = models.DecimalField(
        _("value"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For exact, at least and at most targets."),
    )
    minimum = models.DecimalField(
        _("minimum"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    maximum = models.DecimalField(
        _("maximum"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    growth_min_percent = models.DecimalField(
        _("minimum growth (%)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    growth_max_percent = models.DecimalField(
        _("maximum growth (%)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    # A growth target's bounds for its year, derived from the previous year's actual and
    # stored together with how they were derived.
    derived_minimum = models.DecimalField(
        _("derived minimum"), max_digits=22, decimal_places=4, null=True, blank=True
    )
    derived_maximum = models.DecimalField(
        _("derived maximum"), max_digits=22, decimal_places=4, null=True, blank=True
    )
    derived_base_year = models.PositiveSmallIntegerField(
        _("derived from the year"), null=True, blank=True
    )
    derived_base_actual = models.DecimalField(
        _("previous year's actual"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    derived_base_source = models.CharField(
        _("previous year's actual taken from"), max_length=20, blank=True
    )
    derived_at = models.DateTimeField(_("derived at"), null=True, blank=True)
    derivation = models.TextField(_("how the bounds were derived"), blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator__order", "phase__start_year", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "phase", "year"], name="target_unique_indicator_phase_year"
            ),
            models.UniqueConstraint(
                fields=["indicator", "phase"],
                condition=models.Q(year__isnull=True),
                name="target_unique_phase_milestone",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.year or self.phase.name}"

    @property
    def is_milestone(self) -> bool:
        return self.year is None

    @property
    def due_year(self) -> int:
        return self.year if self.year is not None else self.phase.end_year

    def clean(self):
        errors = {}
        if self.year is not None and self.phase_id and not self.phase.contains(self.year):
            errors["year"] = _("The year must lie within the phase.")
        kind = self.kind
        if kind in (self.Kind.EXACT, self.Kind.AT_LEAST, self.Kind.AT_MOST):
            if self.value is None:
                errors["value"] = _("Enter the target value.")
            elif self.value < 0:
                errors["value"] = _("The value cannot be negative.")
        elif kind == self.Kind.RANGE:
            if self.minimum is None:
                errors["minimum"] = _("Enter the minimum.")
            if self.maximum is None:
                errors["maximum"] = _("Enter the maximum.")
            if (
                self.minimum is not None
                and self.maximum is not None
                and self.minimum > self.maximum
            ):
                errors["maximum"] = _("The maximum must not be below the minimum.")
            if self.minimum is not None and self.minimum < 0:
                errors["minimum"] = _("The value cannot be negative.")
        elif kind == self.Kind.GROWTH_RANGE:
            if self.year is None:
                errors["year"] = _("A growth target belongs to a year.")
            if self.growth_min_percent is None:
                errors["growth_min_percent"] = _("Enter the minimum growth.")
            if self.growth_max_percent is None:
                errors["growth_max_percent"] = _("Enter the maximum growth.")
            if (
                self.growth_min_percent is not None
                and self.growth_max_percent is not None
                and self.growth_min_percent > self.growth_max_percent
            ):
                errors["growth_max_percent"] = _(
                    "The maximum growth must not be below the minimum growth."
                )
        if errors:
            raise ValidationError(errors)

    def terms(self) -> dict:
        """The target's own terms (what a revision records as old and new value)."""

        def num(value):
            return None if value is None else str(value)

        return {
            "kind": self.kind,
            "value": num(self.value),
            "minimum": num(self.minimum),
            "maximum": num(self.maximum),
            "growth_min_percent": num(self.growth_min_percent),
            "growth_max_percent": num(self.growth_max_percent),
            "note": self.note,
        }


class TargetRevision(models.Model):
    """One change to a target: the old and new terms, when, who and why."""

    target = models.ForeignKey(
        Target, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("target")
    )
    old_terms = models.JSONField(_("old value"), null=True, blank=True)
    new_terms = models.JSONField(_("new value"))
    reason = FreeTextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("target revision")
        verbose_name_plural = _("target revisions")
        ordering = ["-changed_at", "-id"]

    def __str__(self):
        return f"{self.target} @ {self.changed_at:%d/%m/%Y}"


def manual_evidence_upload_to(instance, filename):
    return f"reports/evidence/{instance.year}/{uuid.uuid4().hex}/{filename}"


class ManualActual(TimeStampedModel):
    """A year's actual entered by staff: for an indicator that is not computed, or to
    override a computed figure with a justification. Evidence is a private file.

    For a cumulative indicator the value is the cumulative figure at the end of the year.
    """

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="manual_actuals",
        verbose_name=_("indicator"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(
        _("value"), max_digits=18, decimal_places=2, validators=[MinValueValidator(0)]
    )
    reason = FreeTextField(_("reason"))
    evidence = models.FileField(_("evidence"), upload_to=manual_evidence_upload_to, max_length=300)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("entered by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("manual actual")
        verbose_name_plural = _("manual actuals")
        ordering = ["indicator__order", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"], name="manual_actual_unique_indicator_year"
            )
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.year}: {self.value}"

    @property
    def evidence_name(self) -> str:
        return (self.evidence.name or "").rsplit("/", 1)[-1] if self.evidence else ""


class YearClosing(TimeStampedModel):
    """Closing a year: staff submit the figures (a frozen snapshot), a lead approves and the
    year locks. A lead may unlock a locked year with a reason; everything stays in the log."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SUBMITTED = "submitted", _("Submitted, awaiting approval")
        LOCKED = "locked", _("Approved and locked")

    WORKFLOW = Workflow(
        "status",
        Move(
            "submit",
            Status.OPEN,
            to=Status.SUBMITTED,
            refused=_("The year has already been submitted or locked."),
        ),
        Move(
            "approve",
            Status.SUBMITTED,
            to=Status.LOCKED,
            refused=_("Only submitted figures can be approved."),
        ),
        Move(
            "return",
            Status.SUBMITTED,
            to=Status.OPEN,
            refused=_("Only submitted figures can be returned."),
        ),
        Move(
            "unlock",
            Status.LOCKED,
            to=Status.OPEN,
            refused=_("Only a locked year can be unlocked."),
        ),
    )

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    snapshot = models.JSONField(_("frozen figures"), null=True, blank=True)
    snapshot_checksum = models.CharField(_("figures checksum"), max_length=64, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("year closing")
        verbose_name_plural = _("year closings")
        ordering = ["-year"]
        permissions = [("approve_year", _("Can approve and unlock a year's figures (lead)"))]

    def __str__(self):
        return f"{self.year}: {self.get_status_display()}"

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.LOCKED


class YearClosingEvent(models.Model):
    """The log of a year's closing: submitted, returned, approved, unlocked, with reasons."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("year closing", "Submitted")
        RETURNED = "returned", _("Returned for changes")
        APPROVED = "approved", _("Approved and locked")
        UNLOCKED = "unlocked", _("Unlocked")

    closing = models.ForeignKey(
        YearClosing, on_delete=models.CASCADE, related_name="events", verbose_name=_("year")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    reason = FreeTextField(_("reason"), blank=True)
    snapshot_checksum = models.CharField(_("figures checksum"), max_length=64, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("year closing event")
        verbose_name_plural = _("year closing events")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.closing.year} {self.get_action_display()}"


def annual_report_upload_to(instance, filename):
    return f"reports/annual/{instance.year}/v{instance.version}-{uuid.uuid4().hex[:8]}.pdf"


class AnnualReport(TimeStampedModel):
    """One version of a year's report. New versions never overwrite old ones; a retry of a
    failed build runs again in the same row (a failed build left no file behind)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being built")
        SUCCEEDED = "succeeded", _("Ready")
        # "Failed" alone is a course result ("Không đạt"); a build that failed is an error.
        FAILED = "failed", pgettext_lazy("report build", "Failed")

    WORKFLOW = Workflow(
        "status",
        Move(
            "retry",
            Status.FAILED,
            to=Status.QUEUED,
            refused=_("Only a failed build can be retried."),
        ),
    )

    class Trigger(models.TextChoices):
        USER = "user", _("Requested in the portal")
        COMMAND = "command", _("Management command")
        SCHEDULE = "schedule", _("Yearly schedule")

    class FiguresSource(models.TextChoices):
        LOCKED = "locked", _("Approved figures of the closed year")
        PROVISIONAL = "provisional", _("Provisional figures (year not closed)")

    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.QUEUED,
        db_index=True,
    )
    trigger = models.CharField(
        _("requested through"), max_length=20, choices=Trigger.choices, default=Trigger.USER
    )
    figures = models.JSONField(_("frozen figures"))
    figures_source = models.CharField(_("figures"), max_length=20, choices=FiguresSource.choices)
    figures_checksum = models.CharField(_("figures checksum (SHA-256)"), max_length=64)
    file = models.FileField(
        _("PDF file"), upload_to=annual_report_upload_to, max_length=300, blank=True
    )
    checksum = models.CharField(_("file checksum (SHA-256)"), max_length=64, blank=True)
    file_size = models.PositiveIntegerField(_("file size (bytes)"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    notify_officials = models.BooleanField(_("e-mail officials when ready"), default=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    build_seconds = models.FloatField(_("build time (s)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    # The approved version is signed with the Department's certificate (portal/signing.py).
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_by = models.CharField(_("signed by (certificate)"), max_length=300, blank=True)

    history = HistoricalRecords(excluded_fields=["figures"])

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="annual_report_unique_version")
        ]

    def __str__(self):
        return f"{self.year} v{self.version}"

    QUEUE_UNAVAILABLE = "queue_unavailable"
    # Left queued or running far longer than a build may take: the worker died or the queue
    # lost the task (`annual_report_recover_stalled`).
    INTERRUPTED = "interrupted"

    @property
    def could_not_be_queued(self) -> bool:
        return self.error == self.QUEUE_UNAVAILABLE

    @property
    def was_interrupted(self) -> bool:
        return self.error == self.INTERRUPTED

    @property
    def is_done(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def download_name(self) -> str:
        return f"bao-cao-nang-suat-chat-luong-{self.year}-v{self.version}.pdf"
