from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.cache import cache
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

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
from .services import search_text_refresh


class SearchTextMixin:
    """Rows edited here keep their accent-insensitive search column up to date."""

    def save_model(self, request, obj, form, change):
        search_text_refresh(obj)
        super().save_model(request, obj, form, change)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
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


@admin.register(ProgramSettings)
class ProgramSettingsAdmin(SimpleHistoryAdmin):
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Page headers read a cached copy of the settings.
        transaction.on_commit(lambda: cache.delete(ProgramSettings.CACHE_KEY))

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
class ArticleAdmin(SearchTextMixin, SimpleHistoryAdmin):
    list_display = ["title", "category", "status", "published_at"]
    list_filter = ["category", "status"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(CommunicationActivity)
class CommunicationActivityAdmin(SearchTextMixin, SimpleHistoryAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "channel", "date", "people_reached", "organizations_reached"]
    list_filter = ["channel"]
    date_hierarchy = "date"


@admin.register(Policy)
class PolicyAdmin(SearchTextMixin, SimpleHistoryAdmin):
    list_display = ["title", "status", "decision_number", "decision_date"]
    list_filter = ["status"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(VisitDay)
class VisitDayAdmin(admin.ModelAdmin):
    list_display = ["date", "visits"]
