"""What provisioning puts in the audit log (core.registry.audited)."""

from django.utils.translation import gettext_lazy as _

from hearth.core.registry import Audited, audited

audited.register(
    "provisioning",
    Audited(
        {
            "provisioning.client_created": _("Provisioning client created"),
            "provisioning.client_revoked": _("Provisioning client revoked"),
            "provisioning.user_created": _("Person created over SCIM"),
            "provisioning.user_updated": _("Person changed over SCIM"),
            "provisioning.user_deleted": _("Person deleted over SCIM"),
            "provisioning.group_created": _("Department created over SCIM"),
            "provisioning.group_updated": _("Department changed over SCIM"),
            "provisioning.group_deleted": _("Department deleted over SCIM"),
        }
    ),
)
