"""Posts, comments, reactions, answers, votes and bookmarks in the public API."""

from __future__ import annotations

from ninja import File, Query, Router, Status, UploadedFile

from hearth.communities.access import access_community, access_readable_community
from hearth.core.api import RATE_LIMITED, UPLOAD_ERRORS, PageQuery, page_out
from hearth.core.errors import Conflict
from hearth.core.pagination import paginate
from hearth.core.types import ApiRequest
from hearth.people.schemas import person_summary

from . import services
from .access import access_comment, access_post
from .schemas import (
    AcceptIn,
    AttachmentOut,
    CommentIn,
    CommentOut,
    CommentPage,
    CommentPatch,
    PostIn,
    PostOut,
    PostPage,
    PostPatch,
    ReactionIn,
    ReactionOut,
    ReactorPage,
    ReadsOut,
    RevisionOut,
    VoteIn,
)
from .selectors import (
    announcement_stats,
    bookmarks_for,
    comment_list_for,
    drafts_for,
    post_list_for,
    posts_decorate,
    reactions_for,
    revisions_for,
)

router = Router(tags=["posts"])
ERRORS = UPLOAD_ERRORS  # core's one list, with the 413 of the routers that take files


def post_out(request, post) -> dict:
    posts_decorate(request.auth, [post], first_comments=False)
    return PostOut.from_post(post, request)


def posts_page(request, posts, ordering, page: PageQuery, windows=None) -> dict:
    rows, next_cursor = paginate(
        posts, ordering=ordering, limit=page.limit, cursor=page.cursor, windows=windows
    )
    posts_decorate(request.auth, rows, first_comments=False)
    return page_out([PostOut.from_post(p, request) for p in rows], next_cursor)


def post_in(request, payload: PostIn) -> services.PostIn:
    viewer = request.auth
    community = access_community(viewer, payload.community) if payload.community else None
    team = access_community(viewer, payload.praised_team) if payload.praised_team else None
    poll = None
    if payload.poll is not None:
        poll = services.PollIn(
            options=payload.poll.options,
            multiple=payload.poll.multiple,
            closes_at=payload.poll.closes_at,
            results=payload.poll.results,
        )
    return services.PostIn(
        kind=payload.kind,
        body=payload.body,
        title=payload.title,
        community=community,
        poll=poll,
        anonymous=payload.anonymous,
        praised=payload.praised,
        praised_team=team,
        praise_value=payload.praise_value,
        pinned_until=payload.pinned_until,
        requires_ack=payload.requires_ack,
        publish_at=payload.publish_at,
        draft=payload.draft,
    )


@router.post("/posts", response={201: PostOut, **ERRORS, **RATE_LIMITED}, summary="Publish a post")
def post_create(request: ApiRequest, payload: PostIn):
    post = services.post_create(actor=request.auth, data=post_in(request, payload))
    return Status(201, post_out(request, access_post(request.auth, post.pk)))


@router.get("/posts/drafts", response={200: PostPage, **ERRORS}, summary="My drafts")
def post_drafts(request: ApiRequest, page: Query[PageQuery]):
    return posts_page(request, drafts_for(request.auth), ["-created_at", "-id"], page)


@router.get("/posts/{post_id}", response={200: PostOut, **ERRORS}, summary="One post")
def post_detail(request: ApiRequest, post_id: int):
    post = access_post(request.auth, post_id)
    services.announcement_seen(actor=request.auth, post=post)
    return post_out(request, post)


@router.patch(
    "/posts/{post_id}", response={200: PostOut, **ERRORS, **RATE_LIMITED}, summary="Edit a post"
)
def post_update(request: ApiRequest, post_id: int, payload: PostPatch):
    post = access_post(request.auth, post_id)
    services.post_update(
        actor=request.auth,
        post=post,
        body=payload.body,
        title=payload.title,
        publish=payload.publish,
    )
    return post_out(request, access_post(request.auth, post_id))


@router.delete("/posts/{post_id}", response={204: None, **ERRORS}, summary="Delete a post")
def post_delete(request: ApiRequest, post_id: int):
    services.post_delete(actor=request.auth, post=access_post(request.auth, post_id))
    return Status(204, None)


