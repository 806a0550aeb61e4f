"""The webhooks a person set, in their data export (core.registry.exports)."""

from __future__ import annotations

from hearth.core.registry import ExportPart, export_rows, exports

from .models import Subscription


def _webhooks(person) -> list[dict]:
    rows = Subscription.objects.filter(owner=person)
    return export_rows(rows, "url", "description", "kinds", "community__slug", "created_at")


exports.register(
    "webhooks",
    ExportPart(
        files={"webhooks.json": _webhooks}, covers={"webhooks.subscription": "webhooks.json"}
    ),
)
