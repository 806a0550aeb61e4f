"""Reads of the installable app: a person's offline epoch (see `services`)."""

from __future__ import annotations

import secrets

from django.core.cache import cache

from .services import TIMEOUT, key_of


def epoch_of(person_id: int) -> str:
    """The offline epoch of a person's devices (one cache round trip when both parts exist)."""
    keys = [key_of(None), key_of(person_id)]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:
            cache.add(key, secrets.token_hex(4), TIMEOUT)
            found[key] = cache.get(key, "")
    return "-".join(str(found[key]) for key in keys)
