"""A person's leadership corner, delegations, drafts and AMAs,
in their data export (core.registry.exports)."""

from __future__ import annotations

from django.db.models import Q

from hearth.core.registry import ExportPart, export_rows, exports

from .models import Ama, AmaVote, CornerFollow, Delegation, Draft, ScorecardSharing


def _leadership(person) -> dict:
    return {
        "follows_leadership_corner": CornerFollow.objects.filter(person=person).exists(),
        "drafts_for_me": export_rows(
            Delegation.objects.filter(leader=person),
            "delegate__username",
            "created_at",
            "revoked_at",
        ),
        "i_draft_for": export_rows(
            Delegation.objects.filter(delegate=person),
            "leader__username",
            "created_at",
            "revoked_at",
        ),
        "drafts": export_rows(
            Draft.objects.filter(Q(leader=person) | Q(delegate=person)),
            "leader__username",
            "delegate__username",
            "kind",
            "title",
            "body",
            "state",
            "created_at",
            "decided_at",
            "post",
        ),
        "amas_hosted": export_rows(
            Ama.objects.filter(host=person), "slug", "title", "description", "starts_at", "ends_at"
        ),
        "ama_votes": export_rows(
            AmaVote.objects.filter(person=person),
            "question__ama__slug",
            "question__post",
            "created_at",
        ),
        "scorecard_shared": ScorecardSharing.objects.filter(person=person, shared=True).exists(),
    }


exports.register(
    "leadership",
    ExportPart(
        files={"leadership.json": _leadership},
        covers={
            "leadership.cornerfollow": "leadership.json (following the leadership corner)",
            "leadership.delegation": "leadership.json (delegations given and received)",
            "leadership.draft": "leadership.json (drafts written or approved)",
            "leadership.ama": "leadership.json (AMAs hosted); the questions are in posts.json",
            "leadership.amavote": "leadership.json (my votes on AMA questions)",
            "leadership.scorecardsharing": "leadership.json (scorecard comparison choice)",
        },
    ),
)
