"""What a person wrote and did in conversations, in their data export (core.registry.exports):
their anonymous posts included, found through the seal's keyed tag, so the export itself is the
only place they are tied together (it is served to them alone)."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.db.models import Q

from hearth.core.registry import ExportPart, export_rows, exports
from hearth.trust.sealed import sealed_post_ids

from .models import (
    AnnouncementRead,
    Attachment,
    Bookmark,
    Comment,
    IdeaVote,
    PollVote,
    Post,
    PostView,
    Reaction,
)


def _own_posts(person):
    anonymous_ids = sealed_post_ids(person)
    return Post.objects.filter(Q(author=person, anonymous=False) | Q(pk__in=anonymous_ids)).filter(
        purged_at__isnull=True
    )


def _attachment_path(attachment: Attachment) -> str:
    return f"files/post-{attachment.post_id}/{attachment.pk}-{PurePosixPath(attachment.name).name}"


def _posts(person) -> list[dict]:
    posts = (
        _own_posts(person)
        .select_related("community")
        .prefetch_related("topics", "attachments", "revisions", "poll__options")
        .order_by("created_at", "id")
    )
    out = []
    for post in posts:
        poll = getattr(post, "poll", None) if post.kind == Post.Kind.POLL else None
        out.append(
            {
                "id": post.pk,
                "kind": post.kind,
                "anonymous": post.anonymous,
                "community": post.community.slug if post.community_id else None,
                "title": post.title,
                "body": post.body,
                "created_at": post.created_at,
                "published_at": post.published_at,
                "edited_at": post.edited_at,
                "deleted_at": post.deleted_at,
                "hidden_at": post.hidden_at,
                "held": post.held,
                "is_draft": post.is_draft,
                "topics": sorted(t.name for t in post.topics.all()),
                "reactions": post.reaction_counts,
                "comment_count": post.comment_count,
                "poll": [o.label for o in poll.options.all()] if poll else None,
                "attachments": [
                    {
                        "name": a.name,
                        "content_type": a.content_type,
                        "size": a.size,
                        "file": _attachment_path(a),
                    }
                    for a in post.attachments.all()
                ],
                "revisions": [
                    {"title": r.title, "body": r.body, "created_at": r.created_at}
                    for r in post.revisions.all()
                    if r.comment_id is None
                ],
            }
        )
    return out


def _comments(person) -> list[dict]:
    comments = (
        Comment.objects.filter(author=person, purged_at__isnull=True)
        .prefetch_related("revisions")
        .order_by("created_at", "id")
    )
    return [
        {
            "id": c.pk,
            "post": c.post_id,
            "reply_to": c.parent_id,
            "body": c.body,
            "created_at": c.created_at,
            "edited_at": c.edited_at,
            "deleted_at": c.deleted_at,
            "hidden_at": c.hidden_at,
            "revisions": [{"body": r.body, "created_at": r.created_at} for r in c.revisions.all()],
        }
        for c in comments
    ]


def _votes(person) -> dict:
    return {
        "polls": export_rows(
            PollVote.objects.filter(person=person), "poll__post", "option__label", "created_at"
        ),
        "ideas": export_rows(IdeaVote.objects.filter(person=person), "post", "created_at"),
    }


def _attachments(person):
    rows = Attachment.objects.filter(post__in=_own_posts(person)).order_by("id")
    return [(attachment.file, _attachment_path(attachment)) for attachment in rows]


def _mine(model, *fields: str):
    return lambda person: export_rows(model.objects.filter(person=person), *fields)


exports.register(
    "conversations",
    ExportPart(
        files={
            "posts.json": _posts,
            "comments.json": _comments,
            "reactions.json": _mine(Reaction, "post", "kind", "created_at"),
            "votes.json": _votes,
            "announcements.json": _mine(AnnouncementRead, "post", "seen_at", "acknowledged_at"),
            "bookmarks.json": _mine(Bookmark, "post", "created_at"),
            "reads.json": _mine(PostView, "post", "first_seen_at"),
        },
        stored=_attachments,
        covers={
            "conversations.post": "posts.json",
            "conversations.comment": "comments.json",
            "conversations.revision": "posts.json / comments.json (revisions)",
            "conversations.reaction": "reactions.json",
            "conversations.pollvote": "votes.json",
            "conversations.ideavote": "votes.json",
            "conversations.announcementread": "announcements.json",
            "conversations.bookmark": "bookmarks.json",
            "conversations.postview": "reads.json",
            "conversations.mention": "not exported: others' texts that name the person",
            "conversations.attachment": "files/",
        },
    ),
)
