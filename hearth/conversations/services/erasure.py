"""What conversations do when a person is erased and when deleted content is purged.

Registered in `core.registry` (`writings`, `erasers`, `retention`): privacy's erasure and
retention purge loop over the apps' steps and never import this module.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from hearth.core.registry import Erasure, erasers, purgers, retention, writings
from hearth.trust.models import SealedAuthor

from ..models import Attachment, Bookmark, Comment, Mention, Post, PostView, Revision
from .comments import comment_delete
from .posts import post_delete


@writings("conversations")
def writings_erase(erasure: Erasure) -> dict[str, int]:
    """Mode "remove": the person's posts (their anonymous ones too) and comments are deleted,
    as their author would, and purged at once. Mode "pseudonymise" leaves them be."""
    removed_posts = removed_comments = 0
    if erasure.mode == "remove":
        person = erasure.person
        posts = Post.objects.filter(
            Q(author=person, anonymous=False) | Q(pk__in=erasure.anonymous_post_ids)
        )
        for post in posts.filter(deleted_at__isnull=True):
            post_delete(actor=erasure.actor, post=post)
            removed_posts += 1
        for comment in Comment.objects.filter(author=person, deleted_at__isnull=True):
            comment_delete(actor=erasure.actor, comment=comment)
            removed_comments += 1
        content_purge(posts=posts, comments=Comment.objects.filter(author=person), now=erasure.now)
    return {"posts_removed": removed_posts, "comments_removed": removed_comments}


@erasers("conversations")
def person_forget(person) -> None:
    """Erasure: bookmarks, what they read, and mentions of them (their posts and comments are
    handled by the erasure's mode, before this step)."""
    Bookmark.objects.filter(person=person).delete()
    PostView.objects.filter(person=person).delete()
    Mention.objects.filter(person=person).delete()


def content_purge(
    *, posts: QuerySet[Post], comments: QuerySet[Comment], now: Any = None
) -> tuple[int, int]:
    """Empty the text and files of deleted posts and comments (the rows stay as tombstones);
    the apps holding copies of them (the search index...) drop theirs (`core.registry.purgers`)."""
    now = now or timezone.now()
    post_ids = list(
        posts.filter(deleted_at__isnull=False, purged_at__isnull=True).values_list("pk", flat=True)
    )
    comment_ids = list(
        comments.filter(deleted_at__isnull=False, purged_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    for attachment in Attachment.objects.filter(post_id__in=post_ids):
        attachment.file.delete(save=False)
        if attachment.thumbnail:
            attachment.thumbnail.delete(save=False)
    Attachment.objects.filter(post_id__in=post_ids).delete()
    Revision.objects.filter(
        Q(post_id__in=post_ids, comment__isnull=True) | Q(comment_id__in=comment_ids)
    ).delete()
    Mention.objects.filter(
        Q(post_id__in=post_ids, comment__isnull=True) | Q(comment_id__in=comment_ids)
    ).delete()
    SealedAuthor.objects.filter(post_id__in=post_ids).delete()
    for purge in purgers:
        purge(post_ids, comment_ids)
    Post.objects.filter(pk__in=post_ids).update(
        title="", body="", html="", excerpt="", purged_at=now
    )
    Comment.objects.filter(pk__in=comment_ids).update(body="", html="", purged_at=now)
    return len(post_ids), len(comment_ids)


@retention("conversations")
def deleted_content_purge(policy: Mapping[str, int], now: Any) -> dict[str, int]:
    """Retention: posts and comments deleted longer ago than the policy keeps them are purged."""
    cutoff = now - timedelta(days=policy["deleted_content_days"])
    posts, comments = content_purge(
        posts=Post.objects.filter(deleted_at__lt=cutoff),
        comments=Comment.objects.filter(deleted_at__lt=cutoff),
        now=now,
    )
    return {"posts_purged": posts, "comments_purged": comments}
