"""Write comments and replies, and release what moderation held; each records its event."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from hearth.communities import invitations
from hearth.communities.models import Community
from hearth.core import rules
from hearth.core.access import is_administrator
from hearth.core.errors import Conflict, FieldError, Forbidden, Invalid
from hearth.core.events import event_record
from hearth.people.models import Person
from hearth.trust import policies
from hearth.trust.limits import check_rate
from hearth.trust.selectors import blocker_ids, check_not_suspended

from ..models import (
    Comment,
    Post,
    Revision,
)
from ..selectors import is_post_author
from .posts import _announce_when_published, post_moderate
from .writing import _lock, _mentions_create, _record_mentions, _render, _screen


def _check_not_blocked(actor: Person, post: Post, parent: Comment | None) -> None:
    """Someone who blocked the actor does not get replies from them."""
    addressed = {post.author_id} | ({parent.author_id} if parent is not None else set())
    blockers = blocker_ids(actor).filter(blocker_id__in=addressed - {actor.pk})
    if blockers.exists():
        raise Forbidden("You cannot reply to this person.")


def _hold_shown_comment(verdict, comment: Comment, now) -> Comment:
    """An edit tripped a holding filter: take the comment down until a moderator looks."""
    post_moderate(post=comment.post, comment=comment, kind="hide")
    comment.refresh_from_db(fields=["hidden_at"])
    comment.held = True
    Comment.objects.filter(pk=comment.pk).update(held=True)
    policies.hold(verdict, post=comment.post, comment=comment)
    return comment


def post_release(*, post: Post, comment: Comment | None = None) -> None:
    """A moderator approved a held post or comment (already shown again by `moderate`): it is
    now announced like a new one, with its mentions and notifications."""
    now = timezone.now()
    if comment is not None:
        Comment.objects.filter(pk=comment.pk).update(held=False)
        comment.held = False
        post = Post.objects.get(pk=post.pk)
        Post.objects.filter(pk=post.pk).update(last_activity_at=now)
        _acknowledge(post, comment.author, now)
        event_record(
            actor=comment.author,
            verb="comment.created",
            obj=comment,
            target=post,
            community_id=post.community_id,
            metadata={
                "parent": comment.parent_id,
                "post_author": post.author_id,
                "parent_author": comment.parent.author_id if comment.parent else None,
                "kind": post.kind,
                "released": True,
            },
        )
        _record_mentions(comment.author, post, comment, comment.body, limit=False)
        return
    Post.objects.filter(pk=post.pk).update(held=False)
    post.held = False
    if post.published_at > now:  # approved before its time: announced when it appears
        _mentions_create(post.author, post, None, post.body, limit=False, at=post.published_at)
        _announce_when_published(post)
        return
    event_record(
        actor=post.author,
        verb="post.created",
        obj=post,
        community_id=post.community_id,
        metadata={
            "kind": post.kind,
            "draft": False,
            "released": True,
            "praised": list(post.praised.values_list("id", flat=True)),
        },
    )
    _record_mentions(post.author, post, None, post.body, limit=False)


def _acknowledge(post: Post, actor: Person, now) -> None:
    """Someone answered: the post is acknowledged. Anyone at all, for an anonymous post: a
    reaction that left it "not acknowledged" would point at its sealed author."""
    if post.acknowledged_at is None and (post.anonymous or not is_post_author(actor, post)):
        Post.objects.filter(pk=post.pk, acknowledged_at=None).update(acknowledged_at=now)
        post.acknowledged_at = now


def _check_open(post: Post) -> None:
    if post.community and post.community.state == Community.State.ARCHIVED:
        raise Conflict("This community is archived and read-only.")
    if post.is_draft:
        raise Conflict("This article is not published yet.")
    if post.published_at > timezone.now():
        # Only its author can reach it yet: a named reply or reaction now would name them.
        raise Conflict("This post is not published yet.")


@transaction.atomic
def comment_create(
    *, actor: Person, post: Post, body: str, parent: Comment | None = None
) -> Comment:
    """Reply to a post (an answer, on a question) or to one of its comments."""
    check_not_suspended(actor)
    check_rate(actor, "comment.created")
    _check_open(post)
    errors: list[FieldError] = []
    rules.check(Comment, errors, required=("body",), body=body)
    if parent is not None:
        if parent.post_id != post.pk or parent.deleted_at is not None:
            errors.append(FieldError("parent", "Reply to a comment of this post."))
        elif parent.parent_id is not None:
            parent = parent.parent  # one level of replies: answer in the same thread
    if errors:
        raise Invalid("The comment could not be saved.", errors)
    _check_not_blocked(actor, post, parent)
    verdict = _screen(body, post.community, actor=actor, is_post=False)
    now = timezone.now()
    post = _lock(post)
    comment = Comment.objects.create(
        post=post,
        parent=parent,
        author=actor,
        body=body,
        created_at=now,
        html=_render(body),
        hidden_at=now if verdict else None,
        held=verdict is not None,
    )
    if verdict is not None:  # announced when a moderator releases it
        policies.hold(verdict, post=post, comment=comment)
        event_record(
            actor=actor,
            verb="comment.held",
            obj=comment,
            target=post,
            community_id=post.community_id,
        )
        return comment
    _announce_comment(actor, post, comment, now)
    if post.community_id:
        invitations.mark_contributed(person=actor, community_id=post.community_id)
    return comment


def _announce_comment(actor: Person, post: Post, comment: Comment, now, *, limit=True) -> None:
    parent = comment.parent
    Post.objects.filter(pk=post.pk).update(
        comment_count=F("comment_count") + 1, last_activity_at=now
    )
    _acknowledge(post, actor, now)
    event_record(
        actor=actor,
        verb="comment.created",
        obj=comment,
        target=post,
        community_id=post.community_id,
        metadata={
            "parent": parent.pk if parent else None,
            "post_author": post.author_id,
            "parent_author": parent.author_id if parent else None,
            "kind": post.kind,
        },
    )
    _record_mentions(actor, post, comment, comment.body, limit=limit)


@transaction.atomic
def comment_update(*, actor: Person, comment: Comment, body: str) -> Comment:
    """Change a comment's text (its author only), keeping a revision."""
    if comment.author_id != actor.pk:
        raise Forbidden("Only the author can edit this comment.")
    if comment.deleted_at is not None:
        raise Conflict("This comment was deleted.")
    if not body.strip() or len(body) > rules.limit(Comment, "body"):
        raise Invalid(
            "The comment could not be saved.",
            [FieldError("body", f"Between 1 and {rules.limit(Comment, 'body'):,} characters.")],
        )
    if body == comment.body:
        return comment
    verdict = _screen(body, comment.post.community, actor=actor, is_post=False)
    now = timezone.now()
    Revision.objects.create(
        post_id=comment.post_id, comment=comment, body=comment.body, edited_by=actor, created_at=now
    )
    comment.body, comment.edited_at = body, now
    comment.html = _render(body)
    if verdict is not None and not comment.held:
        comment = _hold_shown_comment(verdict, comment, now)
    comment.save(update_fields=["body", "html", "edited_at"])
    if comment.held:
        return comment
    event_record(
        actor=actor,
        verb="comment.edited",
        obj=comment,
        target=comment.post,
        community_id=comment.post.community_id,
    )
    _record_mentions(actor, comment.post, comment, body)
    return comment


@transaction.atomic
def comment_delete(*, actor: Person, comment: Comment) -> None:
    """Soft-delete a comment (its replies stay; an accepted answer is un-accepted)."""
    if comment.author_id != actor.pk and not is_administrator(actor):
        raise Forbidden("Only the author or an administrator can delete this comment.")
    if comment.deleted_at is not None:
        return
    post = _lock(comment.post)
    comment.deleted_at = timezone.now()
    comment.save(update_fields=["deleted_at"])
    updates: dict[str, Any] = {"comment_count": F("comment_count") - 1}
    if post.accepted_comment_id == comment.pk:
        updates["accepted_comment"] = None
    Post.objects.filter(pk=post.pk).update(**updates)
    event_record(
        actor=actor,
        verb="comment.deleted",
        obj=comment,
        target=post,
        community_id=post.community_id,
    )
