"""Reads for webhooks: what a subscription may carry of an event (the trust rule, in one place
for webhooks), and a subscription's deliveries."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from hearth.communities.models import Community
from hearth.conversations.models import Comment, Post
from hearth.core.models import Event
from hearth.jams.models import Jam
from hearth.people.models import Person

from .models import ALIASES, KINDS, Delivery, Subscription

# Communities whose content company-wide webhooks carry without a grant.
READABLE_BY_ALL = (Community.Privacy.OPEN,)


def kind_of(event: Event) -> str | None:
    """The webhook kind an event is (None: no webhook hears it)."""
    kind = ALIASES.get(event.verb, event.verb)
    return kind if kind in KINDS else None


def subscribed_verbs() -> list[str]:
    return [*KINDS, *ALIASES]


def deliveries_of(subscription: Subscription) -> QuerySet[Delivery]:
    return Delivery.objects.filter(subscription=subscription).order_by("-created_at", "-id")


def _link(path: str) -> str:
    return f"{settings.HEARTH_BASE_URL}{path}"


def _in_scope(subscription: Subscription, community_id: int | None, open_to_all: bool) -> bool:
    """A community's webhook hears only that community; a company-wide one hears what every
    employee may read (open communities and no community), unless granted more."""
    if subscription.community_id is not None:
        return community_id == subscription.community_id
    return community_id is None or subscription.include_restricted or open_to_all


def _open_to_all(community_id: int | None) -> bool:
    if community_id is None:
        return True
    community = Community.objects.filter(pk=community_id).only("privacy", "state").first()
    return (
        community is not None
        and community.privacy in READABLE_BY_ALL
        and community.state != Community.State.DRAFT
    )


def _shown_post(post_id: int | None) -> Post | None:
    """The post if its readers see it now: published, not deleted, hidden, held or waiting."""
    return (
        Post.objects.filter(
            pk=post_id or 0,
            is_draft=False,
            deleted_at__isnull=True,
            hidden_at__isnull=True,
            held=False,
            announce_pending=False,
        )
        .select_related("author", "community")
        .first()
    )


def _post(post: Post) -> dict[str, Any]:
    return {
        "id": post.pk,
        "kind": post.kind,
        "title": post.title,
        "excerpt": post.excerpt,
        "url": _link(post.get_absolute_url()),
        "community": {"slug": post.community.slug, "name": post.community.name}
        if post.community
        else None,
        # An anonymous post never carries its author, sealed or stand-in.
        "author": None
        if post.anonymous
        else {"username": post.author.username, "display_name": post.author.display_name},
        "published_at": post.published_at.isoformat() if post.published_at else None,
    }


def _comment(comment: Comment) -> dict[str, Any]:
    return {
        "id": comment.pk,
        "body": comment.body,
        "url": _link(f"{comment.post.get_absolute_url()}#comment-{comment.pk}"),
        "author": {
            "username": comment.author.username,
            "display_name": comment.author.display_name,
        },
        "created_at": comment.created_at.isoformat(),
    }


def _data(kind: str, event: Event) -> dict[str, Any] | None:
    if kind == "post.created":
        post = _shown_post(event.object_id)
        return {"post": _post(post)} if post else None
    if kind in ("comment.created", "answer.accepted"):
        comment = (
            Comment.objects.filter(
                pk=event.object_id or 0,
                deleted_at__isnull=True,
                hidden_at__isnull=True,
                held=False,
            )
            .select_related("author", "post")
            .first()
        )
        post = _shown_post(comment.post_id) if comment else None
        if comment is None or post is None:
            return None
        return {"comment": _comment(comment), "post": _post(post)}
    if kind == "community.delivered":
        community = Community.objects.filter(pk=event.object_id or 0).first()
        if community is None:
            return None
        return {
            "community": {
                "slug": community.slug,
                "name": community.name,
                "url": _link(community.get_absolute_url()),
                "outcome": community.outcome_summary,
            }
        }
    if kind == "jam.closed":
        jam = Jam.objects.filter(pk=event.object_id or 0).first()
        if jam is None:
            return None
        return {"jam": {"slug": jam.slug, "title": jam.title, "url": _link(jam.get_absolute_url())}}
    if kind == "person.joined":
        person = Person.objects.filter(pk=event.object_id or 0, is_active=True).first()
        if person is None or person.is_stand_in:
            return None
        return {
            "person": {
                "username": person.username,
                "display_name": person.display_name,
                "title": person.title,
            }
        }
    return None


def payloads_for(
    subscriptions: list[Subscription], event: Event
) -> list[tuple[Subscription, dict[str, Any]]]:
    """What each subscription hears of the event, as Standard Webhooks' payload (`type`,
    `timestamp`, `data`); those that must hear nothing of it are left out. What the event is
    about is read once, whatever the number of subscriptions."""
    kind = kind_of(event)
    hearing = [s for s in subscriptions if kind is not None and kind in s.kinds]
    if not hearing or kind is None:
        return []
    open_to_all = _open_to_all(event.community_id)
    hearing = [s for s in hearing if _in_scope(s, event.community_id, open_to_all)]
    data = _data(kind, event) if hearing else None
    if data is None:
        return []
    payload = {"type": kind, "timestamp": event.created_at.isoformat(), "data": data}
    return [(subscription, payload) for subscription in hearing]
