"""API tokens that program staff issue to named clients (the national program office, a
statistics office), and the log of every request made with one.

A token is shown once when it is issued; only its lookup prefix and the SHA-256 of the whole
token are stored. The API sits on top of the other apps: nothing imports from here.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import TimeStampedModel
from portal.validators import FreeTextField


class Scope(models.TextChoices):
    """What a token opens beyond the public part (the closed years' aggregates)."""

    PROVISIONAL = "provisional", _("Provisional figures and breakdowns of open years")
    REPORTS = "reports", _("Annual report PDF files")


class ApiToken(TimeStampedModel):
    client_name = models.CharField(_("client"), max_length=200)
    note = FreeTextField(_("note"), blank=True)
    prefix = models.CharField(_("lookup prefix"), max_length=16, unique=True)
    token_hash = models.CharField(_("token hash (SHA-256)"), max_length=64, unique=True)
    scopes = models.JSONField(_("scopes"), default=list)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    use_count = models.PositiveIntegerField(_("requests"), default=0)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.client_name} ({self.prefix})"

    class State(models.TextChoices):
        ACTIVE = "active", _("Active")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.ACTIVE

    def get_state_display(self) -> str:
        return str(self.State(self.state).label)

    @property
    def scope_labels(self) -> list[str]:
        labels = dict(Scope.choices)
        return [str(labels.get(scope, scope)) for scope in self.scopes]

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


class ApiTokenUse(models.Model):
    """One request made with a token: when, what, from where, and the answer's status."""

    token = models.ForeignKey(
        ApiToken, on_delete=models.CASCADE, related_name="uses", verbose_name=_("token")
    )
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=300)
    status_code = models.PositiveSmallIntegerField(_("status"))
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token use")
        verbose_name_plural = _("API token uses")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["token", "-at"], name="api_token_use_token_at")]

    def __str__(self):
        return f"{self.token.prefix} {self.method} {self.path} {self.status_code}"
