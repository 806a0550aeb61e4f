"""Ideas in the public API: ideas by status ("you said, we did"), an idea's status and history,
and answering an idea."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Query, Router

from hearth.communities.access import access_community
from hearth.conversations.access import access_post
from hearth.core.api import STANDARD_ERRORS, Page, page_out
from hearth.core.errors import NotFound
from hearth.core.pagination import paginate
from hearth.core.types import ApiRequest
from hearth.people.schemas import person_summary

from . import selectors, services
from .access import access_merge_target
from .models import IdeaStatus
from .schemas import IdeaOut, IdeasQuery, IdeaStatusIn, IdeaStatusOut

router = Router(tags=["ideas"])
ORDER = ["-published_at", "-id"]


def idea_out(post, row: IdeaStatus | None, request) -> dict:
    return {
        "id": post.pk,
        "title": post.display_title,
        "author": None if post.anonymous else person_summary(post.author, request),
        "anonymous": post.anonymous,
        "community": post.community.slug if post.community_id else None,
        "vote_count": post.vote_count,
        "comment_count": post.comment_count,
        "published_at": post.published_at,
        "status": post.status,
        "reason": row.reason if row else "",
        "merged_into": row.merged_into_id if row else None,
        "set_at": row.set_at if row else None,
        "url": request.build_absolute_uri(post.get_absolute_url()),
    }


def status_out(viewer, post) -> dict:
    row = selectors.status_of(post)
    return {
        "post": post.pk,
        "status": row.status,
        "reason": row.reason,
        "merged_into": row.merged_into_id,
        "set_by": row.set_by.username if row.set_by else None,
        "set_at": row.set_at,
        "history": [
            {
                "status": change.status,
                "previous": change.previous,
                "reason": change.reason,
                "merged_into": change.merged_into_id,
                "actor": change.actor.username if change.actor else None,
                "created_at": change.created_at,
            }
            for change in selectors.history_for(viewer, post)[:100]
        ],
    }


@router.get(
    "/ideas", response={200: Page[IdeaOut], **STANDARD_ERRORS}, summary="Ideas and their status"
)
def ideas(request: ApiRequest, query: Query[IdeasQuery]):
    """Ideas the caller may read, newest first, with what became of them; `status` and
    `community` (a slug) narrow the list."""
    community = access_community(request.auth, query.community) if query.community else None
    rows, next_cursor = paginate(
        selectors.ideas_for(request.auth, community=community, status=query.status or ""),
        ordering=ORDER,
        limit=query.limit,
        cursor=query.cursor,
    )
    statuses = selectors.statuses_of([p.pk for p in rows])
    return page_out([idea_out(p, statuses.get(p.pk), request) for p in rows], next_cursor)


@router.get(
    "/posts/{post_id}/status",
    response={200: IdeaStatusOut, **STANDARD_ERRORS},
    summary="An idea's status and its history",
)
def idea_status(request: ApiRequest, post_id: int):
    post = access_post(request.auth, post_id)
    if post.kind != "idea":
        raise NotFound(_("Only ideas have a status."))
    return status_out(request.auth, post)


@router.post(
    "/posts/{post_id}/status",
    response={200: IdeaStatusOut, **STANDARD_ERRORS},
    summary="Answer an idea",
)
def idea_status_set(request: ApiRequest, post_id: int, payload: IdeaStatusIn):
    """Give an idea its status (the community's owners, sponsors and facilitators): a `reason`
    is required to decline, `merged_into` (an idea of the same community) to merge."""
    post = access_post(request.auth, post_id)
    target = None
    if payload.merged_into is not None:
        target = access_merge_target(request.auth, payload.merged_into)
    services.idea_status_set(
        actor=request.auth,
        post=post,
        status=payload.status,
        reason=payload.reason,
        merged_into=target,
    )
    return status_out(request.auth, post)
