"""The account menu's entry for what became of everyone's ideas (core.registry.menu_entries)."""

from django.utils.translation import gettext_lazy as _

from hearth.core.registry import MenuEntry, menu_entries

menu_entries.register(
    "ideas",
    MenuEntry("ideas:list", _("Ideas: you said, we did"), 15, section="company"),
)
