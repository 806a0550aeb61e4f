"""Fetch one person for a viewer: the same 404 for "no such person" and "not for you"."""

from __future__ import annotations

from hearth.core.access import is_administrator
from hearth.core.errors import NotFound
from hearth.core.types import Viewer

from .models import AccessToken, Person


def access_person(viewer: Viewer, username: str) -> Person:
    """Return the person `username` as `viewer` may see them (every employee sees the directory)."""
    if viewer is None or not viewer.is_authenticated or not viewer.is_active:
        raise NotFound()
    person: Person | None = (
        Person.objects.select_related("department", "location", "manager")
        .prefetch_related("skills", "interests")
        .filter(username=username)
        .first()
    )
    if person is None or person.is_stand_in:  # "Anonymous colleague" is nobody to look at
        raise NotFound()
    return person


def access_token(viewer: Viewer, token_id: int) -> AccessToken:
    """Return one of the viewer's own tokens (administrators may reach anyone's)."""
    tokens = AccessToken.objects.select_related("person")
    if not is_administrator(viewer):
        tokens = tokens.filter(person=viewer)
    token = tokens.filter(pk=token_id).first()
    if token is None:
        raise NotFound()
    return token
