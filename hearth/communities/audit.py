"""What communities' changes put in the audit log (core.registry.audited)."""

from django.utils.translation import gettext_lazy as _

from hearth.core.registry import Audited, audited

audited.register(
    "communities",
    Audited(
        {
            "community.member_added": _("Member added or role changed"),
            "community.member_removed": _("Member removed"),
            "community.members_added": _("Members added in bulk"),
            "community.updated": _("Community settings changed"),
            "community.archived": _("Community archived"),
        }
    ),
)
