"""Post and Comment as the API shows them (API.md: Posts, comments, reactions)."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field

from hearth.core.api import Page, RowId, UtcDatetime
from hearth.core.types import IsoDateTime
from hearth.people.schemas import PersonSummary, person_summary


class PollOptionOut(Schema):
    id: int
    label: str
    votes: int | None = Field(description="null until the caller may see results")


class PollOut(Schema):
    options: list[PollOptionOut]
    multiple: bool
    closes_at: IsoDateTime | None
    is_open: bool
    results: str
    voters: int | None
    my_choices: list[int]


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    is_image: bool
    url: str
    thumbnail_url: str | None
    preview_pending: bool = Field(
        description="An image whose preview the background worker has not made yet."
    )


class PostOut(Schema):
    id: int
    kind: str
    author: PersonSummary | None
    anonymous: bool
    drafted_by: str | None
    community: str | None
    title: str
    body: str
    html: str
    created_at: IsoDateTime
    published_at: IsoDateTime
    edited_at: IsoDateTime | None
    is_draft: bool
    comment_count: int
    reactions: dict[str, int]
    my_reaction: str | None
    accepted_comment: int | None
    acknowledged: bool
    poll: PollOut | None
    topics: list[str]
    praised: list[str]
    praised_team: str | None
    praise_value: str | None
    vote_count: int
    my_vote: bool
    pinned_until: IsoDateTime | None
    requires_ack: bool
    bookmarked: bool
    reading_minutes: int
    attachments: list[AttachmentOut]
    url: str

    @staticmethod
    def from_post(post, request) -> dict:
        """Serialise a post that went through `posts_decorate`."""
        absolute = request.build_absolute_uri
        poll = None
        view = getattr(post, "poll_view", None)
        if view is not None:
            show = view["show_results"]
            poll = {
                "options": [
                    {"id": o.pk, "label": o.label, "votes": o.vote_count if show else None}
                    for o in view["options"]
                ],
                "multiple": view["poll"].multiple,
                "closes_at": view["poll"].closes_at,
                "is_open": view["is_open"],
                "results": view["poll"].results,
                "voters": view["poll"].voter_count if show else None,
                "my_choices": sorted(view["my_choices"]),
            }
        return {
            "id": post.pk,
            "kind": post.kind,
            "author": None if post.anonymous else person_summary(post.author, request),
            "anonymous": post.anonymous,
            "drafted_by": post.drafted_by.username if post.drafted_by_id else None,
            "community": post.community.slug if post.community_id else None,
            "title": post.title,
            "body": post.body,
            "html": post.html,
            "created_at": post.created_at,
            "published_at": post.published_at,
            "edited_at": post.edited_at,
            "is_draft": post.is_draft,
            "comment_count": post.comment_count,
            "reactions": post.reaction_counts,
            "my_reaction": post.my_reaction,
            "accepted_comment": post.accepted_comment_id,
            "acknowledged": post.acknowledged_at is not None,
            "poll": poll,
            "topics": [t.name for t in post.topic_list],
            "praised": [p.username for p in post.praised_list],
            "praised_team": post.praised_team.slug if post.praised_team_id else None,
            "praise_value": post.praise_value or None,
            "vote_count": post.vote_count,
            "my_vote": post.my_idea_vote,
            "pinned_until": post.pinned_until,
            "requires_ack": post.requires_ack,
            "bookmarked": post.bookmarked,
            "reading_minutes": post.reading_minutes,
            "attachments": [
                {
                    "id": a.pk,
                    "name": a.name,
                    "content_type": a.content_type,
                    "size": a.size,
                    "is_image": a.is_image,
                    "url": absolute(a.get_absolute_url()),
                    "thumbnail_url": absolute(a.get_absolute_url() + "?thumbnail=1")
                    if a.thumbnail
                    else None,
                    "preview_pending": a.preview_pending,
                }
                for a in post.attachment_list
            ],
            "url": absolute(post.get_absolute_url()),
        }


class PostPage(Page[PostOut]):
    pass


class PollIn(Schema):
    options: list[str]
    multiple: bool = False
    closes_at: UtcDatetime | None = None
    results: str = "after_vote"


class PostIn(Schema):
    kind: str = "update"
    community: str | None = None
    title: str = ""
    body: str
    poll: PollIn | None = None
    anonymous: bool = False
    praised: list[str] = []
    praised_team: str | None = None
    praise_value: str = ""
    pinned_until: UtcDatetime | None = None
    requires_ack: bool = False
    publish_at: UtcDatetime | None = None
    draft: bool = False


class PostPatch(Schema):
    title: str | None = None
    body: str | None = None
    publish: bool = False


class CommentOut(Schema):
    id: int
    post: int
    parent: int | None
    author: PersonSummary
    body: str
    html: str
    created_at: IsoDateTime
    edited_at: IsoDateTime | None
    accepted: bool

    @staticmethod
    def from_comment(comment, request, accepted_id: int | None = None) -> dict:
        return {
            "id": comment.pk,
            "post": comment.post_id,
            "parent": comment.parent_id,
            "author": person_summary(comment.author, request),
            "body": comment.body,
            "html": comment.html,
            "created_at": comment.created_at,
            "edited_at": comment.edited_at,
            "accepted": comment.pk == accepted_id,
        }


class CommentPage(Page[CommentOut]):
    pass


class CommentIn(Schema):
    body: str
    parent: int | None = None


class CommentPatch(Schema):
    body: str


class ReactionIn(Schema):
    kind: str


class ReactionOut(Schema):
    kind: str | None
    reactions: dict[str, int]


class ReactorOut(Schema):
    person: PersonSummary
    kind: str


class ReactorPage(Page[ReactorOut]):
    pass


class AcceptIn(Schema):
    comment: RowId | None


class VoteIn(Schema):
    options: list[RowId] = []


class RevisionOut(Schema):
    title: str
    body: str
    edited_by: str | None
    created_at: IsoDateTime


class ReadsOut(Schema):
    audience: int
    seen: int
    acknowledged: int | None
    pending: list[PersonSummary] | None
