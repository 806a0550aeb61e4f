"""The account menu's entry for email settings (core.registry.menu_entries)."""

from django.utils.translation import gettext_lazy as _

from hearth.core.registry import MenuEntry, menu_entries

menu_entries.register(
    "email-settings",
    MenuEntry("notifications:preferences", _("Email settings"), 20, section="settings"),
)
