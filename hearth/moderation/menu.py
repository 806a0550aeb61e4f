"""The account menu's entries for one's reports, the moderation queue and identity reveals
(core.registry.menu_entries)."""

from django.utils.translation import gettext_lazy as _

from hearth.core.access import is_administrator
from hearth.core.registry import MenuEntry, menu_entries

from .selectors import is_moderator

menu_entries.register("my-reports", MenuEntry("trust:my_reports", _("My reports"), 40))
menu_entries.register(
    "moderation",
    MenuEntry("trust:queue", _("Moderation"), 10, shown=is_moderator, section="moderation"),
)
menu_entries.register(
    "identity-reveals",
    MenuEntry(
        "trust:reveals",
        _("Identity reveals"),
        30,
        shown=is_administrator,
        section="moderation",
    ),
)
