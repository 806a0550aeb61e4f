"""Visibility primitives every app's selectors and access functions share."""

from __future__ import annotations

from typing import Any


def is_signed_in(viewer: Any) -> bool:
    """A signed-in, active person: the only kind of viewer who may read anything."""
    return viewer is not None and viewer.is_authenticated and viewer.is_active


def is_administrator(person: Any) -> bool:
    """An active administrator (staff or superuser): the one administrator check."""
    return is_signed_in(person) and (person.is_staff or person.is_superuser)


def split_usernames(value: str) -> list[str]:
    """ "@ana, carlos; maria" -> ["ana", "carlos", "maria"] (as people type them in forms)."""
    return [v.strip().lstrip("@") for v in (value or "").replace(";", ",").split(",") if v.strip()]
