"""The account menu's entries for expert requests, people to meet and, for those who moderate, the
facilitation queue (core.registry.menu_entries)."""

from django.utils.translation import gettext_lazy as _

from hearth.core.registry import MenuEntry, menu_entries
from hearth.moderation.selectors import is_moderator

menu_entries.register(
    "expert-requests", MenuEntry("facilitation:preferences", _("Expert requests"), 50)
)
menu_entries.register("people-to-meet", MenuEntry("facilitation:meet", _("People to meet"), 80))
menu_entries.register(
    "facilitation", MenuEntry("facilitation:queue", _("Facilitation"), 140, shown=is_moderator)
)
