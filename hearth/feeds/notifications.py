"""Whom follow events concern (the notifications hub delivers what this says)."""

from __future__ import annotations

from hearth.core.models import Event
from hearth.core.registry import Notice, notifier


@notifier("feeds", ["follow.created"])
def recipients(event: Event) -> list[Notice]:
    if (event.metadata or {}).get("kind") == "person":
        return [Notice(event.object_id, "follow", group="followers")]
    return []
