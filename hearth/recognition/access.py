"""May this person read that one's points?"""

from __future__ import annotations

from hearth.core.access import is_administrator
from hearth.core.errors import NotFound
from hearth.core.types import Viewer
from hearth.people.access import access_person
from hearth.people.models import Person


def access_points_of(viewer: Viewer, username: str) -> Person:
    """The person whose points ledger `viewer` may read: their own, or anyone's for an
    administrator. Anyone else gets the same 404 as for a name nobody has."""
    person = access_person(viewer, username)
    if person.pk != viewer.pk and not is_administrator(viewer):
        raise NotFound()  # the same answer as for a name nobody has
    return person
