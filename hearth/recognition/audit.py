"""What recognition's settings put in the audit log (core.registry.audited)."""

from django.utils.translation import gettext_lazy as _

from hearth.core.registry import Audited, audited

audited.register(
    "recognition",
    Audited(
        {
            "settings.changed": _("Settings changed"),
            "badge.granted": _("Badge awarded by hand"),
        }
    ),
)
