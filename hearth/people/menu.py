"""The account menu's entries for one's profile and tokens, and the HR import
(core.registry.menu_entries)."""

from django.utils.translation import gettext_lazy as _

from hearth.core.access import is_administrator
from hearth.core.registry import MenuEntry, menu_entries

menu_entries.register(
    "edit-profile", MenuEntry("people:edit", _("Edit profile"), 10, section="settings")
)
menu_entries.register(
    "api-tokens", MenuEntry("people:tokens", _("API tokens"), 70, section="settings")
)
menu_entries.register(
    "connected-apps", MenuEntry("people:apps", _("Connected apps"), 80, section="settings")
)
menu_entries.register(
    "import-org-chart",
    MenuEntry(
        "people:import",
        _("Import org chart"),
        10,
        shown=is_administrator,
        section="administration",
    ),
)
