"""The idea statuses a person set, in their data export (core.registry.exports)."""

from __future__ import annotations

from hearth.core.registry import ExportPart, export_rows, exports

from .models import IdeaStatusChange


def _ideas(person) -> dict:
    return {
        "idea_statuses_set": export_rows(
            IdeaStatusChange.objects.filter(actor=person),
            "post",
            "status",
            "previous",
            "reason",
            "merged_into",
            "created_at",
        )
    }


exports.register(
    "ideas",
    ExportPart(
        files={"ideas.json": _ideas},
        covers={
            "ideas.ideastatus": "ideas.json (every status I set is in its history)",
            "ideas.ideastatuschange": "ideas.json (the statuses I gave ideas)",
        },
    ),
)
