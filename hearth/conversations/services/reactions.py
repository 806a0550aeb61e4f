"""Reactions, accepted answers, poll and idea votes, reads, acknowledgements and bookmarks;
and what erasing a person removes."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone

from hearth.communities.selectors import can_lead
from hearth.core.bulk import update_rows
from hearth.core.errors import Conflict, FieldError, Forbidden, Invalid
from hearth.core.events import event_record
from hearth.core.registry import post_readers
from hearth.core.replicas import housekeeping
from hearth.people.models import Person
from hearth.trust.limits import check_rate
from hearth.trust.selectors import check_not_suspended

from ..models import (
    AnnouncementRead,
    Bookmark,
    Comment,
    IdeaVote,
    Poll,
    PollOption,
    PollVote,
    Post,
    PostView,
    Reaction,
)
from ..selectors import is_post_author
from .comments import _acknowledge, _check_open
from .writing import _lock


def _recount_reactions(post: Post) -> dict[str, int]:
    rows = Reaction.objects.filter(post=post).values("kind").annotate(n=Count("id"))
    counts = {row["kind"]: row["n"] for row in rows}
    ordered = {kind: counts[kind] for kind in Reaction.Kind.values if kind in counts}
    Post.objects.filter(pk=post.pk).update(reaction_counts=ordered)
    post.reaction_counts = ordered
    return ordered


@transaction.atomic
def reaction_set(*, actor: Person, post: Post, kind: str) -> Reaction:
    """React to a post; one reaction per person, a new kind replaces the old."""
    check_not_suspended(actor)
    if kind not in Reaction.Kind.values:
        raise Invalid(
            "Unknown reaction.",
            [FieldError("kind", f"One of: {', '.join(Reaction.Kind.values)}.")],
        )
    _check_open(post)
    check_rate(actor, "reaction.set")
    post = _lock(post)
    now = timezone.now()
    reaction = Reaction.objects.filter(post=post, person=actor).first()
    previous = reaction.kind if reaction else None
    if reaction is None:
        reaction = Reaction.objects.create(post=post, person=actor, kind=kind, created_at=now)
    elif reaction.kind != kind:
        reaction.kind = kind
        reaction.save(update_fields=["kind"])
    else:
        return reaction
    _recount_reactions(post)
    _acknowledge(post, actor, now)
    event_record(
        actor=actor,
        verb="reaction.set",
        obj=post,
        community_id=post.community_id,
        metadata={"kind": kind, "previous": previous, "post_author": post.author_id},
    )
    return reaction


@transaction.atomic
def reaction_remove(*, actor: Person, post: Post) -> None:
    post = _lock(post)
    deleted, _ = Reaction.objects.filter(post=post, person=actor).delete()
    if deleted:
        _recount_reactions(post)
        event_record(actor=actor, verb="reaction.removed", obj=post, community_id=post.community_id)


@transaction.atomic
def answer_accept(*, actor: Person, post: Post, comment: Comment | None) -> Post:
    """Mark the accepted answer of a question (its asker or a community facilitator)."""
    if post.kind != Post.Kind.QUESTION:
        raise Conflict("Only questions have an accepted answer.")
    allowed = is_post_author(actor, post) or (
        post.community_id is not None and can_lead(actor, post.community)
    )
    if not allowed:
        raise Forbidden("Only the person who asked or a facilitator can accept an answer.")
    if comment is not None and (comment.post_id != post.pk or comment.deleted_at is not None):
        raise Invalid(
            "This comment is not an answer to this question.",
            [FieldError("comment", "Choose a comment of this question.")],
        )
    post = _lock(post)
    post.accepted_comment = comment
    post.save(update_fields=["accepted_comment"])
    event_record(
        actor=actor,
        verb="answer.accepted" if comment else "answer.unaccepted",
        obj=comment,
        target=post,
        community_id=post.community_id,
        metadata={"answerer": comment.author_id if comment else None},
    )
    return post


def poll_is_open(poll: Poll, now=None) -> bool:
    return poll.closes_at is None or poll.closes_at > (now or timezone.now())


@transaction.atomic
def poll_vote(*, actor: Person, post: Post, option_ids: list[int]) -> Poll:
    """Vote on an open poll; voting again replaces the previous choice."""
    if post.kind != Post.Kind.POLL:
        raise Conflict("This post is not a poll.")
    _check_open(post)
    poll = Poll.objects.select_for_update().get(post=post)
    if not poll_is_open(poll):
        raise Conflict("This poll is closed.")
    option_ids = list(dict.fromkeys(option_ids))
    options = list(poll.options.filter(pk__in=option_ids))
    if not option_ids or len(options) != len(option_ids):
        raise Invalid("Choose options of this poll.", [FieldError("options", "Unknown option.")])
    if len(options) > 1 and not poll.multiple:
        raise Invalid("This poll takes one choice.", [FieldError("options", "Choose one.")])
    previous = PollVote.objects.filter(poll=poll, person=actor)
    first_vote = not previous.exists()
    previous.delete()
    now = timezone.now()
    PollVote.objects.bulk_create(
        PollVote(poll=poll, option=o, person=actor, created_at=now) for o in options
    )
    counts = dict(PollVote.objects.filter(poll=poll).values_list("option").annotate(n=Count("id")))
    update_rows(
        PollOption, ["vote_count"], [(o.pk, counts.get(o.pk, 0)) for o in poll.options.all()]
    )
    if first_vote:
        poll.voter_count += 1
        poll.save(update_fields=["voter_count"])
    event_record(
        actor=actor,
        verb="poll.voted",
        obj=post,
        community_id=post.community_id,
        metadata={"options": [o.pk for o in options]},
    )
    return poll


@transaction.atomic
def idea_vote(*, actor: Person, post: Post, up: bool = True) -> Post:
    """Vote an idea up (or take the vote back); authors cannot vote for their own idea."""
    if post.kind != Post.Kind.IDEA:
        raise Conflict("Only ideas can be voted up.")
    _check_open(post)
    if is_post_author(actor, post):
        raise Conflict("You cannot vote for your own idea.")
    post = _lock(post)
    if up:
        try:
            with transaction.atomic():
                IdeaVote.objects.create(post=post, person=actor, created_at=timezone.now())
        except IntegrityError:
            return post
        delta = 1
    else:
        deleted, _ = IdeaVote.objects.filter(post=post, person=actor).delete()
        if not deleted:
            return post
        delta = -1
    Post.objects.filter(pk=post.pk).update(vote_count=F("vote_count") + delta)
    post.vote_count += delta
    _acknowledge(post, actor, timezone.now())
    event_record(
        actor=actor,
        verb="idea.voted" if up else "idea.unvoted",
        obj=post,
        community_id=post.community_id,
    )
    return post


def idea_votes_move(*, source: Post, target: Post) -> int:
    """Move a duplicate idea's votes and followers (bookmarks) to the idea it merges into: a
    person counts once there, its author never; answer how many votes moved. The caller (a
    merge, in its transaction) checks who may merge and records the event."""
    target_author = target.author_id
    voters = set(IdeaVote.objects.filter(post=target).values_list("person_id", flat=True))
    moved = [
        v.pk
        for v in IdeaVote.objects.filter(post=source)
        if v.person_id not in voters and v.person_id != target_author
    ]
    IdeaVote.objects.filter(pk__in=moved).update(post=target)
    IdeaVote.objects.filter(post=source).delete()
    followers = set(Bookmark.objects.filter(post=target).values_list("person_id", flat=True))
    Bookmark.objects.filter(post=source).exclude(person_id__in=followers).update(post=target)
    Post.objects.filter(pk=target.pk).update(vote_count=F("vote_count") + len(moved))
    Post.objects.filter(pk=source.pk).update(vote_count=0)
    return len(moved)


def post_viewed(*, actor: Person, post: Post) -> None:
    """Count a unique reader (never the author, never twice), and settle what reading it
    settles elsewhere (the reader's notifications about it are read, the author's too)."""
    if not actor.is_authenticated:
        return
    for settle in post_readers:
        settle(actor, post.pk)
    if is_post_author(actor, post):
        return
    with housekeeping():
        PostView.objects.bulk_create(
            [PostView(post=post, person=actor, first_seen_at=timezone.now())],
            ignore_conflicts=True,
        )


@transaction.atomic
def announcement_seen(*, actor: Person, post: Post) -> AnnouncementRead | None:
    """Note that `actor` saw an announcement (once; later views change nothing)."""
    if post.kind != Post.Kind.ANNOUNCEMENT or actor.pk == post.author_id:
        return None
    read, created = AnnouncementRead.objects.get_or_create(
        post=post, person=actor, defaults={"seen_at": timezone.now()}
    )
    if created:
        event_record(
            actor=actor, verb="announcement.viewed", obj=post, community_id=post.community_id
        )
    return read


@transaction.atomic
def announcement_acknowledge(*, actor: Person, post: Post) -> AnnouncementRead:
    """Acknowledge an announcement that asks for it."""
    if post.kind != Post.Kind.ANNOUNCEMENT or not post.requires_ack:
        raise Conflict("This post does not ask to be acknowledged.")
    now = timezone.now()
    read, _ = AnnouncementRead.objects.get_or_create(
        post=post, person=actor, defaults={"seen_at": now}
    )
    if read.acknowledged_at is None:
        read.acknowledged_at = now
        read.save(update_fields=["acknowledged_at"])
        event_record(
            actor=actor,
            verb="announcement.acknowledged",
            obj=post,
            community_id=post.community_id,
        )
    return read


@transaction.atomic
def bookmark_set(*, actor: Person, post: Post, on: bool = True) -> bool:
    """Bookmark a post (or remove the bookmark); return whether it is bookmarked."""
    if on:
        _, created = Bookmark.objects.get_or_create(
            person=actor, post=post, defaults={"created_at": timezone.now()}
        )
        if created:
            event_record(
                actor=actor, verb="bookmark.added", obj=post, community_id=post.community_id
            )
        return True
    deleted, _ = Bookmark.objects.filter(person=actor, post=post).delete()
    if deleted:
        event_record(actor=actor, verb="bookmark.removed", obj=post, community_id=post.community_id)
    return False
