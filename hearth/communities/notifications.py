"""Whom community events concern (the notifications hub delivers what this says)."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _

from hearth.core.models import Event
from hearth.core.registry import Notice, NotificationKind, notification_kinds, notifier

from .models import Membership

LEADERS = (Membership.Role.OWNER, Membership.Role.SPONSOR, Membership.Role.FACILITATOR)


def members_of(
    community_id: int | None, *, roles: Sequence[str] | None = None, unmuted: bool = True
) -> list[int]:
    """Active members (of some roles) who are active people; those who muted it left out (none
    without a community)."""
    if community_id is None:
        return []
    members = Membership.objects.filter(
        community_id=community_id, state=Membership.State.ACTIVE, person__is_active=True
    )
    if roles:
        members = members.filter(role__in=roles)
    if unmuted:
        members = members.filter(muted=False)
    return list(members.values_list("person_id", flat=True))


@notifier(
    "communities",
    [
        "invitation.sent",
        "community.join_requested",
        "proposal.decided",
        "community.deadline_near",
        "community.deadline_passed",
        "community.delivered",
    ],
)
def recipients(event: Event) -> list[Notice]:
    meta = event.metadata or {}
    verb, community_id = event.verb, event.community_id
    if verb == "invitation.sent":
        return [Notice(meta["invitee"], "invitation", community_id=community_id)]
    if verb == "community.join_requested":
        return [
            Notice(pid, "join_request", community_id=community_id, group=f"join:{community_id}")
            for pid in members_of(community_id, roles=LEADERS, unmuted=False)
        ]
    if verb == "proposal.decided":
        return [
            Notice(pid, "decision", community_id=community_id) for pid in members_of(community_id)
        ]
    if verb in ("community.deadline_near", "community.deadline_passed"):
        return [
            Notice(pid, "deadline", community_id=community_id)
            for pid in members_of(community_id, roles=LEADERS, unmuted=False)
        ]
    if verb == "community.delivered":
        return [
            Notice(pid, "delivered", community_id=community_id) for pid in members_of(community_id)
        ]
    return []


# The kinds of notification community events call for.
KINDS = {
    "invitation": NotificationKind(
        _("Invitations"), email="immediate", text=_("%(who)s invited you to %(place)s")
    ),
    "join_request": NotificationKind(_("Join requests"), text=_("%(who)s asked to join %(place)s")),
    "decision": NotificationKind(_("Decisions"), text=_("A proposal was decided in %(place)s")),
    "deadline": NotificationKind(
        _("Deadlines"), text=_("The end date of %(place)s is near or past")
    ),
    "delivered": NotificationKind(_("Deliveries"), text=_("%(place)s delivered its outcome")),
}
for verb, kind in KINDS.items():
    notification_kinds.register(verb, kind)