@router.get(
    "/posts/{post_id}/revisions",
    response={200: list[RevisionOut], **ERRORS},
    summary="Earlier versions (author and administrators)",
)
def post_revisions(request: ApiRequest, post_id: int):
    post = access_post(request.auth, post_id)
    return [
        {
            "title": r.title,
            "body": r.body,
            "created_at": r.created_at,
            "edited_by": r.edited_by.username if r.edited_by else None,
        }
        for r in revisions_for(request.auth, post)
    ]


@router.post(
    "/posts/{post_id}/attachments",
    response={201: AttachmentOut, **ERRORS, **RATE_LIMITED},
    summary="Attach a file (author)",
)
def post_attach(request: ApiRequest, post_id: int, file: File[UploadedFile]):
    post = access_post(request.auth, post_id)
    attachment = services.attachment_add(actor=request.auth, post=post, upload=file)
    url = request.build_absolute_uri(attachment.get_absolute_url())
    return Status(
        201,
        {
            "id": attachment.pk,
            "name": attachment.name,
            "content_type": attachment.content_type,
            "size": attachment.size,
            "is_image": attachment.is_image,
            "url": url,
            "thumbnail_url": url + "?thumbnail=1" if attachment.thumbnail else None,
            "preview_pending": attachment.preview_pending,
        },
    )


@router.get(
    "/posts/{post_id}/comments",
    response={200: CommentPage, **ERRORS},
    summary="Comments of a post, oldest first",
)
def comment_list(request: ApiRequest, post_id: int, page: Query[PageQuery]):
    post = access_post(request.auth, post_id)
    rows, next_cursor = paginate(
        comment_list_for(request.auth, post),
        ordering=["created_at", "id"],
        limit=page.limit,
        cursor=page.cursor,
    )
    return page_out(
        [CommentOut.from_comment(c, request, post.accepted_comment_id) for c in rows],
        next_cursor,
    )


@router.post(
    "/posts/{post_id}/comments",
    response={201: CommentOut, **ERRORS, **RATE_LIMITED},
    summary="Comment or answer",
)
def comment_create(request: ApiRequest, post_id: int, payload: CommentIn):
    post = access_post(request.auth, post_id)
    parent = access_comment(request.auth, post, payload.parent)
    comment = services.comment_create(
        actor=request.auth, post=post, body=payload.body, parent=parent
    )
    return Status(201, CommentOut.from_comment(comment, request))


@router.patch(
    "/posts/{post_id}/comments/{comment_id}",
    response={200: CommentOut, **ERRORS, **RATE_LIMITED},
    summary="Edit a comment",
)
def comment_update(request: ApiRequest, post_id: int, comment_id: int, payload: CommentPatch):
    post = access_post(request.auth, post_id)
    comment = access_comment(request.auth, post, comment_id)
    comment = services.comment_update(actor=request.auth, comment=comment, body=payload.body)
    return CommentOut.from_comment(comment, request, post.accepted_comment_id)


@router.delete(
    "/posts/{post_id}/comments/{comment_id}",
    response={204: None, **ERRORS},
    summary="Delete a comment",
)
def comment_delete(request: ApiRequest, post_id: int, comment_id: int):
    post = access_post(request.auth, post_id)
    services.comment_delete(
        actor=request.auth, comment=access_comment(request.auth, post, comment_id)
    )
    return Status(204, None)


@router.post(
    "/posts/{post_id}/reactions",
    response={200: ReactionOut, **ERRORS, **RATE_LIMITED},
    summary="React",
)
def reaction_set(request: ApiRequest, post_id: int, payload: ReactionIn):
    post = access_post(request.auth, post_id)
    services.reaction_set(actor=request.auth, post=post, kind=payload.kind)
    post = access_post(request.auth, post_id)
    return {"kind": payload.kind, "reactions": post.reaction_counts}


@router.delete(
    "/posts/{post_id}/reactions", response={200: ReactionOut, **ERRORS}, summary="Remove reaction"
)
def reaction_remove(request: ApiRequest, post_id: int):
    post = access_post(request.auth, post_id)
    services.reaction_remove(actor=request.auth, post=post)
    post = access_post(request.auth, post_id)
    return {"kind": None, "reactions": post.reaction_counts}


