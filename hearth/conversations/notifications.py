"""Whom conversation events concern, and only if they may read the post (the notifications hub
delivers what this says)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from hearth.communities.models import Community
from hearth.communities.notifications import members_of
from hearth.core.models import Event
from hearth.core.registry import Notice, NotificationKind, notification_kinds, notifier
from hearth.people.models import Person

from .models import Post
from .selectors import post_list_for


def may_read_post(person_id: int | None, post_id: int | None) -> bool:
    if person_id is None or post_id is None:
        return False
    person = Person.objects.filter(pk=person_id, is_active=True).first()
    return person is not None and post_list_for(person).filter(pk=post_id).exists()


def _readers_among(person_ids: list[int], post_id: int | None) -> list[int]:
    """Those of `person_ids` who may read the post, in a constant number of queries."""
    if post_id is None:
        return []
    post = (
        Post.objects.select_related("community").filter(pk=post_id, deleted_at__isnull=True).first()
    )
    if post is None:
        return []
    community = post.community
    if community is None or (
        community.privacy == Community.Privacy.OPEN and community.state != Community.State.DRAFT
    ):
        return person_ids
    readers = set(members_of(community.pk, unmuted=False))
    return [pid for pid in person_ids if pid in readers]


def _post_items(event: Event) -> list[Notice]:
    if event.object_id is None:
        return []
    post = Post.objects.filter(pk=event.object_id, deleted_at__isnull=True).first()
    if post is None or post.is_draft or post.published_at > event.created_at:
        return []  # drafts and scheduled articles notify when they are published
    items = []
    if post.kind == Post.Kind.PRAISE:
        for person_id in post.praised.values_list("id", flat=True):
            if may_read_post(person_id, post.pk):
                items.append(
                    Notice(person_id, "praise", post_id=post.pk, community_id=post.community_id)
                )
    if post.kind == Post.Kind.ANNOUNCEMENT:
        if post.community_id:
            audience = members_of(post.community_id)
        else:
            audience = list(Person.objects.filter(is_active=True).values_list("id", flat=True))
        items += [
            Notice(pid, "announcement", post_id=post.pk, community_id=post.community_id)
            for pid in audience
        ]
    return items


@notifier(
    "conversations",
    [
        "mention.created",
        "comment.created",
        "answer.accepted",
        "reaction.set",
        "post.created",
        "post.published",
        "community.mentioned",
    ],
)
def recipients(event: Event) -> list[Notice]:
    meta = event.metadata or {}
    verb = event.verb
    if verb == "mention.created":
        person, post_id = meta.get("person"), event.target_id
        if person and may_read_post(person, post_id):
            return [
                Notice(
                    int(person),
                    "mention",
                    post_id=post_id,
                    comment_id=meta.get("comment"),
                    community_id=event.community_id,
                )
            ]
        return []
    if verb == "comment.created":
        post_id, items = event.target_id, []
        kind = "answer" if meta.get("kind") == "question" else "reply"
        for person in {meta.get("post_author"), meta.get("parent_author")} - {None}:
            if person is not None and may_read_post(person, post_id):
                items.append(
                    Notice(
                        person,
                        kind if person == meta.get("post_author") else "reply",
                        post_id=post_id,
                        comment_id=event.object_id,
                        community_id=event.community_id,
                    )
                )
        return items
    if verb == "answer.accepted":
        person = meta.get("answerer")
        if person and may_read_post(person, event.target_id):
            return [
                Notice(
                    person,
                    "accepted",
                    post_id=event.target_id,
                    comment_id=event.object_id,
                    community_id=event.community_id,
                )
            ]
        return []
    if verb == "reaction.set":
        person = meta.get("post_author")
        if person and not meta.get("previous") and may_read_post(person, event.object_id):
            return [
                Notice(
                    person,
                    "reaction",
                    post_id=event.object_id,
                    community_id=event.community_id,
                    group=f"reactions:{event.object_id}",
                )
            ]
        return []
    if verb in ("post.created", "post.published"):
        return _post_items(event)
    if verb == "community.mentioned":
        post_id = event.target_id
        readers = _readers_among(members_of(event.community_id), post_id)
        return [
            Notice(pid, "community_mention", post_id=post_id, community_id=event.community_id)
            for pid in readers
        ]
    return []


# The kinds of notification conversation events call for.
KINDS = {
    "mention": NotificationKind(
        _("Mentions"), email="immediate", text=_("%(who)s mentioned you in “%(title)s”")
    ),
    "reply": NotificationKind(
        _("Replies"), email="immediate", text=_("%(who)s replied in “%(title)s”")
    ),
    "answer": NotificationKind(
        _("Answers"), email="immediate", text=_("%(who)s answered your question “%(title)s”")
    ),
    "accepted": NotificationKind(
        _("Accepted answers"),
        email="immediate",
        text=_("%(who)s accepted your answer to “%(title)s”"),
    ),
    "reaction": NotificationKind(
        _("Reactions"), email="weekly", text=_("%(who)s reacted to “%(title)s”")
    ),
    "praise": NotificationKind(_("Praise"), text=_("%(who)s praised you")),
    "announcement": NotificationKind(
        _("Announcements"),
        text=_("Announcement in %(place)s: “%(title)s”"),
        text_elsewhere=_("Announcement: “%(title)s”"),
    ),
    "community_mention": NotificationKind(
        _("Community mentions"), text=_("%(who)s mentioned %(place)s in “%(title)s”")
    ),
}
for verb, kind in KINDS.items():
    notification_kinds.register(verb, kind)
