"""Communities in the public API: create, list, read, change, join, leave, members, feed."""

from __future__ import annotations

from django.urls import reverse
from ninja import File, Query, Router, Status, UploadedFile

from hearth.core.api import RATE_LIMITED, UPLOAD_ERRORS, PageQuery
from hearth.core.pagination import paginate
from hearth.core.types import ApiRequest
from hearth.people.access import access_person
from hearth.people.schemas import person_summary

from . import decisions, invitations, services
from .access import access_community, access_key_result, access_readable_community
from .models import Community
from .schemas import (
    BulkIn,
    BulkOut,
    ChangeOut,
    CommunityFilters,
    CommunityIn,
    CommunityOut,
    CommunityPage,
    CommunityPatch,
    DeliverIn,
    InvitationOut,
    InvitationPage,
    InviteIn,
    JoinOut,
    KeyResultOut,
    MemberIn,
    MemberPage,
    PlannedOut,
    ProgressIn,
    ProposalIn,
    ProposalOut,
    ProposalVoteIn,
    RecommendationOut,
    SentOut,
    VetoIn,
)
from .selectors import (
    charter_history,
    communities_recommended_for,
    community_list_for,
    days_left,
    invitations_of,
    key_results_of,
    members_of,
    my_roles,
    people_with_role,
)

router = Router(tags=["communities"])
ERRORS = UPLOAD_ERRORS  # core's one list, with the 413 of the routers that take files


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
            "key_results": [
                {
                    "id": r.pk,
                    "title": r.title,
                    "target": r.target,
                    "current": r.current,
                    "unit": r.unit,
                }
                for r in results[c.pk]
            ],
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
        key_results=[services.KeyResultIn(r.title, r.target, r.unit) for r in payload.key_results],
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
    return {"items": communities_out(request, rows), "next_cursor": next_cursor}


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


@router.get("/communities/{slug}/members", response={200: MemberPage, **ERRORS}, summary="Members")
def member_list(request: ApiRequest, slug: str, page: Query[PageQuery]):
    community = access_readable_community(request.auth, slug)
    rows, next_cursor = paginate(
        members_of(community),
        ordering=["person__display_name", "id"],
        limit=page.limit,
        cursor=page.cursor,
    )
    return {
        "items": [{"person": person_summary(m.person, request), "role": m.role} for m in rows],
        "next_cursor": next_cursor,
    }


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


def _one(request, slug: str) -> dict:
    return communities_out(request, [access_community(request.auth, slug)])[0]


@router.post(
    "/communities/{slug}/activate", response={200: CommunityOut, **ERRORS}, summary="Launch a draft"
)
def community_activate(request: ApiRequest, slug: str):
    services.community_activate(actor=request.auth, community=access_community(request.auth, slug))
    return _one(request, slug)


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
    return _one(request, slug)


@router.post(
    "/communities/{slug}/archive", response={200: CommunityOut, **ERRORS}, summary="Archive"
)
def community_archive(request: ApiRequest, slug: str):
    services.community_archive(actor=request.auth, community=access_community(request.auth, slug))
    return _one(request, slug)


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
    return {
        "id": result.pk,
        "title": result.title,
        "target": result.target,
        "current": result.current,
        "unit": result.unit,
    }


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
        "items": [invitation_out(request, i) for i in rows],
        "next_cursor": next_cursor,
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


def proposal_out(proposal) -> dict:
    return {
        "id": proposal.pk,
        "community": proposal.community.slug,
        "kind": proposal.kind,
        "title": proposal.title,
        "body": proposal.body,
        "payload": proposal.payload,
        "author": proposal.author.username if proposal.author else None,
        "binding": proposal.binding,
        "state": proposal.state,
        "yes": proposal.yes,
        "no": proposal.no,
        "abstain": proposal.abstain,
        "quorum_pct": proposal.quorum_pct,
        "threshold_pct": proposal.threshold_pct,
        "created_at": proposal.created_at,
        "closes_at": proposal.closes_at,
        "decided_at": proposal.decided_at,
        "outcome": proposal.outcome,
    }


@router.post(
    "/communities/{slug}/proposals",
    response={201: ProposalOut, **ERRORS},
    summary="Raise a proposal (what it may decide follows the community's maturity)",
)
def proposal_create(request: ApiRequest, slug: str, payload: ProposalIn):
    community = access_readable_community(request.auth, slug)
    proposal = decisions.proposal_create(
        actor=request.auth,
        community=community,
        kind=payload.kind,
        title=payload.title,
        body=payload.body,
        payload=payload.payload,
        closes_in_days=payload.closes_in_days,
    )
    return Status(201, proposal_out(proposal))


@router.get(
    "/communities/{slug}/proposals",
    response={200: list[ProposalOut], **ERRORS},
    summary="Open proposals and the decision log",
)
def proposal_list(request: ApiRequest, slug: str):
    community = access_readable_community(request.auth, slug)
    return [proposal_out(p) for p in decisions.proposals_of(community)[:200]]


@router.get("/proposals/{proposal_id}", response={200: ProposalOut, **ERRORS}, summary="One")
def proposal_detail(request: ApiRequest, proposal_id: int):
    return proposal_out(decisions.access_proposal(request.auth, proposal_id))


@router.post("/proposals/{proposal_id}/vote", response={200: ProposalOut, **ERRORS}, summary="Vote")
def proposal_vote(request: ApiRequest, proposal_id: int, payload: ProposalVoteIn):
    proposal = decisions.access_proposal(request.auth, proposal_id)
    decisions.proposal_vote(actor=request.auth, proposal=proposal, choice=payload.choice)
    return proposal_out(decisions.access_proposal(request.auth, proposal_id))


@router.post(
    "/proposals/{proposal_id}/veto",
    response={200: ProposalOut, **ERRORS},
    summary="Veto an open proposal (owners and sponsors), with a reason",
)
def proposal_veto(request: ApiRequest, proposal_id: int, payload: VetoIn):
    proposal = decisions.access_proposal(request.auth, proposal_id)
    return proposal_out(
        decisions.proposal_veto(actor=request.auth, proposal=proposal, reason=payload.reason)
    )


@router.post(
    "/communities/{slug}/cover",
    response={200: CommunityOut, **ERRORS, **RATE_LIMITED},
    summary="Set the cover image (multipart field `file`)",
)
def community_cover(request: ApiRequest, slug: str, file: File[UploadedFile]):
    community = access_community(request.auth, slug, for_write=True)
    services.community_set_cover(actor=request.auth, community=community, upload=file)
    return _one(request, slug)
