from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import AccessToken, Department, Location, Person, Tag
from .services import org_recompute


@admin.register(Person)
class PersonAdmin(UserAdmin):
    list_display = (
        "username",
        "display_name",
        "email",
        "title",
        "department",
        "is_leader",
        "is_active",
    )
    list_filter = ("is_active", "is_staff", "is_leader", "department", "country")
    search_fields = ("username", "display_name", "email", "employee_id")
    raw_id_fields = ("manager",)
    readonly_fields = ("org_level", "org_path", "report_count", "is_leader", "deactivated_at")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (
            "Profile",
            {
                "fields": (
                    "employee_id",
                    "display_name",
                    "title",
                    "department",
                    "location",
                    "country",
                    "time_zone",
                    "language",
                    "manager",
                    "hire_date",
                    "bio",
                    "skills",
                    "interests",
                    "avatar",
                )
            },
        ),
        ("Org chart", {"fields": ("leader_override", "is_leader", "org_level", "report_count")}),
    )
    filter_horizontal = ("skills", "interests", "groups", "user_permissions")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # A manager or leader changed by hand moves people in the chart: keep it consistent.
        if {"manager", "leader_override", "is_active"} & set(form.changed_data):
            org_recompute()


admin.site.register(Department)
admin.site.register(Location)
admin.site.register(Tag, search_fields=["name"])


@admin.register(AccessToken)
class AccessTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "person", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "token_hash", "created_at", "last_used_at")
    raw_id_fields = ("person",)
