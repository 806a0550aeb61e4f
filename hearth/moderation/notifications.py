"""Whom moderation events concern (the notifications hub delivers what this says): reporters
hear the outcome, the author what was done and why (never by whom)."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hearth.core.models import Event
from hearth.core.registry import Notice, NotificationKind, notification_kinds, notifier

from .models import Appeal, ModerationAction, RevealRequest


@notifier("trust", ["moderation.action", "appeal.decided", "identity.reveal_approved"])
def recipients(event: Event) -> list[Notice]:
    meta = event.metadata or {}
    if event.verb == "identity.reveal_approved":
        request = RevealRequest.objects.filter(pk=event.object_id or 0).first()
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
    place: dict[str, Any] = {
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


def _moderation_facts(notifications: list) -> dict[int, dict]:
    """Per event: the action's kind and the reason the author reads (two queries at most)."""
    if not notifications:
        return {}

    events = {e.pk: e for e in Event.objects.filter(pk__in={n.event_id for n in notifications})}
    actions = ModerationAction.objects.in_bulk(
        [e.object_id for e in events.values() if e.verb == "moderation.action"]
    )
    appeals = Appeal.objects.in_bulk(
        [e.object_id for e in events.values() if e.verb == "appeal.decided"]
    )
    reveals = RevealRequest.objects.in_bulk(
        [e.object_id for e in events.values() if e.verb == "identity.reveal_approved"]
    )
    facts = {}
    for pk, event in events.items():
        meta = event.metadata or {}
        if event.verb == "moderation.action" and event.object_id in actions:
            action = actions[event.object_id]
            facts[pk] = {"kind": action.kind, "reason": action.reason, "target": meta.get("target")}
        elif event.verb == "appeal.decided" and event.object_id in appeals:
            appeal = appeals[event.object_id]
            facts[pk] = {
                "kind": meta.get("kind"),
                "reason": appeal.decision_reason,
                "state": appeal.state,
            }
        elif event.verb == "identity.reveal_approved" and event.object_id in reveals:
            facts[pk] = {"kind": "identity", "reason": reveals[event.object_id].reason}
    return facts


def _moderation_text(n, facts: dict | None, title: str) -> str:
    if facts is None:
        return _("A moderation decision concerns you")
    kind, reason = str(facts.get("kind") or ""), facts.get("reason", "")
    if n.verb == "report_outcome":
        outcomes = {
            "hide": _("it is hidden"),
            "delete": _("it is deleted"),
            "warn": _("the author was warned"),
            "suspend": _("the author was suspended"),
            "dismiss": _("no rule was broken, so it stays"),
        }
        return _("Your report was reviewed: %(outcome)s") % {"outcome": outcomes.get(kind, kind)}
    if n.verb == "identity":
        return _(
            "Two administrators revealed that you wrote the anonymous post “%(title)s”. "
            "Their reason: %(reason)s"
        ) % {"title": title, "reason": reason}
    if n.verb == "appeal":
        if facts.get("state") == "overturned":
            return _("Your appeal was accepted: %(reason)s") % {"reason": reason}
        return _("Your appeal was turned down: %(reason)s") % {"reason": reason}
    what = _("your comment in “%(title)s”") if n.comment_id else _("your post “%(title)s”")
    what = what % {"title": title}
    texts = {
        "hide": _("Moderators hid %(what)s: %(reason)s"),
        "delete": _("Moderators deleted %(what)s: %(reason)s"),
        "restore": _("Moderators restored %(what)s"),
        "warn": _("A moderator warned you about %(what)s: %(reason)s")
        if n.post_id
        else _("A moderator warned you: %(reason)s"),
        "suspend": _("You are suspended from posting: %(reason)s"),
    }
    return texts.get(kind, kind) % {"what": what, "reason": reason}


def texts(viewer, notifications: list, posts: dict) -> dict[int, tuple[str, str | None]]:
    """What moderation decided and why, never by whom; decisions about the reader's own content
    or reports lead to their moderation pages (a reveal, to the post if they still see it)."""
    facts = _moderation_facts(notifications)
    links = {"moderation": reverse("trust:mine"), "appeal": reverse("trust:mine")}
    links["report_outcome"] = reverse("trust:my_reports")
    told = {}
    for n in notifications:
        post = posts.get(n.post_id)
        title = post.display_title if post else _("a post you can no longer see")
        told[n.pk] = (_moderation_text(n, facts.get(n.event_id), title), links.get(n.verb))
    return told


# The kinds of notification moderation calls for: news in themselves, shown even when the post
# they concern is no longer visible (they name nothing the reader cannot see).
KINDS = {
    "report_outcome": NotificationKind(gettext_lazy("Outcomes of my reports"), texts=texts),
    "moderation": NotificationKind(
        gettext_lazy("Moderation of my content"), email="immediate", texts=texts
    ),
    "appeal": NotificationKind(
        gettext_lazy("Decisions on my appeals"), email="immediate", texts=texts
    ),
    "identity": NotificationKind(
        gettext_lazy("Reveals of my anonymous posts"), email="immediate", texts=texts
    ),
}
for verb, kind in KINDS.items():
    notification_kinds.register(verb, dataclasses.replace(kind, news=True))
