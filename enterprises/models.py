"""Organizations, who acts for them, and the support the program gives them.

The support ledger (`SupportActivity`) is the source of most of the plan's actuals: one row
per support given to one organization.
"""

import uuid

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.db.models.functions import Collate
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.history import KeptClassHistoryManager
from portal.models import (
    AdministrativeUnit,
    IndustryClassification,
    PrivateDocument,
    TimeStampedModel,
)
from portal.transitions import Move, Workflow
from portal.validators import (
    FreeTextField,
    past_date,
    program_date,
    program_past_date,
    validate_name,
)

from .taxcode import is_personal_id, validate_tax_code


class Organization(TimeStampedModel):
    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise")
        COOPERATIVE = "cooperative", _("Cooperative")
        CONFORMITY_ASSESSMENT_BODY = (
            "cab",
            _("Conformity assessment body (testing, inspection, certification)"),
        )
        OTHER = "other", _("Other organization")

    class LegalForm(models.TextChoices):
        LLC_ONE = "llc_one", _("One-member limited liability company")
        LLC_MULTI = "llc_multi", _("Multi-member limited liability company")
        JSC = "jsc", _("Joint-stock company")
        PARTNERSHIP = "partnership", _("Partnership")
        PRIVATE = "private", _("Private enterprise")
        COOPERATIVE = "cooperative", _("Cooperative")
        HOUSEHOLD = "household", _("Household business")
        PUBLIC_UNIT = "public_unit", _("Public service unit")
        OTHER = "other", _("Other")

    class Ownership(models.TextChoices):
        STATE = "state", _("State-owned")
        PRIVATE = "private", _("Domestic private")
        FOREIGN = "foreign", _("Foreign-invested")
        COLLECTIVE = "collective", _("Collective")

    IndustryClassification = IndustryClassification

    class SectorGroup(models.TextChoices):
        """The two sector groups of Decree 80/2021/NĐ-CP, Article 5."""

        AGRICULTURE_INDUSTRY_CONSTRUCTION = (
            "aic",
            _("Agriculture, forestry, fishery; industry and construction"),
        )
        TRADE_SERVICES = "trade_services", _("Trade and services")

    class SizeClass(models.TextChoices):
        MICRO = "micro", _("Micro")
        SMALL = "small", _("Small")
        MEDIUM = "medium", _("Medium")
        LARGE = "large", _("Large")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Awaiting e-mail confirmation")
        PENDING = "pending", _("Pending review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        ACTIVE = "active", _("Active")
        REJECTED = "rejected", _("Rejected")
        INACTIVE = "inactive", _("Inactive")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ENTERPRISE)
    name = models.CharField(_("name"), max_length=300, validators=[validate_name])
    short_name = models.CharField(
        _("short name"), max_length=100, blank=True, validators=[validate_name]
    )
    # Unaccented lower-case copy of the names, kept by the services, for search that
    # ignores Vietnamese diacritics on every database ("cong ty co khi").
    search_text = models.TextField(editable=False, blank=True, default="")
    tax_code = models.CharField(
        _("tax code"),
        max_length=16,
        unique=True,
        validators=[validate_tax_code],
        help_text=_(
            "10 digits, 10 digits-NNN for a branch, or the owner's 12-digit personal "
            "ID for a household business."
        ),
    )
    legal_form = models.CharField(
        _("legal form"), max_length=20, choices=LegalForm.choices, default=LegalForm.LLC_MULTI
    )
    ownership = models.CharField(
        _("ownership"), max_length=20, choices=Ownership.choices, default=Ownership.PRIVATE
    )
    founded_on = models.DateField(
        _("established on"), null=True, blank=True, validators=[past_date]
    )
    industry_classification = models.CharField(
        _("industry classification"),
        max_length=10,
        choices=IndustryClassification.choices,
        default=IndustryClassification.VSIC_2025,
    )
    industry_code = models.CharField(_("industry code"), max_length=10, blank=True)
    industry_section = models.CharField(
        _("industry section"),
        max_length=1,
        blank=True,
        help_text=_("The section letter (A–V) of the industry code."),
    )
    sector_group = models.CharField(
        _("sector group"),
        max_length=20,
        choices=SectorGroup.choices,
        default=SectorGroup.AGRICULTURE_INDUSTRY_CONSTRUCTION,
    )
    employees = models.PositiveIntegerField(
        _("employees (social insurance, yearly average)"), null=True, blank=True
    )
    annual_revenue = models.PositiveBigIntegerField(
        _("annual revenue (VND)"), null=True, blank=True
    )
    total_capital = models.PositiveBigIntegerField(_("total capital (VND)"), null=True, blank=True)
    size_class = models.CharField(
        _("size class"),
        max_length=10,
        choices=SizeClass.choices,
        blank=True,
        help_text=_("Derived per Decree 80/2021/NĐ-CP from employees, revenue and capital."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True, validators=[validate_name])
    commune = models.ForeignKey(
        AdministrativeUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("commune / ward"),
        limit_choices_to={"level": AdministrativeUnit.Level.COMMUNE},
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    legal_representative = models.CharField(
        _("legal representative"), max_length=200, blank=True, validators=[validate_name]
    )
    contact_name = models.CharField(
        _("contact person"), max_length=200, blank=True, validators=[validate_name]
    )
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    main_products = FreeTextField(_("main products and services"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )

    # draft → pending (e-mail confirmed) → active | changes requested | rejected; changes
    # requested → pending (resubmitted); active ⇄ inactive.
    WORKFLOW = Workflow(
        "status",
        Move(
            "confirm",
            Status.DRAFT,
            to=Status.PENDING,
            refused=_("This confirmation link is not valid."),
        ),
        Move(
            "approve",
            Status.PENDING,
            to=Status.ACTIVE,
            refused=_("Only pending registrations can be approved."),
        ),
        Move(
            "reject",
            Status.PENDING,
            to=Status.REJECTED,
            refused=_("Only pending registrations can be rejected."),
        ),
        Move(
            "request_changes",
            Status.PENDING,
            to=Status.CHANGES_REQUESTED,
            refused=_("Changes can only be asked for on a pending registration."),
        ),
        Move(
            "resubmit",
            Status.CHANGES_REQUESTED,
            to=Status.PENDING,
            refused=_("Only a registration returned for changes can be resubmitted."),
        ),
        Move(
            "deactivate",
            Status.ACTIVE,
            to=Status.INACTIVE,
            refused=_("Only an active organization can be marked inactive."),
        ),
        Move(
            "reactivate",
            Status.INACTIVE,
            to=Status.ACTIVE,
            refused=_("Only an inactive organization can be reactivated."),
        ),
    )
    status_reason = FreeTextField(_("reason"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    # The history is read per organization (`organization.history`: its `id`, in
    # `history_date` order) and its `history_user` is set null when a user goes; nothing
    # looks a version up by tax code, status, commune or decider. Those six indexes (tax code
    # and status twice, with their LIKE twins) went unscanned on the 1,000,000-organization
    # database and cost each imported row six index inserts.
    history = HistoricalRecords(
        no_db_index=["tax_code", "status", "commune", "decided_by"],
        history_manager=KeptClassHistoryManager,
    )

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["kind", "status"]),
            models.Index(fields=["industry_section"]),
            models.Index(fields=["size_class"]),
            # The registry lists 25 of hundreds of thousands in this order: read them off
            # the index instead of sorting the table.
            models.Index(fields=["name", "id"], name="organization_name_id"),
            # The same in Vietnamese order (`portal.lists.vietnamese`, the registry's default):
            # page 4,000 starts at its cursor in this index (portal.keyset). PostgreSQL only
            # (migration 0014): SQLite has no ICU collation.
            models.Index(
                Collate(F("name"), settings.VIETNAMESE_COLLATION),
                F("id"),
                name="organization_name_vi_id",
            ),
            # The review queue: the few thousand pending registrations in the order they came.
            models.Index(
                fields=["submitted_at", "id"],
                condition=models.Q(status="pending"),
                name="organization_pending_queue",
            ),
            # Search ("every word appears in search_text") with LIKE '%word%': a trigram
            # index answers it without reading the table. PostgreSQL only (migration 0005).
            # Every search reads the index's pending list of new entries: kept small (256 kB,
            # migration 0023), as autovacuum flushes it only after ~20 % of the rows changed.
            GinIndex(
                OpClass("search_text", name="gin_trgm_ops"),
                gin_pending_list_limit=256,
                name="organization_search_trgm",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if (
            self.tax_code
            and is_personal_id(self.tax_code)
            and self.legal_form != self.LegalForm.HOUSEHOLD
        ):
            raise ValidationError(
                {
                    "tax_code": _(
                        "A 12-digit personal ID is accepted as tax code only for a household "
                        "business; an enterprise has a 10-digit tax code."
                    )
                }
            )

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_editable_by_representative(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.CHANGES_REQUESTED)


class IndustryConcordance(TimeStampedModel):
    """One row of the correspondence table between VSIC 2018 and VSIC 2025 (reference data,
    loaded from `enterprises/data/vsic_concordance.csv`, edited by staff).

    A code of the source version is converted by its longest matching row: the 5-, 4-, 3- or
    2-digit code, then its section letter."""

    source_version = models.CharField(
        _("from classification"), max_length=10, choices=IndustryClassification.choices
    )
    source_code = models.CharField(
        _("code"),
        max_length=10,
        help_text=_("A section letter (e.g. M) or a code of 2 to 5 digits (e.g. 7120)."),
    )
    target_version = models.CharField(
        _("to classification"), max_length=10, choices=IndustryClassification.choices
    )
    target_section = models.CharField(_("section in the target classification"), max_length=1)
    target_code = models.CharField(
        _("code in the target classification"),
        max_length=10,
        blank=True,
        help_text=_("The most detailed code known; empty when only the section is certain."),
    )
    exact = models.BooleanField(
        _("whole code corresponds"),
        default=True,
        help_text=_(
            "Unticked when the code splits into several target codes and this row names its "
            "main part."
        ),
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("industry concordance row")
        verbose_name_plural = _("industry concordance")
        ordering = ["source_version", "source_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_version", "source_code", "target_version"],
                name="industry_concordance_unique_source",
            )
        ]

    def __str__(self):
        return f"{self.source_code} → {self.target_section} {self.target_code}".strip()

    def clean(self):
        from .industry import SECTIONS, IndustryCodeError, section_for_code

        errors = {}
        if self.source_version and self.source_version == self.target_version:
            errors["target_version"] = _("Choose the other classification.")
        self.source_code = (self.source_code or "").strip().upper()
        self.target_code = (self.target_code or "").strip().upper()
        self.target_section = (self.target_section or "").strip().upper()
        if self.source_code and self.source_version:
            try:
                section_for_code(self.source_version, self.source_code)
            except IndustryCodeError:
                errors["source_code"] = _("This code does not exist in the source classification.")
        if self.target_version and self.target_section not in SECTIONS.get(self.target_version, {}):
            errors["target_section"] = _(
                "This section does not exist in the target classification."
            )
        elif self.target_code and self.target_version:
            try:
                section = section_for_code(self.target_version, self.target_code)
            except IndustryCodeError:
                section = None
            if section != self.target_section:
                errors["target_code"] = _(
                    "This code does not exist in the target section of the target classification."
                )
        if errors:
            raise ValidationError(errors)


class Membership(TimeStampedModel):
    """A user acting for an organization; a join request waits for staff approval."""

    class Role(models.TextChoices):
        REPRESENTATIVE = "representative", _("Representative")
        MEMBER = "member", _("Member")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending approval")
        ACTIVE = "active", _("Active")
        REJECTED = "rejected", _("Rejected")
        REVOKED = "revoked", _("Revoked")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organization"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )

    # pending → active | rejected (staff decide); active → revoked.
    WORKFLOW = Workflow(
        "status",
        Move(
            "approve",
            Status.PENDING,
            to=Status.ACTIVE,
            refused=_("This request has already been decided."),
        ),
        Move(
            "reject",
            Status.PENDING,
            to=Status.REJECTED,
            refused=_("This request has already been decided."),
        ),
        Move(
            "revoke",
            Status.ACTIVE,
            to=Status.REVOKED,
            refused=_("Only an active membership can be revoked."),
        ),
    )
    message = FreeTextField(_("message to staff"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="membership_unique_user_organization"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.organization}"


class Solution(models.Model):
    """The catalog of what the program promotes, grouped as the plan groups them."""

    class Group(models.TextChoices):
        STANDARDS = "standards", _("Standards (TCVN/ISO)")
        TECHNICAL_REGULATIONS = "regulations", _("Technical regulations (QCVN)")
        MANAGEMENT_SYSTEMS = "management_systems", _("Management systems")
        PRODUCTIVITY_TOOLS = "productivity_tools", _("Productivity improvement tools")
        SMART_TOOLS = "smart_tools", _("Smart production and service tools")
        CAB_CAPACITY = "cab_capacity", _("Capacity building for conformity assessment bodies")

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200, validators=[validate_name])
    group = models.CharField(_("group"), max_length=30, choices=Group.choices)
    description = FreeTextField(_("description"), blank=True)
    is_active = models.BooleanField(_("offered"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")
        ordering = ["group", "order", "name"]

    def __str__(self):
        return self.name


class SupportRequest(TimeStampedModel):
    """An organization asks for support; staff turn it into support activities."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        FULFILLED = "fulfilled", _("Fulfilled")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="support_requests",
        verbose_name=_("organization"),
    )
    solutions = models.ManyToManyField(
        Solution, related_name="requests", verbose_name=_("solutions")
    )
    need = FreeTextField(_("what the organization needs"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )

    # Open (submitted, in review, accepted, declined) → answered again, or withdrawn while
    # not yet answered; an activity recorded from it fulfils it. Withdrawn and fulfilled close it.
    WORKFLOW = Workflow(
        "status",
        Move(
            "withdraw",
            Status.SUBMITTED,
            Status.IN_REVIEW,
            to=Status.WITHDRAWN,
            refused=_("Only an open request can be withdrawn."),
        ),
        Move(
            "review",
            Status.SUBMITTED,
            Status.IN_REVIEW,
            Status.ACCEPTED,
            Status.DECLINED,
            to=Status.IN_REVIEW,
            refused=_("This request is closed."),
        ),
        Move(
            "accept",
            Status.SUBMITTED,
            Status.IN_REVIEW,
            Status.ACCEPTED,
            Status.DECLINED,
            to=Status.ACCEPTED,
            refused=_("This request is closed."),
        ),
        Move(
            "decline",
            Status.SUBMITTED,
            Status.IN_REVIEW,
            Status.ACCEPTED,
            Status.DECLINED,
            to=Status.DECLINED,
            refused=_("This request is closed."),
        ),
        Move(
            "fulfil",
            Status.SUBMITTED,
            Status.IN_REVIEW,
            Status.ACCEPTED,
            Status.DECLINED,
            Status.WITHDRAWN,
            to=Status.FULFILLED,
            refused=_("This request is closed."),
        ),
    )
    response = FreeTextField(_("response from staff"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )

    history = HistoricalRecords(m2m_fields=[solutions])

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["-created_at"]
        # The staff list pages by (created_at, id), newest first (portal.keyset), whole or by
        # status; a year is a range of created_at.
        indexes = [
            models.Index(fields=["created_at", "id"], name="supportrequest_created_id"),
            models.Index(
                fields=["status", "created_at", "id"], name="supportrequest_status_created"
            ),
        ]

    def __str__(self):
        return f"{self.organization} — {self.get_status_display()}"


class SupportActivity(TimeStampedModel):
    """One support given to one organization: the ledger most actuals are counted from."""

    class Kind(models.TextChoices):
        DISSEMINATION = "dissemination", _("Dissemination")
        TRAINING = "training", _("Training")
        GUIDANCE = "guidance", _("Guidance to apply")
        CONSULTING = "consulting", _("Consulting")
        CERTIFICATION = "certification", _("Certification support")
        CAPACITY_BUILDING = "capacity_building", _("Capacity building")

    class Status(models.TextChoices):
        RECORDED = "recorded", _("Recorded")
        CANCELLED = "cancelled", _("Cancelled")

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="support_activities",
        verbose_name=_("organization"),
    )
    date = models.DateField(_("date"), db_index=True, validators=[program_past_date])
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300, validators=[validate_name])
    description = FreeTextField(_("description"), blank=True)
    solutions = models.ManyToManyField(
        Solution, related_name="support_activities", verbose_name=_("solutions"), blank=True
    )
    participants = models.PositiveIntegerField(_("people taking part"), default=0)
    state_budget = models.PositiveBigIntegerField(_("state budget (VND)"), default=0)
    own_contribution = models.PositiveBigIntegerField(_("own contribution (VND)"), default=0)
    outcome = FreeTextField(_("outcome"), blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=100, blank=True)
    certificate_body = models.CharField(_("certification body"), max_length=200, blank=True)
    certificate_date = models.DateField(
        _("certificate date"), null=True, blank=True, validators=[past_date]
    )
    request = models.ForeignKey(
        SupportRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("support request"),
    )
    # Activities recorded together (a seminar reaching 40 organizations) share a batch.
    batch = models.UUIDField(_("batch"), null=True, blank=True, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECORDED
    )

    WORKFLOW = Workflow(
        "status",
        Move(
            "cancel",
            Status.RECORDED,
            to=Status.CANCELLED,
            refused=_("This activity is already cancelled."),
        ),
    )
    cancel_reason = FreeTextField(_("reason for cancelling"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords(m2m_fields=[solutions])

    class Meta:
        verbose_name = _("support activity")
        verbose_name_plural = _("support activities")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["status", "date"]),
            models.Index(fields=["organization", "date"]),
            # The ledger's default order (-date, -id) and its keyset cursor: a page is read
            # straight from this index, instead of sorting every activity of the last date
            # (thousands a day at 1,000,000 organizations).
            models.Index(fields=["date", "id"], name="supportactivity_date_id"),
            # "Organizations supported in a year" and the drill-downs read the organizations of
            # the recorded activities of a date range from this index alone (no table reads).
            models.Index(
                fields=["date", "organization"],
                condition=models.Q(status="recorded"),
                name="supportactivity_recorded_org",
            ),
            # Each organization's number of recorded supports (the registry's column, its
            # export a chunk at a time) counted from this index alone: through the plain
            # organization index every activity's row was read to test its status, and the
            # registry export of 1,000,000 organizations spent most of its time there.
            models.Index(
                fields=["organization", "id"],
                condition=models.Q(status="recorded"),
                name="activity_recorded_org_id",
            ),
        ]

    def __str__(self):
        return f"{self.title} — {self.organization}"

    def clean(self):
        if self.status == self.Status.CANCELLED and not self.cancel_reason:
            raise ValidationError({"cancel_reason": _("Say why the activity is cancelled.")})

    @staticmethod
    def new_batch() -> uuid.UUID:
        return uuid.uuid4()


def request_document_upload_to(instance, filename):
    return f"requests/{instance.request.organization_id}/{uuid.uuid4().hex}/{filename}"


class SupportRequestDocument(PrivateDocument):
    """A file the organization attaches to its support request (private: the organization
    and staff only; served by `portal.uploads.private_download`), as support evidence is."""

    request = models.ForeignKey(
        SupportRequest,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("support request"),
    )
    file = models.FileField(_("file"), upload_to=request_document_upload_to, max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("support request document")
        verbose_name_plural = _("support request documents")


def evidence_upload_to(instance, filename):
    return f"evidence/{instance.activity.organization_id}/{uuid.uuid4().hex}/{filename}"


class SupportEvidence(PrivateDocument):
    """A file proving a support activity (private: staff and the organization only)."""

    activity = models.ForeignKey(
        SupportActivity,
        on_delete=models.PROTECT,
        related_name="evidence",
        verbose_name=_("support activity"),
    )
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=300)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")


class PilotModel(TimeStampedModel):
    """An organization applying solutions together as a model to replicate (mô hình điểm)."""

    class Status(models.TextChoices):
        SELECTED = "selected", _("Selected")
        IMPLEMENTING = "implementing", _("Implementing")
        EVALUATED = "evaluated", _("Evaluated")
        RECOGNIZED = "recognized", _("Recognized")

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="pilot_models",
        verbose_name=_("organization"),
    )
    title = models.CharField(_("title"), max_length=300, validators=[validate_name])
    solutions = models.ManyToManyField(
        Solution, related_name="pilot_models", verbose_name=_("solutions")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SELECTED
    )

    # selected → implementing → evaluated → recognized, one step at a time.
    WORKFLOW = Workflow(
        "status",
        Move(
            "implement",
            Status.SELECTED,
            to=Status.IMPLEMENTING,
            refused=_("This step does not follow the pilot model's current stage."),
        ),
        Move(
            "evaluate",
            Status.IMPLEMENTING,
            to=Status.EVALUATED,
            refused=_("This step does not follow the pilot model's current stage."),
        ),
        Move(
            "recognize",
            Status.EVALUATED,
            to=Status.RECOGNIZED,
            refused=_("This step does not follow the pilot model's current stage."),
        ),
    )
    selected_on = models.DateField(_("selected on"), validators=[program_date])
    implementation_started_on = models.DateField(
        _("implementation started on"),
        null=True,
        blank=True,
        validators=[program_date],
    )
    evaluated_on = models.DateField(
        _("evaluated on"), null=True, blank=True, validators=[program_date]
    )
    recognized_on = models.DateField(
        _("recognized on"), null=True, blank=True, validators=[program_date]
    )
    recognition_decision = models.CharField(_("recognition decision"), max_length=100, blank=True)
    baseline_productivity = models.DecimalField(
        _("baseline productivity"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    result_productivity = models.DecimalField(
        _("resulting productivity"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    productivity_unit = models.CharField(_("productivity unit"), max_length=100, blank=True)
    baseline_defect_rate = models.DecimalField(
        _("baseline defect rate (%)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    result_defect_rate = models.DecimalField(
        _("resulting defect rate (%)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    cost_savings = models.PositiveBigIntegerField(
        _("cost savings per year (VND)"), null=True, blank=True
    )
    energy_savings_percent = models.DecimalField(
        _("energy savings (%)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    notes = FreeTextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pilot model")
        verbose_name_plural = _("pilot models")
        ordering = ["-selected_on", "-id"]

    def __str__(self):
        return self.title


class SharingEvent(TimeStampedModel):
    """A site visit or workshop where a pilot model is shared with others."""

    class Kind(models.TextChoices):
        SITE_VISIT = "site_visit", _("Site visit")
        WORKSHOP = "workshop", _("Workshop")
        OTHER = "other", _("Other")

    pilot_model = models.ForeignKey(
        PilotModel,
        on_delete=models.CASCADE,
        related_name="sharing_events",
        verbose_name=_("pilot model"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"), validators=[program_date])
    title = models.CharField(_("title"), max_length=300, validators=[validate_name])
    participants = models.PositiveIntegerField(_("participants"), default=0)
    organizations_attending = models.PositiveIntegerField(_("organizations attending"), default=0)
    notes = FreeTextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("sharing event")
        verbose_name_plural = _("sharing events")
        ordering = ["-date"]

    def __str__(self):
        return self.title


class PilotReplication(TimeStampedModel):
    """An organization that replicated a pilot model (nhân rộng): applied the same solutions
    after seeing it. Recorded by staff on the pilot model's page."""

    pilot_model = models.ForeignKey(
        PilotModel,
        on_delete=models.CASCADE,
        related_name="replications",
        verbose_name=_("pilot model"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="pilot_replications",
        verbose_name=_("organization that replicated it"),
    )
    replicated_on = models.DateField(_("replicated on"))
    notes = models.TextField(_("what was replicated"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("replication of a pilot model")
        verbose_name_plural = _("replications of pilot models")
        ordering = ["-replicated_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pilot_model", "organization"], name="pilot_replication_unique_organization"
            )
        ]

    def __str__(self):
        return f"{self.organization} — {self.pilot_model}"


class ReviewDecision(TimeStampedModel):
    """A step in an organization's registration and status: kept, shown and e-mailed."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Registration submitted")
        RESUBMITTED = "resubmitted", _("Registration resubmitted")
        APPROVED = "approved", _("Registration approved")
        REJECTED = "rejected", _("Registration rejected")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        DEACTIVATED = "deactivated", _("Marked inactive")
        REACTIVATED = "reactivated", _("Reactivated")
        CHANGE_APPROVED = "change_approved", _("Change of name or tax code approved")
        CHANGE_REJECTED = "change_rejected", _("Change of name or tax code refused")

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("organization"),
    )
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    reason = FreeTextField(_("reason"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.organization} — {self.get_action_display()}"


class ConsentRecord(models.Model):
    """Consent to the processing of personal data (Decree 13/2023/NĐ-CP), with the version of
    the privacy notice the person was shown."""

    class Purpose(models.TextChoices):
        REGISTRATION = "registration", _("Registration of an organization")
        JOIN_REQUEST = "join_request", _("Request to join an organization")

    # Consent is evidence under Decree 13/2023/NĐ-CP: the person and the organization are
    # deactivated, never deleted, so the record keeps both.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("user"),
    )
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name=_("organization"),
    )
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    notice_version = models.CharField(_("privacy notice version"), max_length=20)
    given_at = models.DateTimeField(_("given at"))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-given_at"]

    def __str__(self):
        return f"{self.user} — {self.notice_version}"


class OrganizationChangeRequest(TimeStampedModel):
    """A representative asks to change the name or tax code: staff review it first."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Refused")

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="change_requests",
        verbose_name=_("organization"),
    )
    old_name = models.CharField(_("current name"), max_length=300)
    old_tax_code = models.CharField(_("current tax code"), max_length=16)
    new_name = models.CharField(_("new name"), max_length=300, validators=[validate_name])
    new_tax_code = models.CharField(_("new tax code"), max_length=16)
    note = FreeTextField(_("explanation"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )

    WORKFLOW = Workflow(
        "status",
        Move(
            "approve",
            Status.PENDING,
            to=Status.APPROVED,
            refused=_("This request has already been decided."),
        ),
        Move(
            "reject",
            Status.PENDING,
            to=Status.REJECTED,
            refused=_("This request has already been decided."),
        ),
    )
    response = FreeTextField(_("response from staff"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.organization} — {self.get_status_display()}"


class SupportYear(models.Model):
    """Pre-aggregated "who was supported when": one row per organization, year and source
    (a support activity of the ledger, or a course its people completed) while the live rule
    of that source (`enterprises.selectors.organizations_supported_in`,
    `trainings.selectors.organizations_trained_in`) counts the organization in that year.

    Kept by the services that write activities, imports and course results through
    `enterprises.supported.store` (never written elsewhere), rebuilt from scratch by
    `manage.py rebuild_support_years`. "Organizations supported in a year" and its
    drill-down read the year's organization ids from the unique index alone."""

    class Source(models.TextChoices):
        ACTIVITY = "activity", _("Support activity")
        COURSE = "course", _("Course completed")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)

    class Meta:
        verbose_name = _("organization supported in a year")
        verbose_name_plural = _("organizations supported in a year")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "organization", "source"], name="supportyear_year_org_source"
            )
        ]

    def __str__(self):
        return f"{self.organization_id} {self.year} {self.source}"


class SupportTally(models.Model):
    """Pre-aggregated counts of the organizations supported in a year (`SupportYear`, every
    source together: an organization counts once a year), in total and by the organization's
    commune, industry code and size class: what SUPPORTED_ORGS's figure, its drill-down's total
    and the dashboard's breakdowns read, a few hundred rows a year instead of every supported
    organization.

    One row per year, dimension and key: the total (key ""), a commune (its id, "" for none), an
    industry code as stored ("classification:code:section", converted to the reporting
    classification's sections when read, so a change of the program settings needs no rebuild)
    or a size class ("" for none). Kept by `enterprises.supported` alone: when an organization
    starts or stops being supported in a year (`store`) and when a supported organization's
    commune, industry or size changes (`organizations_moving`, around the services that write
    them); rebuilt from `SupportYear` by `supported.rebuild_tally` (`manage.py
    rebuild_support_years`, the aggregates hook). A count falls to 0 rather than being
    deleted; readers skip those rows."""

    class Dimension(models.TextChoices):
        TOTAL = "total", _("Total")
        COMMUNE = "commune", _("Commune / ward")
        INDUSTRY = "industry", _("Industry")
        SIZE = "size", _("Size class")

    year = models.PositiveSmallIntegerField(_("year"))
    dimension = models.CharField(_("dimension"), max_length=10, choices=Dimension.choices)
    key = models.CharField(_("key"), max_length=40, blank=True)
    count = models.IntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("count of organizations supported in a year")
        verbose_name_plural = _("counts of organizations supported in a year")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "dimension", "key"], name="supporttally_year_dimension_key"
            )
        ]

    def __str__(self):
        return f"{self.year} {self.dimension} {self.key}: {self.count}"


