"""The account menu's entries for blocks and mutes, and the audit log for auditors
(core.registry.menu_entries)."""

from django.utils.translation import gettext_lazy as _

from hearth.core.registry import MenuEntry, menu_entries

from .selectors import is_auditor

menu_entries.register(
    "blocked", MenuEntry("trust:blocked", _("Blocked and muted"), 40, section="settings")
)
menu_entries.register(
    "audit-log",
    MenuEntry("trust:audit", _("Audit log"), 20, shown=is_auditor, section="moderation"),
)
