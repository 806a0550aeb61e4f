"""Reports a person filed and decisions about their content, in their data export
(core.registry.exports): never reports about them, nor the moderators' names (both would expose
colleagues)."""

from __future__ import annotations

from hearth.core.registry import ExportPart, export_rows, exports

from .models import Appeal, ModerationAction, Report


def _reports(person) -> list[dict]:
    return export_rows(
        Report.objects.filter(reporter=person),
        "reason",
        "detail",
        "post",
        "comment",
        "person__username",
        "state",
        "created_at",
        "handled_at",
    )


def _decisions(person) -> dict:
    return {
        "actions": export_rows(
            ModerationAction.objects.filter(author=person),
            "id",
            "kind",
            "reason",
            "post",
            "comment",
            "days",
            "created_at",
        ),
        "appeals": export_rows(
            Appeal.objects.filter(author=person),
            "action",
            "text",
            "state",
            "created_at",
            "decided_at",
            "decision_reason",
        ),
    }


exports.register(
    "moderation",
    ExportPart(
        files={"reports.json": _reports, "moderation.json": _decisions},
        covers={
            "moderation.report": "reports.json (the ones the person filed)",
            "moderation.moderationaction": "moderation.json (without the moderator)",
            "moderation.appeal": "moderation.json",
            "moderation.revealrequest": "not exported: administrators' break-glass requests",
        },
    ),
)
