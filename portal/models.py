"""Core models: users and roles, program settings, administrative units, phases and the
public communication records (articles, communication activities, policies)."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .transitions import Move, Workflow
from .validators import FreeTextField, document_date, program_date, validate_name


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class PrivateDocument(TimeStampedModel):
    """An uploaded private document (support evidence, contract documents, dossier files):
    what it was called, what it really is (`portal.uploads.validate_document`), how large, who
    uploaded it. Each concrete model adds its `file` (with its own folder), its owner and its
    kinds; `portal.uploads.private_document_store` stores one, `private_download` serves it."""

    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("content type"), max_length=120, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    description = models.CharField(_("description"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name or self.file.name.rsplit("/", 1)[-1]


class Role(models.TextChoices):
    """Roles are auth Groups with these stable names (created by a data migration)."""

    PROGRAM_STAFF = "program_staff", _("Program staff")
    OFFICIAL = "official", _("Official")
    ENTERPRISE = "enterprise", _("Enterprise representative")
    COUNCIL_MEMBER = "council_member", _("Award council member")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractUser):
    """A person who signs in with an e-mail address; what they may do comes from their Groups."""

    username = None  # type: ignore[assignment]  # signs in with the e-mail address instead
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(
        _("full name"), max_length=200, blank=True, validators=[validate_name]
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()  # type: ignore[assignment,misc]  # e-mail, not username, first

    # Who had which account, roles and permissions when: accounts are deactivated, never
    # deleted; role changes (groups) and permissions are kept with each version.
    history = HistoricalRecords(
        excluded_fields=["password", "last_login"], m2m_fields=["groups", "user_permissions"]
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[-1] if self.full_name else self.email

    def has_role(self, role: str) -> bool:
        # Group names are cached on the instance: navigation asks several times per page.
        if not hasattr(self, "_role_names"):
            self._role_names = set(self.groups.values_list("name", flat=True))
        return role in self._role_names

    @property
    def is_program_staff(self) -> bool:
        return self.is_active and (self.is_superuser or self.has_role(Role.PROGRAM_STAFF))

    @property
    def is_official(self) -> bool:
        return self.is_active and self.has_role(Role.OFFICIAL)

    @property
    def is_enterprise_user(self) -> bool:
        return self.is_active and self.has_role(Role.ENTERPRISE)

    @property
    def is_council_member(self) -> bool:
        return self.is_active and self.has_role(Role.COUNCIL_MEMBER)


class IndustryClassification(models.TextChoices):
    """The versions of the Vietnam Standard Industrial Classification an industry code can be in
    (the organizations' codes in `enterprises`, the version breakdowns use here)."""

    VSIC_2018 = "vsic2018", _("VSIC 2018 (Decision 27/2018/QĐ-TTg)")
    VSIC_2025 = "vsic2025", _("VSIC 2025 (Decision 36/2025/QĐ-TTg)")


class ProgramSettings(TimeStampedModel):
    """The one row that says which province runs this portal and under which plan."""

    province_name = models.CharField(_("province"), max_length=200, default="Tỉnh Phú Thọ")
    province_code = models.CharField(_("province code"), max_length=10, blank=True)
    agency_name = models.CharField(
        _("implementing agency"), max_length=200, default="Sở Khoa học và Công nghệ"
    )
    people_committee_name = models.CharField(
        _("people's committee"), max_length=200, default="Ủy ban nhân dân tỉnh Phú Thọ"
    )
    agency_address = models.CharField(_("agency address"), max_length=300, blank=True)
    agency_phone = models.CharField(_("agency phone"), max_length=50, blank=True)
    agency_email = models.EmailField(_("agency e-mail"), blank=True)
    plan_number = models.CharField(_("plan number"), max_length=50, default="45/KH-UBND")
    plan_date = models.DateField(_("plan date"), null=True, blank=True, validators=[program_date])
    plan_title = models.CharField(
        _("plan title"),
        max_length=400,
        default=(
            "Kế hoạch thực hiện Chương trình quốc gia hỗ trợ doanh nghiệp nâng cao năng suất "
            "và chất lượng sản phẩm, hàng hóa giai đoạn 2021 – 2030"
        ),
    )
    ministry_report_deadline = models.CharField(
        _("reporting deadline to the Ministry"),
        max_length=100,
        default="15/12",
        help_text=_("Day and month each year, e.g. 15/12."),
    )
    report_signer_name = models.CharField(_("report signer"), max_length=200, blank=True)
    report_signer_title = models.CharField(
        _("report signer's title"), max_length=200, default="GIÁM ĐỐC"
    )
    industry_classification = models.CharField(
        _("industry classification of breakdowns"),
        max_length=10,
        choices=IndustryClassification.choices,
        default=IndustryClassification.VSIC_2025,
        help_text=_(
            "Every count by industry (registry filter, dashboard, annual report) uses this "
            "version; codes of the other version are converted through the concordance."
        ),
    )
    # The figures of the year before the plan (2020), which the portal keeps no records of:
    # the base of the plan's first growth targets.
    baseline_supported_organizations = models.PositiveIntegerField(
        _("organizations supported in the year before the plan (2020)"),
        null=True,
        blank=True,
        help_text=_(
            "The base of the 2021 target for organizations supported (growing 5 to 10 percent a year); "
            "the later years grow on the previous year's actual."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("program settings")
        verbose_name_plural = _("program settings")

    def __str__(self):
        return f"{self.agency_name} — {self.province_name}"

    CACHE_KEY = "portal:program-settings"

    @classmethod
    def load(cls) -> "ProgramSettings":
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj

    @classmethod
    def load_cached(cls) -> "ProgramSettings":
        """The settings row for page headers, without a query on every page view: kept with
        the "program" area's version (portal.areas), so any write to the row replaces it."""
        from django.core.cache import cache

        from . import fragments

        entry = fragments.request_cached(cls.CACHE_KEY)
        current = fragments.version("program")
        if isinstance(entry, tuple) and entry[0] == current:
            return entry[1]
        obj = cls.load()
        cache.set(cls.CACHE_KEY, (current, obj), fragments.timeout())
        return obj


class AdministrativeUnit(models.Model):
    """A province or a commune/ward of the two-level system in force since 1/7/2025.

    Units keep being merged and renamed, so each carries the dates it is in force; a unit
    that stops existing keeps its row (records still point at it) with `effective_to` set.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        COMMUNE = "commune", _("Commune / ward")

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=200)
    division_type = models.CharField(_("type"), max_length=40)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("province"),
    )
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    source = models.CharField(_("source dataset"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "parent"])]

    def __str__(self):
        return self.name

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.effective_from <= today and (
            self.effective_to is None or self.effective_to >= today
        )


class Phase(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["start_year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="phase_end_after_start",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)

    def contains(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class Article(TimeStampedModel):
    """News, guidance and policy posts on the public site (thông tin, tuyên truyền)."""

    class Category(models.TextChoices):
        NEWS = "news", _("News")
        GUIDANCE = "guidance", _("Guidance")
        POLICY = "policy", _("Policy")
        ANNOUNCEMENT = "announcement", _("Announcement")

    title = models.CharField(_("title"), max_length=300, validators=[validate_name])
    slug = models.SlugField(_("slug"), max_length=320, unique=True, allow_unicode=False)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.NEWS
    )
    summary = FreeTextField(_("summary"), max_length=1000, blank=True)
    body = FreeTextField(_("body"), cap=200_000)
    author_name = models.CharField(
        _("author"), max_length=200, blank=True, validators=[validate_name]
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )

    # draft → published ⇄ archived (withdrawn from the public site, publishable again).
    WORKFLOW = Workflow(
        "status",
        Move(
            "publish",
            PublicationStatus.DRAFT,
            PublicationStatus.ARCHIVED,
            to=PublicationStatus.PUBLISHED,
            refused=_("This article is already published."),
        ),
        Move(
            "archive",
            PublicationStatus.PUBLISHED,
            to=PublicationStatus.ARCHIVED,
            refused=_("Only a published article can be withdrawn."),
        ),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    # Title, summary and body without diacritics, lower-case: accent-insensitive search.
    search_text = models.TextField(editable=False, blank=True, default="")

    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self):
        return self.title

    def clean(self):
        if self.status == PublicationStatus.PUBLISHED and not self.published_at:
            raise ValidationError({"published_at": _("A published article needs a date.")})


class CommunicationActivity(TimeStampedModel):
    """Press, radio/TV, seminars, leaflets: the plan's communication task group, with reach."""

    class Channel(models.TextChoices):
        PRESS = "press", _("Press article")
        RADIO_TV = "radio_tv", _("Radio / television")
        SEMINAR = "seminar", _("Seminar / conference")
        LEAFLET = "leaflet", _("Leaflets / publications")
        ONLINE = "online", _("Website / social media")
        OTHER = "other", _("Other")

    title = models.CharField(_("title"), max_length=300, validators=[validate_name])
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    date = models.DateField(_("date"), validators=[program_date])
    partner = models.CharField(_("partner / outlet"), max_length=200, blank=True)
    description = FreeTextField(_("description"), blank=True)
    people_reached = models.PositiveIntegerField(_("people reached"), default=0)
    organizations_reached = models.PositiveIntegerField(_("organizations reached"), default=0)
    cost = models.PositiveBigIntegerField(_("cost (VND)"), default=0)
    link = models.URLField(_("link"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PublicationStatus.choices,
        default=PublicationStatus.PUBLISHED,
    )
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    search_text = models.TextField(editable=False, blank=True, default="")

    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("communication activity")
        verbose_name_plural = _("communication activities")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["date"])]

    def __str__(self):
        return self.title


def policy_decision_upload_to(instance, filename):
    # Served only through the policy page's download (portal.uploads.private_download), which
    # checks the reader may see the policy.
    return f"policies/{uuid.uuid4().hex}/{filename}"


class Policy(TimeStampedModel):
    """A support policy the province researched, proposed or issued (chính sách khuyến khích)."""

    class Status(models.TextChoices):
        RESEARCHING = "researching", _("Being researched")
        PROPOSED = "proposed", _("Proposed")
        ISSUED = "issued", _("Issued")
        EXPIRED = "expired", _("No longer in force")

    title = models.CharField(_("title"), max_length=300, validators=[validate_name])
    slug = models.SlugField(_("slug"), max_length=320, unique=True)
    summary = FreeTextField(_("summary"), blank=True)
    body = FreeTextField(_("content"), cap=200_000, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)

    # researching → proposed → issued → expired; research and proposal may go back and forth,
    # an issued policy only expires. Each move may also keep the status it has (an edit).
    WORKFLOW = Workflow(
        "status",
        Move(
            "research",
            Status.RESEARCHING,
            Status.PROPOSED,
            to=Status.RESEARCHING,
            refused=_("A policy cannot take this status from its current one."),
        ),
        Move(
            "propose",
            Status.RESEARCHING,
            Status.PROPOSED,
            to=Status.PROPOSED,
            refused=_("A policy cannot take this status from its current one."),
        ),
        Move(
            "issue",
            Status.RESEARCHING,
            Status.PROPOSED,
            Status.ISSUED,
            to=Status.ISSUED,
            refused=_("A policy cannot take this status from its current one."),
        ),
        Move(
            "expire",
            Status.ISSUED,
            Status.EXPIRED,
            to=Status.EXPIRED,
            refused=_("A policy cannot take this status from its current one."),
        ),
    )
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(
        _("decision date"), null=True, blank=True, validators=[document_date]
    )
    issuing_body = models.CharField(_("issuing body"), max_length=200, blank=True)
    effective_from = models.DateField(
        _("effective from"), null=True, blank=True, validators=[document_date]
    )
    effective_to = models.DateField(
        _("in force until"), null=True, blank=True, validators=[document_date]
    )
    is_public = models.BooleanField(_("shown on the public site"), default=True)
    decision_file = models.FileField(
        _("decision document (PDF)"),
        upload_to=policy_decision_upload_to,
        max_length=300,
        blank=True,
    )
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    search_text = models.TextField(editable=False, blank=True, default="")

    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        ordering = ["-decision_date", "-created_at"]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.status in (self.Status.ISSUED, self.Status.EXPIRED) and not self.decision_number:
            errors["decision_number"] = _("An issued policy needs its decision number.")
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            errors["effective_to"] = _("The end date cannot be before the date it takes effect.")
        if self.decision_date and self.decision_date > timezone.localdate():
            errors["decision_date"] = _("The decision date cannot be in the future.")
        if errors:
            raise ValidationError(errors)


class VisitDay(models.Model):
    """Visits per day, flushed from cache counters by a periodic task (no write per view)."""

    date = models.DateField(_("date"), unique=True)
    visits = models.PositiveBigIntegerField(_("visits"), default=0)

    class Meta:
        verbose_name = _("visits per day")
        verbose_name_plural = _("visits per day")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date}: {self.visits}"


class CacheRepair(models.Model):
    """A cache key whose write (a set, a delete, a counter) Redis could not take during an
    outage: the copy Redis still holds is out of date (a signed-out session, an old
    generation). Kept in the database so that whichever process reaches Redis first after the
    outage deletes these keys before anything reads them (`portal.cache`)."""

    key = models.CharField(_("cache key"), max_length=300, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("cache key to repair")
        verbose_name_plural = _("cache keys to repair")

    def __str__(self):
        return self.key


def export_upload_to(instance, filename):
    return f"exports/{instance.created_at:%Y/%m}/{instance.pk}-{filename}"


class ExportJob(models.Model):
    """An Excel export of a staff list, written by a Celery task (`portal.exports`): the list,
    its filters and order as the address's query, its progress, and the file in the private
    storage, served only to the person who asked for it."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being written")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="export_jobs",
        verbose_name=_("requested by"),
    )
    list_name = models.CharField(_("list"), max_length=60)
    query = models.TextField(_("filters and order"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in all"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=export_upload_to, max_length=300, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.list_name} #{self.pk}"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, self.rows_done * 100 // self.rows_total)
