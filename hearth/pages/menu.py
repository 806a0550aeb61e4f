"""The account menu's entries for the sign-in settings and Django's administration
(core.registry.menu_entries)."""

from django.utils.translation import gettext_lazy as _

from hearth.core.access import is_administrator
from hearth.core.registry import MenuEntry, menu_entries

menu_entries.register(
    "password", MenuEntry("account_change_password", _("Password"), 50, section="settings")
)
menu_entries.register(
    "two-factor",
    MenuEntry("mfa_index", _("Two-factor authentication"), 60, section="settings"),
)
menu_entries.register(
    "administration",
    MenuEntry(
        "admin:index",
        _("Django administration"),
        90,
        shown=is_administrator,
        section="administration",
    ),
)
