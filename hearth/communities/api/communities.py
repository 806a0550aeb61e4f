"""Communities: create, list, recommend, read, change, join, leave, mute, cover."""

from __future__ import annotations

from django.urls import reverse
from ninja import File, Query, Router, Status, UploadedFile

from hearth.core.api import RATE_LIMITED, UPLOAD_ERRORS, page_out
from hearth.core.pagination import paginate
from hearth.core.types import ApiRequest

from .. import services
from ..access import access_community
from ..models import Community
from ..schemas import (
    CommunityFilters,
    CommunityIn,
    CommunityOut,
    CommunityPage,
    CommunityPatch,
    JoinOut,
    RecommendationOut,
)
from ..selectors import (
    communities_recommended_for,
    community_list_for,
    days_left,
    key_results_of,
    my_roles,
    people_with_role,
)

router = Router(tags=["communities"])
ERRORS = UPLOAD_ERRORS  # core's one list, with the 413 of the routers that take files


def key_result_dict(r) -> dict:
    """A key result as the API shows it (KeyResultOut)."""
    fields = ("title", "target", "current", "unit", "direction", "progress_pct")
    return {"id": r.pk, **{name: getattr(r, name) for name in fields}}


def communities_out(request, communities: list[Community]) -> list[dict]:
    """Serialise communities in a fixed number of queries."""
    roles = people_with_role(communities)
    mine = my_roles(request.auth, communities)
    results = key_results_of(communities)
    return [
        {
            "slug": c.slug,
            "name": c.name,
            "kind": c.kind,
            "privacy": c.privacy,
            "state": c.state,
            "purpose": c.purpose,
            "description": c.description,
            "business_goal": c.business_goal,
            "deliverable": c.deliverable,
            "starts_on": c.starts_on,
            "ends_on": c.ends_on,
            "key_results": [key_result_dict(r) for r in results[c.pk]],
            "sponsors": roles[c.pk]["sponsor"],
            "facilitators": roles[c.pk]["facilitator"],
            "allow_anonymous": c.allow_anonymous,
            "response_target_hours": c.response_target_hours,
            "preapprove_posts": c.preapprove_posts,
            "member_count": c.member_count,
            "my_role": mine.get(c.pk),
            "maturity_level": c.maturity_level,
            "outcome": _outcome(c),
            "days_left": days_left(c),
            "cover_url": request.build_absolute_uri(reverse("communities:cover", args=[c.slug]))
            if c.cover
            else None,
            "url": request.build_absolute_uri(c.get_absolute_url()),
        }
        for c in communities
    ]


def community_one(request, slug: str) -> dict:
    """One community as the API shows it to this person."""
    return communities_out(request, [access_community(request.auth, slug)])[0]


def _outcome(community: Community) -> dict | None:
    if community.delivered_at is None:
        return None
    return {
        "summary": community.outcome_summary,
        "links": community.outcome_links,
        "retrospective": community.retrospective,
        "delivered_at": community.delivered_at,
    }


@router.post("/communities", response={201: CommunityOut, **ERRORS}, summary="Create")
def community_create(request: ApiRequest, payload: CommunityIn):
    community = services.community_create(
        actor=request.auth,
        name=payload.name,
        kind=payload.kind,
        privacy=payload.privacy,
        purpose=payload.purpose,
        description=payload.description,
        business_goal=payload.business_goal,
        deliverable=payload.deliverable,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        key_results=[
            services.KeyResultIn(r.title, r.target, r.unit, r.direction)
            for r in payload.key_results
        ],
        sponsors=payload.sponsors,
        facilitators=payload.facilitators,
        allow_anonymous=payload.allow_anonymous,
        response_target_hours=payload.response_target_hours,
        state=payload.state,
        preapprove_posts=payload.preapprove_posts,
        confirm_sponsors=payload.confirm_sponsors,
    )
    return Status(201, communities_out(request, [community])[0])


@router.get("/communities", response={200: CommunityPage, **ERRORS}, summary="List")
def community_list(request: ApiRequest, filters: Query[CommunityFilters]):
    communities = community_list_for(
        request.auth, q=filters.q, kind=filters.kind, state=filters.state, mine=filters.mine
    )
    rows, next_cursor = paginate(
        communities, ordering=["name", "id"], limit=filters.limit, cursor=filters.cursor
    )
    return page_out(communities_out(request, rows), next_cursor)


@router.get(
    "/communities/recommended",
    response={200: list[RecommendationOut], **ERRORS},
    summary="Communities whose members share my skills and interests, with why",
)
def community_recommended(request: ApiRequest):
    items = communities_recommended_for(request.auth)
    out = communities_out(request, [i["community"] for i in items])
    return [
        {"community": c, "people": i["people"], "shared": i["shared"]}
        for c, i in zip(out, items, strict=True)
    ]


@router.get("/communities/{slug}", response={200: CommunityOut, **ERRORS}, summary="One")
def community_detail(request: ApiRequest, slug: str):
    return communities_out(request, [access_community(request.auth, slug)])[0]


@router.patch("/communities/{slug}", response={200: CommunityOut, **ERRORS}, summary="Change")
def community_update(request: ApiRequest, slug: str, payload: CommunityPatch):
    community = access_community(request.auth, slug, for_write=True)
    changes = payload.dict(exclude_unset=True)
    key_results = changes.pop("key_results", None)
    services.community_update(
        actor=request.auth, community=community, key_results=key_results, **changes
    )
    return communities_out(request, [access_community(request.auth, slug)])[0]


@router.post(
    "/communities/{slug}/join", response={200: JoinOut, 202: JoinOut, **ERRORS}, summary="Join"
)
def community_join(request: ApiRequest, slug: str):
    membership = services.community_join(
        actor=request.auth, community=access_community(request.auth, slug)
    )
    if membership.is_active:
        return Status(200, {"state": "active", "role": membership.role})
    return Status(202, {"state": "requested", "role": None})


@router.post("/communities/{slug}/leave", response={200: JoinOut, **ERRORS}, summary="Leave")
def community_leave(request: ApiRequest, slug: str):
    services.community_leave(actor=request.auth, community=access_community(request.auth, slug))
    return {"state": "left", "role": None}


@router.post("/communities/{slug}/mute", response={200: JoinOut, **ERRORS}, summary="Mute")
def community_mute(request: ApiRequest, slug: str):
    membership = services.community_mute(
        actor=request.auth, community=access_community(request.auth, slug), muted=True
    )
    return {"state": "active", "role": membership.role}


@router.delete("/communities/{slug}/mute", response={200: JoinOut, **ERRORS}, summary="Unmute")
def community_unmute(request: ApiRequest, slug: str):
    membership = services.community_mute(
        actor=request.auth, community=access_community(request.auth, slug), muted=False
    )
    return {"state": "active", "role": membership.role}


@router.post(
    "/communities/{slug}/cover",
    response={200: CommunityOut, **ERRORS, **RATE_LIMITED},
    summary="Set the cover image (multipart field `file`)",
)
def community_cover(request: ApiRequest, slug: str, file: File[UploadedFile]):
    community = access_community(request.auth, slug, for_write=True)
    services.community_set_cover(actor=request.auth, community=community, upload=file)
    return community_one(request, slug)
