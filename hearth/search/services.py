"""Keep the search index in step with posts and comments, in the writer's own transaction."""

from __future__ import annotations

from hearth.conversations.text import plain_text

from .models import SearchDocument


def index_post(post) -> None:
    """Add or refresh a published post (drafts and deleted posts are never indexed)."""
    if post.is_draft or post.deleted_at is not None:
        unindex_post(post)
        return
    SearchDocument.objects.update_or_create(
        key=f"post:{post.pk}",
        defaults={
            "kind": SearchDocument.Kind.POST,
            "post_id": post.pk,
            "comment_id": None,
            "community_id": post.community_id,
            "author_id": post.author_id,
            "post_kind": post.kind,
            "title": post.title,
            "body": plain_text(post.html),
            "published_at": post.published_at,
            "answered": post.accepted_comment_id is not None,
        },
    )


def index_comment(comment, post) -> None:
    SearchDocument.objects.update_or_create(
        key=f"comment:{comment.pk}",
        defaults={
            "kind": SearchDocument.Kind.COMMENT,
            "post_id": post.pk,
            "comment_id": comment.pk,
            "community_id": post.community_id,
            "author_id": comment.author_id,
            # The post's own document carries its title; a comment matches by its own words.
            "post_kind": post.kind,
            "title": "",
            "body": plain_text(comment.html),
            "published_at": comment.created_at,
            "answered": post.accepted_comment_id is not None,
        },
    )


def unindex_post(post) -> None:
    """Remove a post and its comments from the index."""
    SearchDocument.objects.filter(post_id=post.pk).delete()


def unindex_comment(comment) -> None:
    SearchDocument.objects.filter(key=f"comment:{comment.pk}").delete()


def set_answered(post, answered: bool) -> None:
    SearchDocument.objects.filter(post_id=post.pk).update(answered=answered)
