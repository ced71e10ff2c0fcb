from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import yearlock
from .history import readable_history
from .models import (
    AdministrativeUnit,
    Article,
    CommunicationActivity,
    Phase,
    Policy,
    ProgramSettings,
    User,
    VisitDay,
)
from .services import search_text_refresh, user_deactivate


class SearchTextMixin:
    """Rows edited here keep their accent-insensitive search column up to date."""

    def save_model(self, request, obj, form, change):
        search_text_refresh(obj)
        super().save_model(request, obj, form, change)


ACCOUNTS_ARE_DEACTIVATED = _(
    "Accounts are not deleted: their consent records, memberships and history must be kept. "
    "Untick “active” to deactivate the account instead."
)


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin whose "revert to this version" obeys the rules of a change.

    django-simple-history saves a POST to a version's page whenever the user may *view* the
    history, even where the admin forbids changing the record (a locked year, a read-only
    target): here such a POST is refused unless the current record may be changed.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            current = self.get_object(request, unquote(object_id))
            if current is None or not self.has_change_permission(request, current):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """The history list shows field labels, choice labels and names (portal.history)."""
        records = list(historical_records)
        # The oldest record of the page is compared with the one before it, if there is one.
        older = records[-1].prev_record if records else None
        rows = readable_history([*records, older] if older else records, keep_empty=True)
        by_record = {row.record.pk: row for row in rows}
        for record in records:
            row = by_record.get(record.pk)
            record.history_delta_changes = (
                [{"field": c.field, "old": c.old, "new": c.new} for c in row.changes] if row else []
            )


def _value_at(obj, path: str):
    for name in path.split("__"):
        if obj is None:
            return None
        try:
            obj = getattr(obj, name)
        except ObjectDoesNotExist:  # a relation not chosen yet
            return None
    return obj


class YearLockAdminMixin:
    """Admin of records dated in a year's figures (`year_lock_fields`, paths such as "date"
    or "cycle__year"): a record of a locked year is read-only here and cannot be deleted, and
    a save that would move a record into or out of a locked year is refused with the reason,
    as the services refuse it (`portal.yearlock`)."""

    year_lock_fields: tuple[str, ...] = ()

    def locked_year_of(self, obj) -> int | None:
        if obj is None or obj.pk is None:
            return None
        locked = yearlock.locked_years(_value_at(obj, path) for path in self.year_lock_fields)
        return min(locked) if locked else None

    def has_change_permission(self, request, obj=None):
        if self.locked_year_of(obj) is not None:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self.locked_year_of(obj) is not None:
            return False
        return super().has_delete_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        year = self.locked_year_of(obj)
        if year is not None and request.method == "GET":
            messages.warning(request, yearlock.locked_message(year))
        return super().change_view(request, object_id, form_url, extra_context)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        locked = []
        for obj in objs:
            year = self.locked_year_of(obj)
            if year is not None:
                locked.append(f"{obj}: {yearlock.locked_message(year)}")
        if locked:
            # Say why (the lock), rather than "you may not delete this kind of record".
            perms_needed.discard(str(self.model._meta.verbose_name))
            protected = [*locked, *protected]
        return deleted, counts, perms_needed, protected

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        paths = self.year_lock_fields

        class YearLockedForm(form):
            def clean(self):
                cleaned = super().clean()
                instance = self.instance
                values = []
                if instance.pk is not None:
                    values += list(
                        type(instance)
                        ._default_manager.filter(pk=instance.pk)
                        .values_list(*paths)
                        .first()
                        or ()
                    )
                for path in paths:
                    root, _sep, rest = path.partition("__")
                    value = cleaned[root] if root in cleaned else _value_at(instance, root)
                    values.append(_value_at(value, rest) if rest else value)
                try:
                    yearlock.ensure_year_open(*values)
                except ValidationError as exc:
                    raise ValidationError(exc.messages) from exc
                return cleaned

        return YearLockedForm


@admin.register(User)
class UserAdmin(DjangoUserAdmin, HistoryAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "groups"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name", "phone", "position")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    actions = ["deactivate"]

    # Accounts are deactivated, never deleted: their consent records, memberships, reviews and
    # the history of what they did stay attached to them.
    def has_delete_permission(self, request, obj=None):
        return False

    def delete_view(self, request, object_id, extra_context=None):
        messages.error(request, gettext(ACCOUNTS_ARE_DEACTIVATED))
        return redirect("admin:portal_user_change", object_id)

    @admin.action(description=_("Deactivate the selected accounts"))
    def deactivate(self, request, queryset):
        count = sum(user_deactivate(user=user, by=request.user) for user in queryset)
        self.message_user(
            request, gettext("%(count)s accounts deactivated.") % {"count": count}, messages.SUCCESS
        )


@admin.register(ProgramSettings)
class ProgramSettingsAdmin(HistoryAdmin):
    def has_add_permission(self, request):
        return not ProgramSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "division_type",
        "level",
        "parent",
        "effective_from",
        "effective_to",
    ]
    list_filter = ["level", "division_type"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "start_year", "end_year"]


@admin.register(Article)
class ArticleAdmin(SearchTextMixin, HistoryAdmin):
    list_display = ["title", "category", "status", "published_at"]
    list_filter = ["category", "status"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(CommunicationActivity)
class CommunicationActivityAdmin(YearLockAdminMixin, SearchTextMixin, HistoryAdmin):
    year_lock_fields = ("date",)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "channel", "date", "people_reached", "organizations_reached"]
    list_filter = ["channel"]
    date_hierarchy = "date"


@admin.register(Policy)
class PolicyAdmin(SearchTextMixin, HistoryAdmin):
    list_display = ["title", "status", "decision_number", "decision_date"]
    list_filter = ["status"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(VisitDay)
class VisitDayAdmin(admin.ModelAdmin):
    list_display = ["date", "visits"]
