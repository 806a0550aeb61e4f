"""Read notifications for their recipient, with texts that never reveal what they cannot see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hearth.communities.models import Community
from hearth.communities.selectors import community_visible_q
from hearth.conversations.selectors import post_list_for
from hearth.core.registry import NotificationKind, Texts, notification_kinds
from hearth.core.types import Viewer
from hearth.people.models import Person

from .models import EmailPreference, Frequency, Notification, PushDevice


def notifications_for(
    viewer: Viewer, *, unread: bool = False, verb: str = ""
) -> QuerySet[Notification]:
    if viewer is None or not viewer.is_authenticated:
        return Notification.objects.none()
    rows = Notification.objects.filter(recipient=viewer).select_related("actor")
    if unread:
        rows = rows.filter(read_at__isnull=True)
    if verb:
        rows = rows.filter(verb=verb)
    return rows


def unread_count(viewer: Viewer) -> int:
    if viewer is None or not viewer.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=viewer, read_at__isnull=True).count()


def unread_since(viewer: Viewer, since: Any) -> QuerySet[Notification]:
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


UNKNOWN = NotificationKind("")  # a kind no app declares any more: told by its name


def kind_of(notification: Notification) -> NotificationKind:
    return notification_kinds.get(notification.verb) or UNKNOWN


def decorate(viewer: Viewer, notifications: list[Notification]) -> list[Notification]:
    """Attach `text` and `target_url` to each, in a fixed number of queries.

    The post's title and the community's name appear only while the reader may still see them.
    Each kind is told as the app that declared it says (`core.registry.notification_kinds`).
    """

    post_ids = {n.post_id for n in notifications if n.post_id}
    posts = {p.pk: p for p in post_list_for(viewer).filter(pk__in=post_ids)} if post_ids else {}
    community_ids = {n.community_id for n in notifications if n.community_id}
    visible = Community.objects.filter(community_visible_q(viewer), pk__in=community_ids)
    communities = {c.pk: c for c in visible} if community_ids else {}
    # Kinds an app tells itself: one call per telling, with all of its notifications.
    tellings: dict[Texts, list[Notification]] = {}
    for n in notifications:
        if (telling := kind_of(n).texts) is not None:
            tellings.setdefault(telling, []).append(n)
    told: dict[int, tuple[str, str | None]] = {}
    for telling, items in tellings.items():
        told.update(telling(viewer, items, posts))
    for n in notifications:
        kind = kind_of(n)
        post = posts.get(n.post_id or 0)
        community = communities.get(n.community_id or 0)
        # The post it is about is gone, or no longer visible to the reader (news in itself,
        # such as a moderation decision, names no content the reader cannot see).
        n.hidden = bool(n.post_id) and post is None and not kind.news
        title = post.display_title if post else _("a post you can no longer see")
        place = community.name if community else _("a community")
        text = kind.text_elsewhere if kind.text_elsewhere and not n.community_id else kind.text
        n.text = str(text) % {"who": _actors(n), "title": title, "place": place} if text else ""
        n.text, own_url = told.get(n.pk, (str(kind.fallback) or n.text or n.verb, None))
        url = None
        if kind.link == "own" or own_url:
            url = own_url
        elif post is not None:
            url = post.get_absolute_url()
            if n.comment_id:
                url += f"#comment-{n.comment_id}"
        elif kind.link == "actor" and n.actor:
            url = n.actor.get_absolute_url()
        elif community is not None:
            url = community.get_absolute_url()
        n.target_url = url or reverse("notifications:list")
    return notifications


def verbs_known() -> list[str]:
    """The kinds of notification apps declare, in the order they declare them."""
    return [verb for verb, _kind in notification_kinds.items()]


def _default_frequency(verb: str) -> str:
    """Mentions and direct answers come at once; the rest waits for a digest (as declared)."""
    kind = notification_kinds.get(verb)
    return kind.email if kind is not None else Frequency.DAILY


def frequencies_for(person_ids: set[int], verbs: set[str]) -> dict[tuple[int, str], str]:
    """Each person's email frequency for each kind: their choice, else the default."""
    chosen = {
        (p, v): f
        for p, v, f in EmailPreference.objects.filter(
            person_id__in=person_ids, verb__in=verbs
        ).values_list("person_id", "verb", "frequency")
    }
    return {(p, v): chosen.get((p, v), _default_frequency(v)) for p in person_ids for v in verbs}


def devices_for(person: Person) -> QuerySet[PushDevice]:
    """The person's own push devices, newest first."""
    return PushDevice.objects.filter(person=person).order_by("-created_at", "-id")
