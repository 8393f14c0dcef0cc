from django.contrib import admin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from .models import Holiday, Organisation, User

# Roles, not Django groups, decide what people may do (accounts/permissions.py).
admin.site.unregister(Group)


class HolidayInline(admin.TabularInline):
    model = Holiday
    verbose_name = _("closure")
    verbose_name_plural = _("closures")
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "countries", "timezone", "first_contact_target_days"]
    search_fields = ["name", "short_name"]
    inlines = [HolidayInline]


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "first_name", "last_name", "role", "organisation", "is_active"]
    list_filter = ["role", "organisation", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    list_select_related = ["organisation"]
    fields = [
        "email",
        "first_name",
        "last_name",
        "role",
        "is_carer",
        "organisation",
        "languages",
        "regions",
        "is_active",
    ]
    ordering = ["email"]