class CabStrengthenedYear(models.Model):
    """Pre-aggregated "conformity assessment bodies strengthened" (CAB_STRENGTHENED): one row
    per organization of kind CAB and year in which it got a recorded support activity that is
    capacity building or has a solution of group CAB_CAPACITY (the live rule,
    `enterprises.selectors.cab_strengthening_activities`).

    Kept by `enterprises.cab_strengthened.store`, called by the same writes that keep
    `SupportYear` (`supported.activities_changed`: record, update with its solutions, cancel,
    the ledger import) and by `supported.organizations_moving` when an organization becomes
    or stops being a CAB; rebuilt from the ledger by the aggregates hook. The figure counts
    its distinct organizations over the span; the drill-down lists the live rule."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    year = models.PositiveSmallIntegerField(_("year"))

    class Meta:
        verbose_name = _("conformity assessment body strengthened in a year")
        verbose_name_plural = _("conformity assessment bodies strengthened in a year")
        constraints = [
            models.UniqueConstraint(fields=["year", "organization"], name="cabyear_year_org")
        ]

    def __str__(self):
        return f"{self.organization_id} {self.year}"


class LedgerTally(models.Model):
    """Pre-aggregated support ledger: for each year, kind and status of activity, how many
    activities and the sums of their state budget and own contribution. The ledger's totals
    (`enterprises.ledger_totals`) read it when its filters are only these dimensions, instead
    of summing millions of activities on every view.

    Kept by the services that record, change and cancel activities and by the ledger import,
    through `enterprises.ledger_totals.apply` (never written elsewhere); rebuilt from the
    ledger by `enterprises.ledger_totals.rebuild` (the `aggregates` hook)."""

    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=20, choices=SupportActivity.Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=SupportActivity.Status.choices)
    rows = models.BigIntegerField(_("activities"), default=0)
    state_budget = models.BigIntegerField(_("state budget (VND)"), default=0)
    own_contribution = models.BigIntegerField(_("own contribution (VND)"), default=0)

    class Meta:
        verbose_name = _("support ledger tally")
        verbose_name_plural = _("support ledger tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "kind", "status"], name="ledgertally_year_kind_status"
            )
        ]

    def __str__(self):
        return f"{self.year} {self.kind} {self.status}: {self.rows}"


class OrganizationTally(models.Model):
    """How many organizations the registry holds of each status, kind and size: the registry's
    total (`enterprises.registry_count`) reads it when the list is filtered by nothing else, instead
    of counting a million rows on every view. Kept on every save and delete of an organization
    and by the organization import (`enterprises.registry_count`); rebuilt by its `rebuild`
    (the `aggregates` hook)."""

    status = models.CharField(_("status"), max_length=20, choices=Organization.Status.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Organization.Kind.choices)
    size_class = models.CharField(
        _("size class"), max_length=10, choices=Organization.SizeClass.choices, blank=True
    )
    rows = models.BigIntegerField(_("organizations"), default=0)

    class Meta:
        verbose_name = _("registry tally")
        verbose_name_plural = _("registry tallies")
        constraints = [
            models.UniqueConstraint(
                fields=["status", "kind", "size_class"], name="organizationtally_status_kind_size"
            )
        ]

    def __str__(self):
        return f"{self.status} {self.kind} {self.size_class}: {self.rows}"


class SupportPair(models.Model):
    """Pre-aggregated "which kind of support, which solution group, for whom, when": one row
    per organization, year, source, dimension ("kind" or "solution_group") and key (the kind of
    support, or the solution group) while the live rule of that source counts the pair in that
    year: a recorded activity dated in the year (its kind; the groups of its solutions), or a
    supporting course completed by the organization's people ending in the year (the kind of
    support the course gives; the groups of its solutions) — the pairs
    `enterprises.selectors.supported_breakdown(year, "kind"|"solution_group", other_support=…)`
    counts.

    Kept by `enterprises.support_pairs.store` alone (called with `supported.store` by the same
    writing services), rebuilt set-based by the aggregates hook."""

    class Dimension(models.TextChoices):
        KIND = "kind", _("Kind of support")
        SOLUTION_GROUP = "solution_group", _("Solution group")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=10, choices=SupportYear.Source.choices)
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    key = models.CharField(_("key"), max_length=30)

    class Meta:
        verbose_name = _("kind or solution group of support in a year")
        verbose_name_plural = _("kinds and solution groups of support in a year")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "source", "dimension", "key"],
                name="supportpair_org_year_source_dimension_key",
            )
        ]

    def __str__(self):
        return f"{self.organization_id} {self.year} {self.source} {self.dimension} {self.key}"


class SupportPairTally(models.Model):
    """The distinct organizations of each (year, dimension, key) of `SupportPair`, every source
    together (an organization counts once per kind or group a year): what the breakdowns of
    SUPPORTED_ORGS by kind of support and by solution group read, a dozen rows a year. Kept by
    `enterprises.support_pairs.store` with the pairs; a count falls to 0 rather than being
    deleted."""

    year = models.PositiveSmallIntegerField(_("year"))
    dimension = models.CharField(
        _("dimension"), max_length=20, choices=SupportPair.Dimension.choices
    )
    key = models.CharField(_("key"), max_length=30)
    count = models.IntegerField(_("count"), default=0)

    class Meta:
        verbose_name = _("count of a kind or solution group of support in a year")
        verbose_name_plural = _("counts of kinds and solution groups of support in a year")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "dimension", "key"], name="supportpairtally_year_dimension_key"
            )
        ]

    def __str__(self):
        return f"{self.year} {self.dimension} {self.key}: {self.count}"
