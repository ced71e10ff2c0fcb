"""Django admin for superusers; staff work through the portal's own pages (and services)."""

from django.contrib import admin

from portal.admin import HistoryAdmin, YearLockAdminMixin

from .models import (
    Consultant,
    Contract,
    ContractDocument,
    ContractLogEntry,
    Course,
    Enrollment,
    Expert,
    ExpertAssignment,
)


@admin.register(Course)
class CourseAdmin(YearLockAdminMixin, HistoryAdmin):
    year_lock_fields = ("ends_on",)
    list_display = ["code", "title", "kind", "starts_on", "capacity", "status"]
    list_filter = ["kind", "status"]
    search_fields = ["code", "title"]


@admin.register(Enrollment)
class EnrollmentAdmin(YearLockAdminMixin, HistoryAdmin):
    year_lock_fields = ("course__ends_on",)
    list_display = ["full_name", "email", "course", "status", "certificate_number"]
    list_filter = ["status", "course__kind"]
    search_fields = ["full_name", "email", "certificate_number", "verification_code"]
    raw_id_fields = ["course", "organization", "user"]


@admin.register(Expert)
class ExpertAdmin(HistoryAdmin):
    list_display = ["full_name", "email", "source", "is_active"]
    search_fields = ["full_name", "email"]


@admin.register(ExpertAssignment)
class ExpertAssignmentAdmin(HistoryAdmin):
    list_display = ["expert", "role", "date", "course", "support_activity"]


@admin.register(Consultant)
class ConsultantAdmin(HistoryAdmin):
    list_display = ["name", "tax_code"]
    search_fields = ["name", "tax_code"]


class LogInline(admin.TabularInline):
    model = ContractLogEntry
    extra = 0


class DocumentInline(admin.TabularInline):
    model = ContractDocument
    extra = 0


@admin.register(Contract)
class ContractAdmin(YearLockAdminMixin, HistoryAdmin):
    year_lock_fields = ("signed_on", "accepted_on", "settled_on", "terminated_on")
    list_display = ["contract_number", "title", "consultant", "value", "status"]
    list_filter = ["status", "selection_method"]
    search_fields = ["title", "contract_number", "decision_number"]
    inlines = [LogInline, DocumentInline]
