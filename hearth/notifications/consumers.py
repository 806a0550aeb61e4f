"""Turn events into notifications: whom each event concerns, and only if they may see it.

Runs in the worker through the event log (`hearth.core.events`): each event is handled once,
in the same transaction that moves this consumer's cursor, so a crash never loses or repeats
a notification. Whom an event concerns is said by the app that records it
(`core.registry.notifiers`, from each app's `notifications.py`): this hub knows no app.
"""

from __future__ import annotations

from hearth.communities.models import Community
from hearth.core.events import consumer
from hearth.core.models import Event
from hearth.core.registry import Notice, notified_verbs, notifiers

from .services import notices_deliver


def _items(event: Event) -> list[Notice]:
    for registered in notifiers:
        if event.verb in registered.verbs:
            return registered.recipients(event)
    return []


@consumer("notifications", verbs=notified_verbs)
def notify(event: Event) -> None:
    """Deliver the notifications one event calls for."""
    if event.community_id and event.verb != "invitation.sent":
        community = Community.objects.filter(pk=event.community_id).first()
        if community is None:
            return
    notices_deliver(event, _items(event))
