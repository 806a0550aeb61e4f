"""Keep the search index in step with posts and comments.

The index follows the event log as a recorder: each event that changes what a post or comment
says, or whether it may be found, re-reads that post or comment and updates its documents in
the writer's own transaction, so the index changes exactly when the write commits. The writers
(conversations, moderation) know nothing of search.
"""

from __future__ import annotations

from django.db.models import Q

from hearth.conversations.models import Comment, Post
from hearth.conversations.text import plain_text
from hearth.core.events import recorder
from hearth.core.registry import purgers

from .analysis import analyse
from .models import SearchDocument

POST_VERBS = frozenset(
    {"post.created", "post.published", "post.edited", "post.deleted", "post.held"}
)
COMMENT_VERBS = frozenset(
    {"comment.created", "comment.edited", "comment.deleted", "comment.held", "comment.moderated"}
)
ANSWER_VERBS = frozenset({"answer.accepted", "answer.unaccepted"})


@recorder
def index_from_event(event) -> None:
    """Bring the documents of the post or comment the event is about up to date."""
    if event.verb in POST_VERBS or event.verb == "post.moderated":
        post = Post.objects.filter(pk=event.object_id).first()
        if post is not None:
            # Shown again by a moderator: its comments come back with it.
            post_sync(post, with_comments=event.verb == "post.moderated")
    elif event.verb in COMMENT_VERBS:
        comment = Comment.objects.select_related("post").filter(pk=event.object_id).first()
        if comment is not None:
            # Deleting or hiding the accepted answer un-answers the question.
            unanswers = event.verb in ("comment.deleted", "comment.moderated")
            comment_sync(comment, answered_may_change=unanswers)
    elif event.verb in ANSWER_VERBS and event.target_id:
        post = Post.objects.filter(pk=event.target_id).only("id", "accepted_comment_id").first()
        if post is not None:
            answered = post.accepted_comment_id is not None
            SearchDocument.objects.filter(post_id=post.pk).update(answered=answered)


def _findable(post: Post) -> bool:
    """Published, shown to its readers and announced: what search may ever return."""
    return not (
        post.is_draft
        or post.deleted_at is not None
        or post.hidden_at is not None
        or post.held
        or post.announce_pending
    )


def post_sync(post: Post, *, with_comments: bool = False) -> None:
    if not _findable(post):
        SearchDocument.objects.filter(post_id=post.pk).delete()  # the post and its comments
        return
    title, body = post.title, plain_text(post.html)
    language, title_terms, body_terms = analyse(title, body)
    SearchDocument.objects.update_or_create(
        key=f"post:{post.pk}",
        defaults={
            "kind": SearchDocument.Kind.POST,
            "post_id": post.pk,
            "comment_id": None,
            "community_id": post.community_id,
            "author_id": post.author_id,
            "post_kind": post.kind,
            "title": title,
            "body": body,
            "language": language,
            "title_terms": title_terms,
            "body_terms": body_terms,
            "published_at": post.published_at,
            "answered": post.accepted_comment_id is not None,
        },
    )
    if with_comments:
        shown = Comment.objects.filter(post=post, deleted_at__isnull=True, hidden_at__isnull=True)
        for comment in shown.filter(held=False):
            _index_comment(comment, post)


def comment_sync(comment: Comment, *, answered_may_change: bool = False) -> None:
    post = comment.post
    shown = comment.deleted_at is None and comment.hidden_at is None and not comment.held
    if shown and _findable(post):
        _index_comment(comment, post)
    else:
        SearchDocument.objects.filter(key=f"comment:{comment.pk}").delete()
    if answered_may_change:
        answered = post.accepted_comment_id is not None
        SearchDocument.objects.filter(post_id=post.pk).exclude(answered=answered).update(
            answered=answered
        )


def _index_comment(comment: Comment, post: Post) -> None:
    body = plain_text(comment.html)
    language, _title, body_terms = analyse("", body)
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
            "body": body,
            "language": language,
            "title_terms": "",
            "body_terms": body_terms,
            "published_at": comment.created_at,
            "answered": post.accepted_comment_id is not None,
        },
    )


@purgers("search")
def documents_purge(post_ids: list[int], comment_ids: list[int]) -> None:
    """Purged posts and comments leave the index (their text is gone)."""
    SearchDocument.objects.filter(Q(post_id__in=post_ids) | Q(comment_id__in=comment_ids)).delete()
