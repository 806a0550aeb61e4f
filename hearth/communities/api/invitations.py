"""Personal invitations to a community: preview, send, list, mine, decline."""

from __future__ import annotations

from ninja import Query, Router, Status

from hearth.core.api import RATE_LIMITED, UPLOAD_ERRORS, PageQuery, page_out
from hearth.core.pagination import paginate
from hearth.core.types import ApiRequest
from hearth.people.schemas import person_summary

from .. import invitations
from ..access import access_community
from ..schemas import (
    InvitationOut,
    InvitationPage,
    InviteIn,
    PlannedOut,
    SentOut,
)
from ..selectors import (
    invitations_of,
)

router = Router(tags=["communities"])
ERRORS = UPLOAD_ERRORS  # core's one list, with the 413 of the routers that take files


def _target(payload) -> invitations.Target:
    return invitations.Target(
        usernames=payload.usernames,
        department=payload.department,
        location=payload.location,
        country=payload.country,
        skill=payload.skill,
    )


def _planned(request, item) -> dict:
    return {
        "person": person_summary(item.person, request),
        "message": item.message,
        "reason": item.reason,
        "skipped": item.skipped,
    }


def invitation_out(request, invitation) -> dict:
    return {
        "id": invitation.pk,
        "community": invitation.community.slug,
        "community_name": invitation.community.name,
        "inviter": invitation.inviter.username if invitation.inviter else None,
        "invitee": person_summary(invitation.invitee, request),
        "message": invitation.message,
        "reason": invitation.reason,
        "state": invitation.state,
        "sent_at": invitation.sent_at,
        "seen_at": invitation.seen_at,
        "joined_at": invitation.joined_at,
        "contributed_at": invitation.contributed_at,
    }


@router.post(
    "/communities/{slug}/invitations/preview",
    response={200: list[PlannedOut], **ERRORS},
    summary="Preview each personalised invitation (nothing is sent)",
)
def invitation_preview(request: ApiRequest, slug: str, payload: InviteIn):
    community = access_community(request.auth, slug, for_write=True)
    planned = invitations.plan(
        actor=request.auth, community=community, target=_target(payload), template=payload.template
    )
    return [_planned(request, item) for item in planned]


@router.post(
    "/communities/{slug}/invitations",
    response={201: SentOut, **ERRORS, **RATE_LIMITED},
    summary="Send personal invitations",
)
def invitation_send(request: ApiRequest, slug: str, payload: InviteIn):
    community = access_community(request.auth, slug, for_write=True)
    planned = invitations.send(
        actor=request.auth, community=community, target=_target(payload), template=payload.template
    )
    return Status(
        201,
        {
            "sent": len([p for p in planned if not p.skipped]),
            "skipped": [_planned(request, p) for p in planned if p.skipped],
        },
    )


@router.get(
    "/communities/{slug}/invitations",
    response={200: InvitationPage, **ERRORS},
    summary="Invitations sent for a community, with the funnel (leaders)",
)
def invitation_list(request: ApiRequest, slug: str, page: Query[PageQuery]):
    community = access_community(request.auth, slug, for_write=True)
    rows, next_cursor = paginate(
        invitations_of(community),
        ordering=["-sent_at", "-id"],
        limit=page.limit,
        cursor=page.cursor,
    )
    return {
        "funnel": invitations.funnel(community),
        **page_out([invitation_out(request, i) for i in rows], next_cursor),
    }


@router.get(
    "/invitations", response={200: list[InvitationOut], **ERRORS}, summary="My open invitations"
)
def my_invitations(request: ApiRequest):
    return [invitation_out(request, i) for i in invitations.pending_for(request.auth)[:100]]


@router.post(
    "/invitations/{invitation_id}/decline",
    response={204: None, **ERRORS},
    summary="Decline an invitation",
)
def invitation_decline(request: ApiRequest, invitation_id: int):
    invitations.decline(person=request.auth, invitation_id=invitation_id)
    return Status(204, None)
