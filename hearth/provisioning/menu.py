"""The account menu's entry for provisioning clients, for administrators."""

from django.utils.translation import gettext_lazy as _

from hearth.core.registry import MenuEntry, menu_entries

from .access import may_manage_clients

menu_entries.register(
    "provisioning",
    MenuEntry(
        "provisioning:clients",
        _("Provisioning (SCIM)"),
        30,
        shown=may_manage_clients,
        section="administration",
    ),
)
