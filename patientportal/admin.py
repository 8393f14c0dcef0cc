from django.contrib import admin

from .models import AccessEvent, AuthEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    """Audit rows are append-only (the database refuses changes): view them, never edit."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "user_id", "action", "object_type", "object_id", "path"]
    list_filter = ["action", "object_type"]
    date_hierarchy = "at"


@admin.register(AuthEvent)
class AuthEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "kind", "user_id", "ip_address", "detail"]
    list_filter = ["kind"]
    date_hierarchy = "at"
