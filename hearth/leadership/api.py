"""Leadership in the public API: the corner's feed and follow, delegation, drafts."""

from __future__ import annotations

import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from hearth.communities.access import access_community
from hearth.conversations.api import PageQuery, post_out, posts_page
from hearth.conversations.schemas import PostOut, PostPage
from hearth.core.api import STANDARD_ERRORS
from hearth.feeds.selectors import HOME_ORDER
from hearth.people.access import access_person

from . import selectors, services

router = Router(tags=["leadership"])
ERRORS = STANDARD_ERRORS


@router.get("/leaders/feed", response={200: PostPage, **ERRORS}, summary="The leadership corner")
def corner(request: HttpRequest, page: Query[PageQuery]):
    """Posts leaders wrote themselves, that the caller may read, newest first."""
    return posts_page(request, selectors.corner_for(request.auth), HOME_ORDER, page)


class CornerFollowIn(Schema):
    on: bool = True


class CornerFollowOut(Schema):
    following: bool


@router.post(
    "/leaders/follow",
    response={200: CornerFollowOut, **ERRORS},
    summary="Follow the leadership corner",
)
def follow(request: HttpRequest, payload: CornerFollowIn):
    return {"following": services.corner_follow(actor=request.auth, on=payload.on)}


class DelegateIn(Schema):
    username: str


class DelegateOut(Schema):
    leader: str
    delegate: str
    since: datetime.datetime


def _delegation(d) -> dict:
    return {"leader": d.leader.username, "delegate": d.delegate.username, "since": d.created_at}


@router.get(
    "/leaders/delegates",
    response={200: list[DelegateOut], **ERRORS},
    summary="Who drafts for me, and for whom I draft",
)
def delegates(request: HttpRequest):
    rows = list(selectors.delegates_of(request.auth).select_related("leader"))
    rows += list(selectors.leaders_i_draft_for(request.auth).select_related("delegate"))
    return [_delegation(d) for d in rows]


@router.post(
    "/leaders/delegates", response={201: DelegateOut, **ERRORS}, summary="Let someone draft for me"
)
def delegate_add(request: HttpRequest, payload: DelegateIn):
    person = access_person(request.auth, payload.username)
    d = services.delegate_grant(actor=request.auth, delegate=person)
    return Status(201, _delegation(d))


@router.delete(
    "/leaders/delegates/{username}",
    response={204: None, **ERRORS},
    summary="Stop someone drafting for me",
)
def delegate_remove(request: HttpRequest, username: str):
    services.delegate_revoke(actor=request.auth, delegate=access_person(request.auth, username))
    return Status(204, None)


class DraftIn(Schema):
    leader: str
    kind: Literal["update", "article", "announcement", "idea"] = "update"
    title: str = ""
    body: str
    community: str | None = None


class DraftOut(Schema):
    id: int
    leader: str
    delegate: str
    kind: str
    title: str
    body: str
    community: str | None
    state: Literal["pending", "approved", "declined"]
    decision_note: str
    post: int | None
    created_at: datetime.datetime


def _draft(d) -> dict:
    return {
        "id": d.pk,
        "leader": d.leader.username,
        "delegate": d.delegate.username,
        "kind": d.kind,
        "title": d.title,
        "body": d.body,
        "community": d.community.slug if d.community_id else None,
        "state": d.state,
        "decision_note": d.decision_note,
        "post": d.post_id,
        "created_at": d.created_at,
    }


@router.get("/leaders/drafts", response={200: list[DraftOut], **ERRORS}, summary="Drafts")
def drafts(request: HttpRequest):
    """Drafts the caller wrote for a leader, or must decide on as the leader."""
    return [_draft(d) for d in selectors.drafts_for(request.auth)[:200]]


@router.post("/leaders/drafts", response={201: DraftOut, **ERRORS}, summary="Draft for a leader")
def draft_create(request: HttpRequest, payload: DraftIn):
    leader = access_person(request.auth, payload.leader)
    community = access_community(request.auth, payload.community) if payload.community else None
    d = services.draft_create(
        actor=request.auth,
        leader=leader,
        kind=payload.kind,
        title=payload.title,
        body=payload.body,
        community=community,
    )
    return Status(201, _draft(d))


class ApproveIn(Schema):
    title: str | None = None
    body: str | None = None


@router.post(
    "/leaders/drafts/{draft_id}/approve",
    response={201: PostOut, **ERRORS},
    summary="Approve and publish a draft",
)
def draft_approve(request: HttpRequest, draft_id: int, payload: ApproveIn):
    """The leader publishes it under their name; the post says who drafted it."""
    from hearth.conversations.access import access_post

    d = selectors.access_draft(request.auth, draft_id)
    post = services.draft_approve(
        actor=request.auth, draft=d, title=payload.title, body=payload.body
    )
    return Status(201, post_out(request, access_post(request.auth, post.pk)))


class DeclineIn(Schema):
    note: str = ""


@router.post(
    "/leaders/drafts/{draft_id}/decline",
    response={200: DraftOut, **ERRORS},
    summary="Decline a draft",
)
def draft_decline(request: HttpRequest, draft_id: int, payload: DeclineIn):
    d = selectors.access_draft(request.auth, draft_id)
    return _draft(services.draft_decline(actor=request.auth, draft=d, note=payload.note))
