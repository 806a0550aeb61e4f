"""The account menu's entries for the leadership corner and drafting for leaders
(core.registry.menu_entries)."""

from django.utils.translation import gettext_lazy as _

from hearth.core.registry import MenuEntry, menu_entries

menu_entries.register(
    "leadership-corner", MenuEntry("leadership:corner", _("Leadership corner"), 90)
)
menu_entries.register(
    "drafting", MenuEntry("leadership:delegation", _("Drafting for leaders"), 130)
)
