"""What webhooks put in the audit log (core.registry.audited)."""

from django.utils.translation import gettext_lazy as _

from hearth.core.registry import Audited, audited

audited.register(
    "webhooks",
    Audited(
        {
            "webhook.created": _("Webhook created"),
            "webhook.updated": _("Webhook changed"),
            "webhook.deleted": _("Webhook deleted"),
            "webhook.failing": _("Webhook stopped after failing"),
        }
    ),
)
