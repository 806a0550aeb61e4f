"""Turn events into notifications: who each event concerns, and only if they may see it.

Runs in the worker through the event log (`hearth.core.events`): each event is handled once,
in the same transaction that moves this consumer's cursor, so a crash never loses or repeats
a notification.
"""

from __future__ import annotations

from hearth.communities.models import Community, Membership
from hearth.conversations.models import Post
from hearth.conversations.selectors import post_list_for
from hearth.core.events import consumer
from hearth.core.models import Event
from hearth.people.models import Person

from .models import Notification
from .services import For, deliver

V = Notification.Verb
VERBS = [
    "mention.created",
    "comment.created",
    "answer.accepted",
    "reaction.set",
    "follow.created",
    "post.created",
    "post.published",
    "invitation.sent",
    "community.join_requested",
    "proposal.decided",
    "community.deadline_near",
    "community.deadline_passed",
    "community.delivered",
    "community.mentioned",
    "moderation.action",
    "appeal.decided",
    "identity.reveal_approved",
    "jam.alert",
    "jam.live",
    "jam.reported",
    "jam.invited",
    "post.waiting",
    "expert.asked",
    "introduction.made",
    "introduction.connected",
    "introduction.reminded",
    "newcomer.introduced",
    "skill.endorsed",
    "draft.submitted",
    "draft.approved",
    "draft.declined",
    "badge.awarded",
    "badge.granted",
]


FACILITATION_VERBS = {
    "post.waiting",
    "expert.asked",
    "introduction.made",
    "introduction.connected",
    "introduction.reminded",
    "newcomer.introduced",
    "skill.endorsed",
}


def _may_read_post(person_id: int, post_id: int) -> bool:
    person = Person.objects.filter(pk=person_id, is_active=True).first()
    return person is not None and post_list_for(person).filter(pk=post_id).exists()


def _readers_among(person_ids: list[int], post_id: int) -> list[int]:
    """Those of `person_ids` who may read the post, in a constant number of queries."""

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
    readers = set(_members(community.pk, unmuted=False))
    return [pid for pid in person_ids if pid in readers]


def _members(community_id: int, *, roles=None, unmuted: bool = True) -> list[int]:
    members = Membership.objects.filter(
        community_id=community_id, state=Membership.State.ACTIVE, person__is_active=True
    )
    if roles:
        members = members.filter(role__in=roles)
    if unmuted:
        members = members.filter(muted=False)
    return list(members.values_list("person_id", flat=True))


LEADERS = (Membership.Role.OWNER, Membership.Role.SPONSOR, Membership.Role.FACILITATOR)


def _post_items(event: Event) -> list[For]:
    post = Post.objects.filter(pk=event.object_id, deleted_at__isnull=True).first()
    if post is None or post.is_draft or post.published_at > event.created_at:
        return []  # drafts and scheduled articles notify when they are published
    items = []
    if post.kind == Post.Kind.PRAISE:
        for person_id in post.praised.values_list("id", flat=True):
            if _may_read_post(person_id, post.pk):
                items.append(
                    For(person_id, V.PRAISE, post_id=post.pk, community_id=post.community_id)
                )
    if post.kind == Post.Kind.ANNOUNCEMENT:
        if post.community_id:
            audience = _members(post.community_id)
        else:
            from hearth.people.models import Person

            audience = list(Person.objects.filter(is_active=True).values_list("id", flat=True))
        items += [
            For(pid, V.ANNOUNCEMENT, post_id=post.pk, community_id=post.community_id)
            for pid in audience
        ]
    return items


