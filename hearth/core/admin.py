from django.contrib import admin

from .models import Event, EventCursor


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("id", "verb", "actor", "object_type", "object_id", "created_at")
    list_filter = ("verb",)
    raw_id_fields = ("actor",)

    def has_change_permission(self, request, obj=None):
        return False  # the log is append-only

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(EventCursor)
