from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AnnualReport, Indicator, ManualActual, Target, TargetRevision, YearClosing


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = (
        "code",
        "name",
        "unit",
        "counting",
        "source",
        "task_group",
        "order",
        "is_active",
    )
    list_filter = ("source", "counting", "task_group", "is_active")
    search_fields = ("code", "name", "name_en")


class TargetRevisionInline(admin.TabularInline):
    model = TargetRevision
    extra = 0
    can_delete = False
    readonly_fields = ("old_terms", "new_terms", "reason", "changed_by", "changed_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    """Read-only here: targets change through the portal, which records each revision."""

    list_display = ("indicator", "phase", "year", "kind", "derived_minimum", "derived_maximum")
    list_filter = ("phase", "kind")
    inlines = [TargetRevisionInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(ManualActual)
class ManualActualAdmin(SimpleHistoryAdmin):
    list_display = ("indicator", "year", "value", "entered_by", "updated_at")
    list_filter = ("indicator", "year")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(YearClosing)
class YearClosingAdmin(SimpleHistoryAdmin):
    list_display = ("year", "status", "submitted_by", "approved_by", "approved_at")
    exclude = ("snapshot",)
    readonly_fields = [f.name for f in YearClosing._meta.fields if f.name != "snapshot"]

    def has_add_permission(self, request):
        return False


@admin.register(AnnualReport)
class AnnualReportAdmin(SimpleHistoryAdmin):
    list_display = ("year", "version", "status", "figures_source", "requested_by", "finished_at")
    list_filter = ("status", "year")
    exclude = ("figures",)
    readonly_fields = [f.name for f in AnnualReport._meta.fields if f.name != "figures"]

    def has_add_permission(self, request):
        return False
