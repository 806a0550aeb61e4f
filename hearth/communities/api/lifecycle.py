"""A community of purpose from draft to delivered: activate, deliver, archive, its charter's
history and key results."""

from __future__ import annotations

from ninja import Router

from hearth.core.api import RATE_LIMITED, UPLOAD_ERRORS
from hearth.core.types import ApiRequest

from .. import services
from ..access import access_community, access_key_result, access_readable_community
from ..schemas import (
    ChangeOut,
    CommunityOut,
    DeliverIn,
    KeyResultOut,
    ProgressIn,
)
from ..selectors import (
    charter_history,
)
from .communities import community_one, key_result_dict

router = Router(tags=["communities"])
ERRORS = UPLOAD_ERRORS  # core's one list, with the 413 of the routers that take files


@router.post(
    "/communities/{slug}/activate", response={200: CommunityOut, **ERRORS}, summary="Launch a draft"
)
def community_activate(request: ApiRequest, slug: str):
    services.community_activate(actor=request.auth, community=access_community(request.auth, slug))
    return community_one(request, slug)


@router.post(
    "/communities/{slug}/deliver",
    response={200: CommunityOut, **ERRORS, **RATE_LIMITED},
    summary="Deliver a community of purpose with its outcome",
)
def community_deliver(request: ApiRequest, slug: str, payload: DeliverIn):
    outcome = services.OutcomeIn(
        summary=payload.summary,
        links=payload.links,
        retrospective=payload.retrospective,
        final_values={r.id: r.value for r in payload.key_results},
    )
    services.community_deliver(
        actor=request.auth, community=access_community(request.auth, slug), outcome=outcome
    )
    return community_one(request, slug)


@router.post(
    "/communities/{slug}/archive", response={200: CommunityOut, **ERRORS}, summary="Archive"
)
def community_archive(request: ApiRequest, slug: str):
    services.community_archive(actor=request.auth, community=access_community(request.auth, slug))
    return community_one(request, slug)


@router.get(
    "/communities/{slug}/history",
    response={200: list[ChangeOut], **ERRORS},
    summary="Charter changes, newest first",
)
def community_history(request: ApiRequest, slug: str):
    community = access_readable_community(request.auth, slug)
    return [
        {
            "actor": c.actor.username if c.actor else None,
            "created_at": c.created_at,
            "changes": c.changes,
        }
        for c in charter_history(community)
    ]


@router.post(
    "/communities/{slug}/key-results/{result_id}/progress",
    response={200: KeyResultOut, **ERRORS},
    summary="Record a key result's current value",
)
def key_result_progress(request: ApiRequest, slug: str, result_id: int, payload: ProgressIn):
    community = access_community(request.auth, slug)
    result = access_key_result(community, result_id)
    services.key_result_progress(
        actor=request.auth, key_result=result, value=payload.value, note=payload.note
    )
    return key_result_dict(result)
