"""A person's memberships, invitations and proposals, in their data export
(core.registry.exports)."""

from __future__ import annotations

from hearth.core.registry import ExportPart, export_rows, exports

from .models import Community, Invitation, Membership, Proposal, ProposalVote


def _created(person) -> dict:
    made = Community.objects.filter(created_by=person).values_list("slug", flat=True)
    return {"communities_created": list(made)}


def _memberships(person) -> list[dict]:
    return export_rows(
        Membership.objects.filter(person=person),
        "community__slug",
        "community__name",
        "role",
        "state",
        "muted",
        "created_at",
        "updated_at",
    )


def _invitations(person) -> dict:
    return {
        "sent": export_rows(
            Invitation.objects.filter(inviter=person),
            "community__slug",
            "invitee__username",
            "message",
            "state",
            "sent_at",
        ),
        "received": export_rows(
            Invitation.objects.filter(invitee=person),
            "community__slug",
            "message",
            "reason",
            "state",
            "sent_at",
            "joined_at",
        ),
    }


def _proposals(person) -> dict:
    return {
        "written": export_rows(
            Proposal.objects.filter(author=person),
            "id",
            "community__slug",
            "kind",
            "title",
            "body",
            "state",
            "created_at",
        ),
        "votes": export_rows(ProposalVote.objects.filter(person=person), "proposal", "choice"),
    }


exports.register(
    "communities",
    ExportPart(
        files={
            "profile.json": _created,
            "memberships.json": _memberships,
            "invitations.json": _invitations,
            "proposals.json": _proposals,
        },
        covers={
            "communities.membership": "memberships.json",
            "communities.invitation": "invitations.json",
            "communities.proposal": "proposals.json",
            "communities.proposalvote": "proposals.json",
            "communities.community": "communities_created (profile.json)",
            "communities.keyresultupdate": "not personal: a community's progress log",
            "communities.charterchange": "not personal: a community's charter history",
        },
    ),
)
