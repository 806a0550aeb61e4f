"""Endorsements, expert settings, questions asked and introductions,
in their data export (core.registry.exports)."""

from __future__ import annotations

from django.db.models import Q

from hearth.core.registry import ExportPart, export_rows, exports

from .models import Endorsement, ExpertPreference, ExpertRequest, Introduction


def _facilitation(person) -> dict:
    pref = ExpertPreference.objects.filter(person=person).first()
    return {
        "endorsements_given": export_rows(
            Endorsement.objects.filter(endorser=person),
            "person__username",
            "skill__name",
            "created_at",
        ),
        "endorsements_received": export_rows(
            Endorsement.objects.filter(person=person), "skill__name", "created_at"
        ),
        "expert_settings": {"opted_out": pref.opted_out, "away_until": pref.away_until}
        if pref
        else None,
        "asked_to_answer": export_rows(
            ExpertRequest.objects.filter(expert=person), "post", "reason", "created_at"
        ),
        "introductions": [
            {
                "with": (i.second if i.first_id == person.pk else i.first).username,
                "note": i.note,
                "state": i.state,
                "created_at": i.created_at,
            }
            for i in Introduction.objects.filter(Q(first=person) | Q(second=person)).select_related(
                "first", "second"
            )
        ],
    }


exports.register(
    "facilitation",
    ExportPart(
        files={"facilitation.json": _facilitation},
        covers={
            "facilitation.endorsement": "facilitation.json (endorsements given and received)",
            "facilitation.expertpreference": "facilitation.json (expert settings)",
            "facilitation.expertrequest": "facilitation.json (questions I was asked to answer)",
            "facilitation.introduction": "facilitation.json (my introductions)",
            "facilitation.persontally": "not exported: counts of posts and replies in the export",
            "facilitation.topictally": "not exported: counts of posts and replies in the export",
            "facilitation.communitytally": (
                "not exported: counts of posts and replies in the export"
            ),
        },
    ),
)
