"""Whom follow events concern (the notifications hub delivers what this says)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hearth.core.models import Event
from hearth.core.registry import Notice, NotificationKind, notification_kinds, notifier


@notifier("feeds", ["follow.created"])
def recipients(event: Event) -> list[Notice]:
    if (event.metadata or {}).get("kind") == "person":
        return [Notice(event.object_id or 0, "follow", group="followers")]
    return []


notification_kinds.register(
    "follow",
    NotificationKind(
        _("New followers"), email="weekly", text=_("%(who)s started following you"), link="actor"
    ),
)
