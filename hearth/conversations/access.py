"""Fetch one post, comment or file for a viewer: 404 when missing or not visible to them."""

from __future__ import annotations

from hearth.core.errors import NotFound

from .models import Attachment, Comment, Post
from .selectors import post_list_for


def access_post(viewer, post_id: int) -> Post:
    """Return post `post_id` if `viewer` may read it."""
    post = post_list_for(viewer, include_own_drafts=True).filter(pk=post_id).first()
    if post is None:
        raise NotFound()
    return post


def access_comment(viewer, post: Post, comment_id: int | None) -> Comment | None:
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


def access_attachment(viewer, post_id: int, attachment_id: int) -> Attachment:
    """Return a file of a post `viewer` may read; never by URL alone."""
    post = access_post(viewer, post_id)
    attachment = Attachment.objects.filter(post=post, pk=attachment_id).first()
    if attachment is None:
        raise NotFound()
    return attachment
