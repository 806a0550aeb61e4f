"""The account menu's entries for one's data and, for administrators, privacy and retention
(core.registry.menu_entries)."""

from django.utils.translation import gettext_lazy as _

from hearth.core.access import is_administrator
from hearth.core.registry import MenuEntry, menu_entries

menu_entries.register("your-data", MenuEntry("privacy:mine", _("My data and exports"), 50))
menu_entries.register(
    "privacy-retention",
    MenuEntry(
        "privacy:overview",
        _("Privacy and retention"),
        40,
        shown=is_administrator,
        section="administration",
    ),
)
