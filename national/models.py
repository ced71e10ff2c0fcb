"""The national program office's register of provincial portals and what was pulled from them.

Each pull is one `Pull` row (the log: started, finished, status, error). A successful pull
replaces the province's `ProvincialFigure` and `ProvincialReport` rows in one transaction, each
row naming the pull that brought it, so what is shown always comes whole from one pull."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.models import TimeStampedModel

province_code_validator = RegexValidator(
    r"^\d{2}$", _("A province code has two digits, e.g. 01 for Hà Nội.")
)


class ProvincialPortal(TimeStampedModel):
    """A province's portal the national office pulls: where it is and the token it issued."""

    name = models.CharField(_("name"), max_length=200)
    province_code = models.CharField(
        _("province code"), max_length=2, unique=True, validators=[province_code_validator]
    )
    base_url = models.URLField(
        _("portal address"),
        max_length=300,
        help_text=_("The address of the provincial portal, e.g. https://nscl.phutho.gov.vn/"),
    )
    # The API token, encrypted (national/crypto.py); never shown back, only its last characters.
    token_encrypted = models.TextField(_("API token (encrypted)"), blank=True)
    token_hint = models.CharField(_("token ends with"), max_length=8, blank=True)
    active = models.BooleanField(
        _("pulled on schedule"),
        default=True,
        help_text=_("Untick to stop pulling this portal; its last figures stay, marked stale."),
    )
    # The province's name and program as its API last said them.
    reported_province_name = models.CharField(
        _("province name reported"), max_length=200, blank=True
    )
    reported_program = models.CharField(_("program reported"), max_length=400, blank=True)
    last_success_at = models.DateTimeField(_("last successful pull"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last pull attempt"), null=True, blank=True)
    last_attempt_failed = models.BooleanField(_("last pull failed"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["province_code"]
        verbose_name = _("provincial portal")
        verbose_name_plural = _("provincial portals")

    def __str__(self) -> str:
        return self.name


class Pull(models.Model):
    """One attempt to pull a provincial portal's API (the pull log)."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("Schedule")
        STAFF = "staff", _("Staff")
        COMMAND = "command", _("Command")

    portal = models.ForeignKey(
        ProvincialPortal, verbose_name=_("portal"), on_delete=models.CASCADE, related_name="pulls"
    )
    base_url = models.URLField(_("pulled from"), max_length=300)
    trigger = models.CharField(
        _("started by"), max_length=10, choices=Trigger.choices, default=Trigger.SCHEDULE
    )
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RUNNING
    )
    error = models.TextField(_("error"), blank=True)
    requests_made = models.PositiveIntegerField(_("requests made"), default=0)
    figures_count = models.PositiveIntegerField(_("figures received"), default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("pull")
        verbose_name_plural = _("pulls")
        indexes = [models.Index(fields=["portal", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.portal} {self.started_at:%Y-%m-%d %H:%M}"


class ProvincialFigure(models.Model):
    """A province's target and actual for one indicator and year, as its API served them."""

    portal = models.ForeignKey(
        ProvincialPortal, verbose_name=_("portal"), on_delete=models.CASCADE, related_name="figures"
    )
    pull = models.ForeignKey(
        Pull, verbose_name=_("pull"), on_delete=models.PROTECT, related_name="figures"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    indicator = models.CharField(_("indicator code"), max_length=40)
    indicator_name = models.CharField(_("indicator"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    counting = models.CharField(_("counting"), max_length=20, blank=True)
    actual = models.DecimalField(
        _("actual"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    target = models.JSONField(_("target"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, blank=True)
    provisional = models.BooleanField(_("provisional"), default=False)
    snapshot_sha256 = models.CharField(_("snapshot SHA-256"), max_length=64, blank=True)

    class Meta:
        ordering = ["portal", "year", "indicator"]
        verbose_name = _("provincial figure")
        verbose_name_plural = _("provincial figures")
        constraints = [
            models.UniqueConstraint(
                fields=["portal", "year", "indicator"], name="national_one_figure_per_year"
            )
        ]
        indexes = [models.Index(fields=["year", "indicator"])]

    def __str__(self) -> str:
        return f"{self.portal.province_code} {self.year} {self.indicator}"


class ProvincialReport(models.Model):
    """An annual report a province published, as its API listed it."""

    portal = models.ForeignKey(
        ProvincialPortal, verbose_name=_("portal"), on_delete=models.CASCADE, related_name="reports"
    )
    pull = models.ForeignKey(
        Pull, verbose_name=_("pull"), on_delete=models.PROTECT, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=20, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    pdf_url = models.URLField(_("PDF"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        ordering = ["portal", "-year", "-version"]
        verbose_name = _("provincial report")
        verbose_name_plural = _("provincial reports")

    def __str__(self) -> str:
        return f"{self.portal.province_code} {self.year} v{self.version}"
