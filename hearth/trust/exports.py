"""A person's suspensions, blocks and mutes, in their data export (core.registry.exports)."""

from __future__ import annotations

from hearth.core.registry import ExportPart, export_rows, exports

from .models import Block, Mute, Suspension


def _suspensions(person) -> dict:
    rows = Suspension.objects.filter(person=person)
    return {"suspensions": export_rows(rows, "until", "lifted_at")}


def _blocks(person) -> dict:
    blocked = Block.objects.filter(blocker=person).values_list("blocked__username", flat=True)
    muted = Mute.objects.filter(person=person).values_list("muted__username", flat=True)
    return {"blocked": list(blocked), "muted": list(muted)}


exports.register(
    "trust",
    ExportPart(
        files={"moderation.json": _suspensions, "settings.json": _blocks},
        covers={
            "trust.suspension": "moderation.json",
            "trust.block": "settings.json",
            "trust.mute": "settings.json",
            "trust.auditentry": "not exported: the company's record of administrators' actions",
            "trust.contentfilter": "not personal: moderation rules",
        },
    ),
)
