"""Read notifications for their recipient, with texts that never reveal what they cannot see."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hearth.communities.models import Community
from hearth.communities.selectors import community_visible_q
from hearth.conversations.selectors import post_list_for
from hearth.core.models import Event
from hearth.facilitation.notifications import texts as facilitation_texts_for
from hearth.jams.notifications import texts as jam_texts_for
from hearth.leadership.notifications import texts as delegation_texts_for
from hearth.moderation.models import Appeal, ModerationAction, RevealRequest
from hearth.recognition.notifications import texts as badge_texts_for

from .models import Notification


def notifications_for(viewer, *, unread: bool = False, verb: str = "") -> QuerySet[Notification]:
    if viewer is None or not viewer.is_authenticated:
        return Notification.objects.none()
    rows = Notification.objects.filter(recipient=viewer).select_related("actor")
    if unread:
        rows = rows.filter(read_at__isnull=True)
    if verb:
        rows = rows.filter(verb=verb)
    return rows


def unread_count(viewer) -> int:
    if viewer is None or not viewer.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=viewer, read_at__isnull=True).count()


def unread_since(viewer, since) -> QuerySet[Notification]:
    """Unread notifications that arrived (or grew) after `since`, newest first: the live toast."""
    return (
        notifications_for(viewer, unread=True)
        .filter(updated_at__gt=since)
        .order_by("-updated_at", "-id")
    )


def _actors(notification: Notification) -> str:
    name = notification.actor.name if notification.actor else _("Someone")
    others = notification.actor_count - 1
    if others <= 0:
        return name
    return ngettext("%(name)s and %(count)s other", "%(name)s and %(count)s others", others) % {
        "name": name,
        "count": others,
    }


FACILITATION_NOTIFICATIONS = ("waiting", "expert", "introduction", "newcomer", "endorsement")
MODERATION_VERBS = ("report_outcome", "moderation", "appeal", "identity")


def _moderation_facts(notifications: list[Notification]) -> dict[int, dict]:
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


def _moderation_text(n: Notification, facts: dict | None, title: str) -> str:
    if facts is None:
        return _("A moderation decision concerns you")
    kind, reason = facts.get("kind"), facts.get("reason", "")
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


def decorate(viewer, notifications: list[Notification]) -> list[Notification]:
    """Attach `text` and `target_url` to each, in a fixed number of queries.

    The post's title and the community's name appear only while the reader may still see them.
    """

    post_ids = {n.post_id for n in notifications if n.post_id}
    posts = {p.pk: p for p in post_list_for(viewer).filter(pk__in=post_ids)} if post_ids else {}
    community_ids = {n.community_id for n in notifications if n.community_id}
    visible = Community.objects.filter(community_visible_q(viewer), pk__in=community_ids)
    communities = {c.pk: c for c in visible} if community_ids else {}
    moderation = _moderation_facts([n for n in notifications if n.verb in MODERATION_VERBS])

    jam_texts = jam_texts_for([n for n in notifications if n.verb == "jam"], posts)

    delegation_texts = delegation_texts_for(
        viewer, [n for n in notifications if n.verb == "delegation"], posts
    )

    badge_texts = badge_texts_for([n for n in notifications if n.verb == "badge"])
    facilitation_texts = facilitation_texts_for(
        viewer, [n for n in notifications if n.verb in FACILITATION_NOTIFICATIONS], posts
    )
    for n in notifications:
        post = posts.get(n.post_id)
        community = communities.get(n.community_id)
        # The post it is about is gone, or no longer visible to the reader.
        # (A moderation decision is news in itself: it names no content the reader cannot see.)
        n.hidden = bool(n.post_id) and post is None and n.verb not in MODERATION_VERBS
        title = post.display_title if post else _("a post you can no longer see")
        place = community.name if community else _("a community")
        who = _actors(n)
        texts = {
            "mention": _("%(who)s mentioned you in “%(title)s”"),
            "reply": _("%(who)s replied in “%(title)s”"),
            "answer": _("%(who)s answered your question “%(title)s”"),
            "accepted": _("%(who)s accepted your answer to “%(title)s”"),
            "reaction": _("%(who)s reacted to “%(title)s”"),
            "follow": _("%(who)s started following you"),
            "praise": _("%(who)s praised you"),
            "announcement": _("Announcement in %(place)s: “%(title)s”")
            if n.community_id
            else _("Announcement: “%(title)s”"),
            "invitation": _("%(who)s invited you to %(place)s"),
            "join_request": _("%(who)s asked to join %(place)s"),
            "decision": _("A proposal was decided in %(place)s"),
            "deadline": _("The end date of %(place)s is near or past"),
            "delivered": _("%(place)s delivered its outcome"),
            "community_mention": _("%(who)s mentioned %(place)s in “%(title)s”"),
        }
        n.text = texts.get(n.verb, n.verb) % {"who": who, "title": title, "place": place}
        if n.verb in MODERATION_VERBS:
            n.text = _moderation_text(n, moderation.get(n.event_id), title)
        if n.verb == "jam":
            n.text, own_url = jam_texts.get(n.pk, (_("News from a jam"), None))
        elif n.verb in FACILITATION_NOTIFICATIONS:
            n.text, own_url = facilitation_texts.get(n.pk, (n.text, None))
        elif n.verb == "delegation":
            n.text, own_url = delegation_texts.get(n.pk, (n.text, None))
        elif n.verb == "badge":
            n.text, own_url = badge_texts.get(n.pk, (n.text, None))
        url = None
        if n.verb == "jam" or (
            n.verb in (*FACILITATION_NOTIFICATIONS, "delegation", "badge") and own_url
        ):
            url = own_url
        elif n.verb in ("moderation", "appeal"):
            url = reverse("trust:mine")
        elif n.verb == "report_outcome":
            url = reverse("trust:my_reports")
        elif post is not None:
            url = post.get_absolute_url()
            if n.comment_id:
                url += f"#comment-{n.comment_id}"
        elif n.verb == "follow" and n.actor:
            url = n.actor.get_absolute_url()
        elif community is not None:
            url = community.get_absolute_url()
        n.target_url = url or reverse("notifications:list")
    return notifications
