"""What privacy's work puts in the audit log (core.registry.audited)."""

from django.utils.translation import gettext_lazy as _

from hearth.core.registry import Audited, audited

audited.register(
    "privacy",
    Audited(
        {
            "person.erased": _("Person erased"),
            "data.exported": _("Personal data exported"),
            "retention.purged": _("Retention purge"),
        }
    ),
)
