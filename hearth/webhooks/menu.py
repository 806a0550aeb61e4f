"""The account menu's entry for webhooks, for administrators (core.registry.menu_entries);
community owners find their community's webhooks from its settings page."""

from django.utils.translation import gettext_lazy as _

from hearth.core.registry import MenuEntry, menu_entries

from .access import may_subscribe_company

menu_entries.register(
    "webhooks",
    MenuEntry(
        "webhooks:list",
        _("Webhooks"),
        20,
        shown=may_subscribe_company,
        section="administration",
    ),
)
