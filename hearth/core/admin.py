from typing import TYPE_CHECKING

from django.contrib import admin
from django.http import HttpRequest

from .models import Event, EventCursor

if TYPE_CHECKING:  # generic for the type checker only (ModelAdmin is not subscriptable at run time)
    EventModelAdmin = admin.ModelAdmin[Event]
else:
    EventModelAdmin = admin.ModelAdmin


@admin.register(Event)
class EventAdmin(EventModelAdmin):
    list_display = ("id", "verb", "actor", "object_type", "object_id", "created_at")
    list_filter = ("verb",)
    raw_id_fields = ("actor",)

    def has_change_permission(self, request: HttpRequest, obj: Event | None = None) -> bool:
        return False  # the log is append-only

    def has_delete_permission(self, request: HttpRequest, obj: Event | None = None) -> bool:
        return False


admin.site.register(EventCursor)
