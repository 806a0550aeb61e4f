"""May this person run, host or facilitate a jam?"""

from __future__ import annotations

from hearth.core.access import is_administrator, is_signed_in
from hearth.core.types import Viewer

from .models import Jam, Theme


def may_create(person: Viewer) -> bool:
    """Leaders and administrators run jams."""
    return is_signed_in(person) and bool(person.is_leader or is_administrator(person))


def is_host(person: Viewer, jam: Jam) -> bool:
    return bool(jam.hosts.filter(pk=person.pk).exists())


def may_facilitate(person: Viewer, jam: Jam, theme: Theme | None = None) -> bool:
    """Hosts, the jam's creator, administrators, and the facilitators (of the theme, if given)."""
    if not person or not person.is_authenticated or not person.is_active:
        return False
    if is_administrator(person) or jam.created_by_id == person.pk or is_host(person, jam):
        return True
    themes = Theme.objects.filter(jam=jam, facilitators=person)
    if theme is not None:
        themes = themes.filter(pk=theme.pk)
    return themes.exists()
