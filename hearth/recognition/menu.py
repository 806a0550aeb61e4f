"""The account menu's entries for one's impact, leaderboards, the wall and point rules
(core.registry.menu_entries)."""

from django.utils.translation import gettext_lazy as _

from hearth.core.access import is_administrator
from hearth.core.registry import MenuEntry, menu_entries

menu_entries.register("my-impact", MenuEntry("recognition:impact", _("My impact"), 10))
menu_entries.register(
    "recognition-wall",
    MenuEntry("recognition:praise", _("Recognition wall"), 20, section="company"),
)
menu_entries.register(
    "leaderboards",
    MenuEntry("recognition:leaderboards", _("Leaderboards"), 30, section="company"),
)
menu_entries.register(
    "point-rules",
    MenuEntry(
        "recognition:rules",
        _("Point rules"),
        50,
        shown=is_administrator,
        section="administration",
    ),
)
