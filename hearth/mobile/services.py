"""What a device may keep for reading offline, and when it must forget it.

A device keeps the last pages its person read (the service worker, `templates/mobile/sw.js`)
and asks now and then for the *offline epoch*: a token that changes whenever something those
pages show may have become hidden from them. The service worker forgets every kept page when
the token changes or when nobody is signed in any more, so a page read offline is never one the
person could no longer open online.

The token has two parts, kept in the shared cache (Redis, or the database cache), so every app
process agrees: one for the whole company (a post or comment deleted, hidden or held, a
community's privacy changed or archived, a person erased), one per person (they left or were
removed from a community, blocked or were blocked, their permissions changed). A part the cache
has lost is made anew, which only makes devices forget sooner.
"""

from __future__ import annotations

import secrets

from django.core.cache import cache

from hearth.core.events import recorder
from hearth.live.services import OFFLINE, offline_channel, publish

EVERYONE = "hearth:offline:epoch"
# What anyone may have read and may no longer see.
EVERYONE_VERBS = frozenset(
    {
        "post.deleted",
        "post.moderated",
        "post.held",
        "comment.deleted",
        "comment.moderated",
        "comment.held",
        "community.updated",
        "community.archived",
        "person.erased",
    }
)
TIMEOUT = None  # kept until the cache drops it


def key_of(person_id: int | None) -> str:
    return EVERYONE if person_id is None else f"{EVERYONE}:{person_id}"


def _people_of(event) -> set[int]:
    """Whose own reading the event narrows."""
    verb = event.verb
    if verb == "community.left" and event.actor_id:
        return {event.actor_id}
    if verb == "community.member_removed" and event.object_id:
        return {event.object_id}
    if verb == "person.blocked":
        return {i for i in (event.actor_id, event.object_id) if i}
    if verb == "person.permissions_changed" and event.object_type == "people.person":
        return {event.object_id} if event.object_id else set()
    return set()


def epoch_bump(person_id: int | None = None) -> None:
    """Make devices forget their kept pages: everyone's (no person) or one person's. Their
    open pages hear it on the live stream and have the device check at once."""
    cache.set(key_of(person_id), secrets.token_hex(4), TIMEOUT)
    publish([OFFLINE if person_id is None else offline_channel(person_id)])


@recorder
def epoch_from_event(event) -> None:
    if event.verb in EVERYONE_VERBS:
        epoch_bump()
    for person_id in _people_of(event):
        epoch_bump(person_id)
