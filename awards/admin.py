"""Read-mostly admin for superusers; staff work through the portal's own pages and services."""

from django.contrib import admin

from portal.admin import HistoryAdmin, YearLockAdminMixin

from .models import (
    AwardCycle,
    AwardLevel,
    Criterion,
    Nomination,
    NominationDocument,
    Reminder,
    Review,
    Score,
)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


class AwardLevelInline(admin.TabularInline):
    model = AwardLevel
    extra = 0


@admin.register(AwardCycle)
class AwardCycleAdmin(HistoryAdmin):
    list_display = ["year", "name", "registration_opens", "registration_closes", "dossier_deadline"]
    inlines = [CriterionInline, AwardLevelInline]


class DocumentInline(admin.TabularInline):
    model = NominationDocument
    extra = 0
    fields = ["kind", "original_name", "content_type", "size", "uploaded_by", "created_at"]
    readonly_fields = ("kind", "original_name", "content_type", "size", "uploaded_by", "created_at")


@admin.register(Nomination)
class NominationAdmin(YearLockAdminMixin, HistoryAdmin):
    year_lock_fields = ("cycle__year",)
    list_display = ["organization", "cycle", "category", "status", "level"]
    list_filter = ["cycle", "status", "category"]
    search_fields = ["organization__name", "organization__tax_code"]
    raw_id_fields = ["organization"]
    inlines = [DocumentInline]


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0


@admin.register(Review)
class ReviewAdmin(HistoryAdmin):
    list_display = ["nomination", "reviewer", "status", "total_points", "submitted_at"]
    list_filter = ["status", "nomination__cycle"]
    inlines = [ScoreInline]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["cycle", "kind", "days_before", "recipient", "deadline", "sent_at"]
    list_filter = ["kind", "cycle"]
