"""A person's points ledger and badges,
in their data export (core.registry.exports)."""

from __future__ import annotations

from hearth.core.registry import ExportPart, export_rows, exports

from .models import BadgeAward, LeaderboardChoice, PointEntry


def _points(person) -> dict:
    return {
        "hidden_from_leaderboards": LeaderboardChoice.objects.filter(
            person=person, hidden=True
        ).exists(),
        "ledger": export_rows(
            PointEntry.objects.filter(person=person).order_by("id"),
            "points",
            "rule",
            "community__slug",
            "created_at",
        ),
        "badges": export_rows(
            BadgeAward.objects.filter(person=person), "badge__name", "awarded_at", "reason"
        ),
        "badges_awarded_by_me": export_rows(
            BadgeAward.objects.filter(awarded_by=person),
            "badge__name",
            "person__username",
            "awarded_at",
            "reason",
        ),
    }


exports.register(
    "recognition",
    ExportPart(
        files={"points.json": _points},
        covers={
            "recognition.pointentry": "points.json (my points ledger)",
            "recognition.leaderboardchoice": "points.json (leaderboard visibility)",
            "recognition.badgeaward": "points.json (my badges, and badges I awarded by hand)",
        },
    ),
)
