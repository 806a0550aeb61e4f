"""A community's members: list, add, add many, remove."""

from __future__ import annotations

from ninja import Query, Router, Status

from hearth.core.api import UPLOAD_ERRORS, PageQuery, page_out
from hearth.core.pagination import paginate
from hearth.core.types import ApiRequest
from hearth.people.access import access_person
from hearth.people.schemas import person_summary

from .. import services
from ..access import access_community, access_readable_community
from ..schemas import (
    BulkIn,
    BulkOut,
    JoinOut,
    MemberIn,
    MemberPage,
)
from ..selectors import (
    members_of,
)

router = Router(tags=["communities"])
ERRORS = UPLOAD_ERRORS  # core's one list, with the 413 of the routers that take files


@router.get("/communities/{slug}/members", response={200: MemberPage, **ERRORS}, summary="Members")
def member_list(request: ApiRequest, slug: str, page: Query[PageQuery]):
    community = access_readable_community(request.auth, slug)
    rows, next_cursor = paginate(
        members_of(community),
        ordering=["person__display_name", "id"],
        limit=page.limit,
        cursor=page.cursor,
    )
    return page_out(
        [{"person": person_summary(m.person, request), "role": m.role} for m in rows],
        next_cursor,
    )


@router.post(
    "/communities/{slug}/members", response={200: JoinOut, **ERRORS}, summary="Add a member"
)
def member_add(request: ApiRequest, slug: str, payload: MemberIn):
    community = access_community(request.auth, slug, for_write=True)
    person = access_person(request.auth, payload.username)
    membership = services.member_add(
        actor=request.auth, community=community, person=person, role=payload.role
    )
    return {"state": "active", "role": membership.role}


@router.post(
    "/communities/{slug}/members/bulk",
    response={200: BulkOut, **ERRORS},
    summary="Add everyone of a department, location, country or skill",
)
def members_bulk(request: ApiRequest, slug: str, payload: BulkIn):
    community = access_community(request.auth, slug, for_write=True)
    added = services.members_add_bulk(
        actor=request.auth,
        community=community,
        department=payload.department,
        location=payload.location,
        country=payload.country,
        skill=payload.skill,
        role=payload.role,
    )
    return {"added": added}


@router.delete(
    "/communities/{slug}/members/{username}",
    response={204: None, **ERRORS},
    summary="Remove a member",
)
def member_remove(request: ApiRequest, slug: str, username: str):
    community = access_community(request.auth, slug, for_write=True)
    person = access_person(request.auth, username)
    services.member_remove(actor=request.auth, community=community, person=person)
    return Status(204, None)
