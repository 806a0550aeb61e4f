"""The account menu's entries for expert requests, people to meet and, for those who lead a
community, the facilitation queue (core.registry.menu_entries)."""

from django.utils.translation import gettext_lazy as _

from hearth.core.registry import MenuEntry, menu_entries

from .access import may_facilitate

menu_entries.register(
    "expert-requests",
    MenuEntry("facilitation:preferences", _("Expert requests"), 30, section="settings"),
)
menu_entries.register(
    "people-to-meet", MenuEntry("facilitation:meet", _("People to meet"), 40, section="company")
)
menu_entries.register(
    "facilitation",
    MenuEntry(
        "facilitation:queue",
        _("Facilitation queue"),
        10,
        shown=may_facilitate,
        section="facilitation",
    ),
)
