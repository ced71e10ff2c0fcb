"""Django admin for superusers; the staff work in the portal's own pages."""

from django.contrib import admin
from django.db import transaction

from portal.admin import HistoryAdmin, YearLockAdminMixin

from . import cab_strengthened, ledger_totals, support_pairs, supported
from .models import (
    ConsentRecord,
    IndustryConcordance,
    Membership,
    Organization,
    OrganizationChangeRequest,
    PilotModel,
    ReviewDecision,
    SharingEvent,
    Solution,
    SupportActivity,
    SupportEvidence,
    SupportRequest,
)


@admin.register(Organization)
class OrganizationAdmin(HistoryAdmin):
    list_display = ["name", "tax_code", "kind", "status", "size_class", "industry_section"]
    list_filter = ["status", "kind", "size_class"]
    search_fields = ["search_text", "tax_code"]
    raw_id_fields = ["commune", "decided_by"]
    readonly_fields = ["search_text", "industry_section", "size_class"]

    def save_model(self, request, obj, form, change):
        # A new commune or industry code moves a supported organization in the year's counts.
        with supported.organizations_moving([obj.pk] if change else []):
            super().save_model(request, obj, form, change)


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["user", "organization", "role", "status"]
    list_filter = ["status", "role"]
    raw_id_fields = ["user", "organization", "decided_by"]


@admin.register(Solution)
class SolutionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "group", "is_active", "order"]
    list_filter = ["group", "is_active"]

    def save_model(self, request, obj, form, change):
        # A new group may make its activities strengthen CABs, or no longer.
        with transaction.atomic():
            stored = Solution.objects.filter(pk=obj.pk).values_list("group", flat=True).first()
            super().save_model(request, obj, form, change)
            cab_strengthened.solution_regrouped(obj.pk, stored if change else None, obj.group)
            support_pairs.solution_regrouped(obj.pk, stored if change else None, obj.group)


@admin.register(SupportActivity)
class SupportActivityAdmin(YearLockAdminMixin, HistoryAdmin):
    year_lock_fields = ("date",)
    list_display = ["title", "organization", "date", "kind", "status"]
    list_filter = ["status", "kind"]
    date_hierarchy = "date"
    raw_id_fields = ["organization", "request", "recorded_by"]

    # A superuser's edit here passes the services by: the ledger's kept totals and the kept
    # organizations supported each year (SupportYear, its tallies, the CABs strengthened)
    # follow it, for the organization and date before the edit and after it.
    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = ledger_totals.stored(obj.pk) if change else None
            previous = _where(SupportActivity.objects.filter(pk=obj.pk)) if change else []
            super().save_model(request, obj, form, change)
            ledger_totals.changed(before, obj)
            _activities_moved([*previous, (obj.organization_id, obj.date)])

    def save_related(self, request, form, formsets, change):
        # The form's solutions are saved here, after `save_model`: the kept solution groups
        # of the organization's support (SupportPair) follow them.
        with transaction.atomic():
            super().save_related(request, form, formsets, change)
            activity = form.instance
            supported.activities_changed([activity.organization_id], [activity.date])

    def delete_model(self, request, obj):
        with transaction.atomic():
            before = ledger_totals.stored(obj.pk)
            previous = _where(SupportActivity.objects.filter(pk=obj.pk))
            super().delete_model(request, obj)
            ledger_totals.apply(removed=[before] if before else [])
            _activities_moved(previous)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            removed = list(queryset.select_for_update().values(*ledger_totals.VALUES))
            previous = _where(queryset)
            super().delete_queryset(request, queryset)
            ledger_totals.apply(removed=removed)
            _activities_moved(previous)


def _where(activities) -> list[tuple[int, object]]:
    """The (organization, date) of each activity, as stored."""
    return list(activities.order_by().values_list("organization_id", "date"))


def _activities_moved(places) -> None:
    if places:
        organization_ids, dates = zip(*places, strict=True)
        supported.activities_changed(set(organization_ids), set(dates))


@admin.register(PilotModel)
class PilotModelAdmin(YearLockAdminMixin, HistoryAdmin):
    year_lock_fields = ("selected_on", "implementation_started_on", "evaluated_on", "recognized_on")
    list_display = ["title", "organization", "status", "selected_on"]
    raw_id_fields = ["organization"]


admin.site.register(SupportRequest, HistoryAdmin)
admin.site.register(OrganizationChangeRequest, HistoryAdmin)
admin.site.register([SupportEvidence, SharingEvent, ReviewDecision, ConsentRecord])


@admin.register(IndustryConcordance)
class IndustryConcordanceAdmin(HistoryAdmin):
    """The VSIC 2018 ↔ VSIC 2025 concordance (reference data loaded from
    enterprises/data/vsic_concordance.csv); corrections take effect in every breakdown at once."""

    list_display = [
        "source_version",
        "source_code",
        "target_version",
        "target_section",
        "target_code",
        "exact",
    ]
    list_filter = ["source_version", "target_section", "exact"]
    search_fields = ["source_code", "target_code", "note"]
    readonly_fields = ["source_version", "source_code", "target_version"]

    def save_model(self, request, obj, form, change):
        # Through the service, which checks the row and records who changed it.
        from .services import industry_concordance_update

        if change:
            industry_concordance_update(
                row=obj,
                by=request.user,
                **{field: form.cleaned_data[field] for field in form.changed_data},
            )
        else:
            super().save_model(request, obj, form, change)
