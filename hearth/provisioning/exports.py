"""What SCIM keeps about a person (the provisioning client's externalId), and the clients an
administrator created, in their data export (core.registry.exports)."""

from __future__ import annotations

from hearth.core.registry import ExportPart, export_rows, exports

from .models import Client, Record


def _records(person) -> list[dict]:
    rows = Record.objects.filter(person=person)
    return export_rows(rows, "external_id", "email_type", "created_at", "updated_at", "deleted_at")


def _clients(person) -> list[dict]:
    rows = Client.objects.filter(created_by=person)
    return export_rows(rows, "name", "prefix", "created_at", "last_used_at", "revoked_at")


exports.register(
    "provisioning",
    ExportPart(
        files={"provisioning.json": _records, "provisioning_clients.json": _clients},
        covers={
            "provisioning.record": "provisioning.json",
            "provisioning.client": "provisioning_clients.json",
        },
    ),
)
