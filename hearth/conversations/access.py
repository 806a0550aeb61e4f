"""Fetch one post, comment or file for a viewer: 404 when missing or not visible to them."""

from __future__ import annotations

from typing import overload

from django.utils import timezone

from hearth.core.errors import NotFound
from hearth.core.types import Viewer
from hearth.trust.selectors import is_company_moderator

from .models import Attachment, Comment, Post
from .selectors import is_post_author, post_list_for


def access_post(viewer: Viewer, post_id: int) -> Post:
    """Return post `post_id` if `viewer` may read it.

    The author of an anonymous post also reaches it before its delayed publication and while
    it is hidden, like any author (the seal says whether the viewer wrote it). Company
    moderators can open a hidden post, to review or restore it.
    """
    post = post_list_for(viewer, include_own_drafts=True).filter(pk=post_id).first()
    if post is None:
        post = (
            Post.objects.select_related("author", "community")
            .filter(pk=post_id, deleted_at__isnull=True, is_draft=False)
            .first()
        )
        if post is None or not (
            (post.anonymous and is_post_author(viewer, post))
            or (
                post.hidden_at is not None
                and post.published_at <= timezone.now()  # an anonymous post's time hides it
                and is_company_moderator(viewer)
            )
        ):
            raise NotFound()
    return post


@overload
def access_comment(viewer: Viewer, post: Post, comment_id: int) -> Comment: ...
@overload
def access_comment(viewer: Viewer, post: Post, comment_id: None) -> None: ...
@overload
def access_comment(viewer: Viewer, post: Post, comment_id: int | None) -> Comment | None: ...
def access_comment(viewer: Viewer, post: Post, comment_id: int | None) -> Comment | None:
    """Return a live comment of `post` (already accessed by `viewer`), or None for None."""
    if comment_id is None:
        return None
    comment = (
        Comment.objects.select_related("author", "post")
        .filter(post=post, pk=comment_id, deleted_at__isnull=True)
        .first()
    )
    if comment is None:
        raise NotFound("No such comment on this post.")
    return comment


def access_attachment(viewer: Viewer, post_id: int, attachment_id: int) -> Attachment:
    """Return a file of a post `viewer` may read; never by URL alone."""
    post = access_post(viewer, post_id)
    attachment = Attachment.objects.filter(post=post, pk=attachment_id).first()
    if attachment is None:
        raise NotFound()
    return attachment
