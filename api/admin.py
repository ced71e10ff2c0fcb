from django.contrib import admin

from .models import ApiToken, ApiTokenUse


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only: tokens are issued and revoked on the staff page (api.services)."""

    list_display = (
        "client_name",
        "prefix",
        "expires_at",
        "revoked_at",
        "last_used_at",
        "use_count",
    )
    search_fields = ("client_name", "prefix")
    readonly_fields = [field.name for field in ApiToken._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ApiTokenUse)
class ApiTokenUseAdmin(admin.ModelAdmin):
    list_display = ("token", "at", "method", "path", "status_code", "ip_address")
    list_filter = ("status_code",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
