"""The liberties provisioning clients take, made standard before the protocol library reads
the request: a person created or replaced without displayName or active (Hearth always holds
both, so its schema says they are required), and Entra ID's remove that selects members with
"$ref": null beside their value."""

from __future__ import annotations

import json
from typing import Any


def tolerated(method: str, path: str, body: bytes) -> bytes:
    if method not in ("POST", "PUT", "PATCH") or not body:
        return body
    try:
        payload = json.loads(body)
    except ValueError:
        return body  # the protocol library answers with the SCIM error
    if not isinstance(payload, dict):
        return body
    resource = path.strip("/").split("/")[0].lower()
    if method in ("POST", "PUT") and resource == "users":
        _person_defaults(payload)
    elif method == "PATCH":
        _without_null_selectors(payload)
    return json.dumps(payload).encode()


def _person_defaults(payload: dict[str, Any]) -> None:
    """No displayName: the given and family names, or the user name. No active: active."""
    keys = {key.lower(): key for key in payload}
    if "active" not in keys:
        payload["active"] = True
    shown_key = keys.get("displayname", "displayName")
    if payload.get(shown_key):
        return
    name = payload.get(keys.get("name", "name"))
    parts = [name.get("givenName"), name.get("familyName")] if isinstance(name, dict) else []
    shown = " ".join(str(p) for p in parts if p) or payload.get(keys.get("username", ""))
    if isinstance(shown, str) and shown:
        payload[shown_key] = shown


def _without_null_selectors(payload: dict[str, Any]) -> None:
    """In the entries a remove lists, a null sub-attribute selects nothing: drop it."""
    operations = payload.get("Operations")
    if not isinstance(operations, list):
        return
    for operation in operations:
        if not isinstance(operation, dict) or str(operation.get("op", "")).lower() != "remove":
            continue
        value = operation.get("value")
        if isinstance(value, list):
            operation["value"] = [
                {k: v for k, v in entry.items() if v is not None}
                if isinstance(entry, dict)
                else entry
                for entry in value
            ]
