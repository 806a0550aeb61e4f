from allauth.socialaccount import admin as socialaccount_admin  # registers it first
from allauth.socialaccount.models import SocialApp
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from . import saml
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


class SocialAppForm(socialaccount_admin.SocialAppForm):
    """allauth's single sign-on application form; a SAML provider's pasted metadata must
    describe a provider Hearth can sign in with before it is saved."""

    def clean(self):
        cleaned = super().clean()
        configured = cleaned.get("settings")
        idp = configured.get("idp") if isinstance(configured, dict) else None
        if cleaned.get("provider") == "saml" and isinstance(idp, dict) and idp.get("metadata_xml"):
            try:
                saml.metadata_settings(str(idp["metadata_xml"]), idp.get("entity_id"))
            except saml.MetadataError as error:
                self.add_error("settings", forms.ValidationError(str(error)))
        return cleaned


admin.site.unregister(SocialApp)


@admin.register(SocialApp)
class SocialAppAdmin(socialaccount_admin.SocialAppAdmin):
    form = SocialAppForm