@router.get(
    "/posts/{post_id}/reactions", response={200: ReactorPage, **ERRORS}, summary="Who reacted"
)
def reaction_list(request: ApiRequest, post_id: int, page: Query[PageQuery]):
    post = access_post(request.auth, post_id)
    rows, next_cursor = paginate(
        reactions_for(request.auth, post),
        ordering=["-created_at", "-id"],
        limit=page.limit,
        cursor=page.cursor,
    )
    return page_out(
        [{"person": person_summary(r.person, request), "kind": r.kind} for r in rows],
        next_cursor,
    )


@router.post(
    "/posts/{post_id}/accept", response={200: PostOut, **ERRORS}, summary="Accept an answer"
)
def answer_accept(request: ApiRequest, post_id: int, payload: AcceptIn):
    post = access_post(request.auth, post_id)
    comment = access_comment(request.auth, post, payload.comment)
    services.answer_accept(actor=request.auth, post=post, comment=comment)
    return post_out(request, access_post(request.auth, post_id))


@router.post(
    "/posts/{post_id}/vote",
    response={200: PostOut, **ERRORS},
    summary="Vote on a poll (options) or vote an idea up",
)
def vote(request: ApiRequest, post_id: int, payload: VoteIn):
    post = access_post(request.auth, post_id)
    if post.kind == post.Kind.IDEA:
        services.idea_vote(actor=request.auth, post=post, up=True)
    else:
        services.poll_vote(actor=request.auth, post=post, option_ids=payload.options)
    return post_out(request, access_post(request.auth, post_id))


@router.delete(
    "/posts/{post_id}/vote", response={200: PostOut, **ERRORS}, summary="Take back an idea vote"
)
def unvote(request: ApiRequest, post_id: int):
    post = access_post(request.auth, post_id)
    services.idea_vote(actor=request.auth, post=post, up=False)
    return post_out(request, access_post(request.auth, post_id))


@router.post(
    "/posts/{post_id}/acknowledge",
    response={200: ReadsOut, **ERRORS},
    summary="Acknowledge an announcement that asks for it",
)
def announcement_acknowledge(request: ApiRequest, post_id: int):
    post = access_post(request.auth, post_id)
    services.announcement_acknowledge(actor=request.auth, post=post)
    return _reads(request, post)


@router.get(
    "/posts/{post_id}/reads",
    response={200: ReadsOut, **ERRORS},
    summary="Seen by N of M; who has not acknowledged (author and leaders)",
)
def announcement_reads(request: ApiRequest, post_id: int):
    return _reads(request, access_post(request.auth, post_id))


def _reads(request, post) -> dict:
    stats = announcement_stats(request.auth, post)
    if stats is None:
        raise Conflict("Only announcements track who has seen them.")
    return {
        "audience": stats["audience"],
        "seen": stats["seen"],
        "acknowledged": stats.get("acknowledged"),
        "pending": [person_summary(p, request) for p in stats["pending"]]
        if stats.get("show_pending")
        else None,
    }


@router.post("/posts/{post_id}/bookmark", response={204: None, **ERRORS}, summary="Bookmark")
def bookmark_add(request: ApiRequest, post_id: int):
    services.bookmark_set(actor=request.auth, post=access_post(request.auth, post_id), on=True)
    return Status(204, None)


@router.delete("/posts/{post_id}/bookmark", response={204: None, **ERRORS}, summary="Unbookmark")
def bookmark_remove(request: ApiRequest, post_id: int):
    services.bookmark_set(actor=request.auth, post=access_post(request.auth, post_id), on=False)
    return Status(204, None)


@router.get("/bookmarks", response={200: PostPage, **ERRORS}, summary="My bookmarks")
def bookmark_list(request: ApiRequest, page: Query[PageQuery]):
    return posts_page(request, bookmarks_for(request.auth), ["-published_at", "-id"], page)


@router.get(
    "/communities/{slug}/feed",
    response={200: PostPage, **ERRORS},
    summary="Feed",
    tags=["communities"],
    operation_id="hearth_communities_api_community_feed",
)
def community_feed(request: ApiRequest, slug: str, page: Query[PageQuery]):
    # A community's posts, newest first (no docstring: it would change the API's description).
    community = access_readable_community(request.auth, slug)
    posts = post_list_for(request.auth, community=community)
    return posts_page(request, posts, ["-published_at", "-id"], page)
