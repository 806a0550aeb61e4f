"""The account menu's entries for the leadership corner, and for leaders and their delegates
their scorecard and drafting (core.registry.menu_entries)."""

from django.utils.translation import gettext_lazy as _

from hearth.core.registry import MenuEntry, menu_entries

from .access import may_draft, may_host

menu_entries.register(
    "leadership-corner",
    MenuEntry("leadership:corner", _("Leadership corner"), 10, section="company"),
)
menu_entries.register(
    "scorecard",
    MenuEntry("leadership:scorecard", _("My scorecard"), 10, shown=may_host, section="leadership"),
)
menu_entries.register(
    "drafting",
    MenuEntry(
        "leadership:delegation",
        _("Drafting for leaders"),
        20,
        shown=may_draft,
        section="leadership",
    ),
)
