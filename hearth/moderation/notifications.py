"""Whom moderation events concern (the notifications hub delivers what this says): reporters
hear the outcome, the author what was done and why (never by whom)."""

from __future__ import annotations

from hearth.core.models import Event
from hearth.core.registry import Notice, notifier

from .models import RevealRequest


@notifier("trust", ["moderation.action", "appeal.decided", "identity.reveal_approved"])
def recipients(event: Event) -> list[Notice]:
    meta = event.metadata or {}
    if event.verb == "identity.reveal_approved":
        request = RevealRequest.objects.filter(pk=event.object_id).first()
        if request is None or request.revealed_person_id is None:
            return []
        return [
            Notice(
                request.revealed_person_id,
                "identity",
                post_id=request.post_id,
                community_id=event.community_id,
                unsigned=True,
            )
        ]
    place = {
        "post_id": meta.get("post"),
        "comment_id": meta.get("comment"),
        "community_id": event.community_id,
        "unsigned": True,
    }
    if event.verb == "appeal.decided":
        return [Notice(meta["author"], "appeal", **place)]
    items = [Notice(pid, "report_outcome", **place) for pid in meta.get("reporters", [])]
    if meta.get("kind") != "dismiss":
        items.append(Notice(meta["author"], "moderation", **place))
    return items