def _items(event: Event) -> list[For]:
    meta = event.metadata or {}
    verb = event.verb
    if verb == "mention.created":
        person, post_id = meta.get("person"), event.target_id
        if person and _may_read_post(person, post_id):
            return [
                For(
                    person,
                    V.MENTION,
                    post_id=post_id,
                    comment_id=meta.get("comment"),
                    community_id=event.community_id,
                )
            ]
        return []
    if verb == "comment.created":
        post_id, items = event.target_id, []
        kind = V.ANSWER if meta.get("kind") == "question" else V.REPLY
        for person in {meta.get("post_author"), meta.get("parent_author")} - {None}:
            if _may_read_post(person, post_id):
                items.append(
                    For(
                        person,
                        kind if person == meta.get("post_author") else V.REPLY,
                        post_id=post_id,
                        comment_id=event.object_id,
                        community_id=event.community_id,
                    )
                )
        return items
    if verb == "answer.accepted":
        person = meta.get("answerer")
        if person and _may_read_post(person, event.target_id):
            return [
                For(
                    person,
                    V.ACCEPTED,
                    post_id=event.target_id,
                    comment_id=event.object_id,
                    community_id=event.community_id,
                )
            ]
        return []
    if verb == "reaction.set":
        person = meta.get("post_author")
        if person and not meta.get("previous") and _may_read_post(person, event.object_id):
            group = f"reactions:{event.object_id}"
            return [
                For(
                    person,
                    V.REACTION,
                    post_id=event.object_id,
                    community_id=event.community_id,
                    group=group,
                )
            ]
        return []
    if verb == "follow.created" and meta.get("kind") == "person":
        return [For(event.object_id, V.FOLLOW, group="followers")]
    if verb in ("post.created", "post.published"):
        return _post_items(event)
    if verb == "invitation.sent":
        return [For(meta["invitee"], V.INVITATION, community_id=event.community_id)]
    if verb == "community.join_requested":
        return [
            For(
                pid,
                V.JOIN_REQUEST,
                community_id=event.community_id,
                group=f"join:{event.community_id}",
            )
            for pid in _members(event.community_id, roles=LEADERS, unmuted=False)
        ]
    if verb == "proposal.decided":
        return [
            For(pid, V.DECISION, community_id=event.community_id)
            for pid in _members(event.community_id)
        ]
    if verb in ("community.deadline_near", "community.deadline_passed"):
        return [
            For(pid, V.DEADLINE, community_id=event.community_id)
            for pid in _members(event.community_id, roles=LEADERS, unmuted=False)
        ]
    if verb == "community.delivered":
        return [
            For(pid, V.DELIVERED, community_id=event.community_id)
            for pid in _members(event.community_id)
        ]
    if verb == "community.mentioned":
        post_id = event.target_id
        readers = _readers_among(_members(event.community_id), post_id)
        return [
            For(pid, V.COMMUNITY_MENTION, post_id=post_id, community_id=event.community_id)
            for pid in readers
        ]
    if verb in ("moderation.action", "appeal.decided"):
        return _moderation_items(event)
    if verb.startswith("draft."):
        from hearth.leadership.notifications import recipients as delegation_recipients

        return [
            For(pid, name, post_id=post_id, group=f"{name}:{event.pk}")
            for name, pid, post_id in delegation_recipients(event)
        ]
    if verb in ("badge.awarded", "badge.granted"):
        return [For(meta["person"], V.BADGE, group=f"badge:{event.pk}")]
    if verb in FACILITATION_VERBS:
        from hearth.facilitation.notifications import recipients as facilitation_recipients

        return [
            For(
                pid,
                verb_name,
                post_id=post_id,
                community_id=event.community_id,
                group=f"{verb_name}:{event.pk}",
            )
            for verb_name, pid, post_id in facilitation_recipients(event)
            if post_id is None or _may_read_post(pid, post_id)
        ]
    if verb.startswith("jam."):
        from hearth.jams.notifications import recipients

        return [
            For(
                pid,
                V.JAM,
                post_id=post_id,
                community_id=event.community_id,
                group=f"jam:{event.pk}",
            )
            for pid, post_id in recipients(event)
        ]
    if verb == "identity.reveal_approved":
        from hearth.trust.models import RevealRequest

        request = RevealRequest.objects.filter(pk=event.object_id).first()
        if request is None or request.revealed_person_id is None:
            return []
        return [
            For(
                request.revealed_person_id,
                V.IDENTITY,
                post_id=request.post_id,
                community_id=event.community_id,
                unsigned=True,
            )
        ]
    return []


def _moderation_items(event: Event) -> list[For]:
    """Reporters hear the outcome; the author hears what was done and why (never by whom)."""
    meta = event.metadata or {}
    place = {
        "post_id": meta.get("post"),
        "comment_id": meta.get("comment"),
        "community_id": event.community_id,
        "unsigned": True,
    }
    if event.verb == "appeal.decided":
        return [For(meta["author"], V.APPEAL, **place)]
    items = [For(pid, V.REPORT_OUTCOME, **place) for pid in meta.get("reporters", [])]
    if meta.get("kind") != "dismiss":
        items.append(For(meta["author"], V.MODERATION, **place))
    return items


@consumer("notifications", verbs=VERBS)
def notify(event: Event) -> None:
    """Deliver the notifications one event calls for."""
    if event.community_id and event.verb != "invitation.sent":
        community = Community.objects.filter(pk=event.community_id).first()
        if community is None:
            return
    deliver(event, _items(event))
