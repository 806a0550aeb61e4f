"""A community's decisions: proposals, votes and vetoes."""

from __future__ import annotations

from ninja import Router, Status

from hearth.core.api import UPLOAD_ERRORS
from hearth.core.types import ApiRequest

from .. import decisions
from ..access import access_readable_community
from ..schemas import (
    ProposalIn,
    ProposalOut,
    ProposalVoteIn,
    VetoIn,
)

router = Router(tags=["communities"])
ERRORS = UPLOAD_ERRORS  # core's one list, with the 413 of the routers that take files


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
