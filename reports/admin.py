from django.contrib import admin
from django.core.exceptions import ValidationError

from portal.admin import HistoryAdmin

from .models import AnnualReport, Indicator, ManualActual, Target, TargetRevision, YearClosing
from .services import ensure_year_open


@admin.register(Indicator)
class IndicatorAdmin(HistoryAdmin):
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
class TargetAdmin(HistoryAdmin):
    """Read-only here: targets change through the portal, which records each revision."""

    list_display = ("indicator", "phase", "year", "kind", "derived_minimum", "derived_maximum")
    list_filter = ("phase", "kind")
    inlines = [TargetRevisionInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return _year_open(obj) and super().has_delete_permission(request, obj)


def _year_open(obj) -> bool:
    """Figures of a submitted or locked year do not change, in the admin either."""
    if obj is None or obj.year is None:
        return True
    try:
        ensure_year_open(obj.year)
    except ValidationError:
        return False
    return True


@admin.register(ManualActual)
class ManualActualAdmin(HistoryAdmin):
    list_display = ("indicator", "year", "value", "entered_by", "updated_at")
    list_filter = ("indicator", "year")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return _year_open(obj) and super().has_delete_permission(request, obj)


@admin.register(YearClosing)
class YearClosingAdmin(HistoryAdmin):
    list_display = ("year", "status", "submitted_by", "approved_by", "approved_at")
    exclude = ("snapshot",)
    readonly_fields = [f.name for f in YearClosing._meta.fields if f.name != "snapshot"]

    # A year is submitted, approved, returned and unlocked in the portal, where each step is
    # checked and logged with its reason; here it is only read, never changed or deleted
    # (deleting it would reopen the year and erase its log).
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AnnualReport)
class AnnualReportAdmin(HistoryAdmin):
    list_display = ("year", "version", "status", "figures_source", "requested_by", "finished_at")
    list_filter = ("status", "year")
    exclude = ("figures",)
    readonly_fields = [f.name for f in AnnualReport._meta.fields if f.name != "figures"]

    def has_add_permission(self, request):
        return False
