"""Whom and what a person follows, in their data export (core.registry.exports)."""

from __future__ import annotations

from hearth.core.registry import ExportPart, export_rows, exports

from .models import Follow


def _follows(person) -> list[dict]:
    rows = Follow.objects.filter(follower=person)
    return export_rows(rows, "person__username", "topic__name", "community__slug", "created_at")


exports.register(
    "feeds",
    ExportPart(files={"follows.json": _follows}, covers={"feeds.follow": "follows.json"}),
)
