"""One search endpoint for posts, people and communities."""

from __future__ import annotations

from ninja import Query, Router

from hearth.communities.access import access_community
from hearth.communities.api import communities_out
from hearth.conversations.models import Post
from hearth.conversations.schemas import PostOut
from hearth.core.api import STANDARD_ERRORS, page_out
from hearth.core.errors import FieldError, Invalid
from hearth.core.types import ApiRequest
from hearth.people.access import access_person
from hearth.people.schemas import PersonOut

from .schemas import HitPage, SearchQuery
from .selectors import TYPES, PostFilters, search_for

router = Router(tags=["search"])


def filters_from(viewer, query) -> PostFilters:
    """Turn the filter parameters into ids; an unknown community or author matches nothing."""

    if query.kind and query.kind not in Post.Kind.values:
        raise Invalid("Unknown kind of post.", [FieldError("kind", "Not a kind of post.")])
    if query.start and query.end and query.end < query.start:
        raise Invalid("The period is reversed.", [FieldError("end", "Must not be before start.")])
    filters = PostFilters(
        kind=query.kind, start=query.start, end=query.end, answered=query.answered
    )
    if query.community:
        filters.community_id = access_community(viewer, query.community).pk
    if query.author:
        filters.author_id = access_person(viewer, query.author).pk
    return filters


def hits_out(request, hits) -> list[dict]:
    communities = {
        c["slug"]: c
        for c in communities_out(request, [h.object for h in hits if h.type == "community"])
    }
    items = []
    for hit in hits:
        if hit.type == "post":
            obj = PostOut.from_post(hit.object, request)
        elif hit.type == "person":
            obj = PersonOut.from_person(hit.object, request)
        else:
            obj = communities[hit.object.slug]
        items.append(
            {
                "type": hit.type,
                "score": hit.score,
                "snippet": str(hit.snippet),
                "comment": hit.comment_id,
                "object": obj,
            }
        )
    return items


@router.get(
    "/search", response={200: HitPage, **STANDARD_ERRORS}, summary="Search what you may see"
)
def search(request: ApiRequest, query: Query[SearchQuery]):
    if query.type and query.type not in TYPES:
        raise Invalid("Unknown type.", [FieldError("type", "post, person or community.")])
    filters = filters_from(request.auth, query)
    hits, next_cursor = search_for(
        request.auth,
        query.q,
        type=query.type,
        filters=filters,
        limit=query.limit,
        cursor=query.cursor,
    )
    return page_out(hits_out(request, hits), next_cursor)
