"""Record events and let consumers process the log idempotently, resuming after a crash.

Every service calls `event_record` inside its own transaction, so an event exists exactly when
the write it describes was committed. Consumers (notifications, points, insights...) register a
handler with `consumer`; `events_dispatch` feeds each consumer the events after its cursor, one
transaction per event, moving the cursor in the same transaction as the handler's writes. A
crash therefore never loses an event nor applies one twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from .models import Event, EventCursor

logger = logging.getLogger(__name__)

Handler = Callable[[Event], None]
_CONSUMERS: dict[str, tuple[Handler, frozenset[str] | Callable[[], Iterable[str]] | None]] = {}
# Recorders run synchronously, inside the writer's transaction (the audit log): an event and
# what a recorder derives from it are committed, or rolled back, together.
_RECORDERS: list[Handler] = []


def recorder(handler: Handler) -> Handler:
    """Register a handler called with each event as it is recorded, in the same transaction."""
    if handler not in _RECORDERS:
        _RECORDERS.append(handler)
    return handler


def _ref(obj: Any) -> tuple[str, int | None]:
    if obj is None:
        return "", None
    return obj._meta.label_lower, obj.pk


def event_record(
    *,
    actor: Any | None,
    verb: str,
    obj: models.Model | None = None,
    target: models.Model | None = None,
    community_id: int | None = None,
    metadata: dict[str, Any] | None = None,
) -> Event:
    """Append one event; call it inside the transaction of the write it describes."""
    object_type, object_id = _ref(obj)
    target_type, target_id = _ref(target)
    event = Event.objects.create(
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        verb=verb,
        object_type=object_type,
        object_id=object_id,
        target_type=target_type,
        target_id=target_id,
        community_id=community_id,
        metadata=metadata or {},
        created_at=timezone.now(),
    )
    for handler in _RECORDERS:
        handler(event)
    transaction.on_commit(_schedule_dispatch)
    return event


def events_record_many(events: Iterable[Event]) -> None:
    """Append many prepared events at once (bulk imports); same rules as `event_record`."""
    now = timezone.now()
    batch = []
    for event in events:
        if event.created_at is None:
            event.created_at = now
        batch.append(event)
    Event.objects.bulk_create(batch, batch_size=2000)
    for event in batch:
        for handler in _RECORDERS:
            handler(event)
    transaction.on_commit(_schedule_dispatch)


def _schedule_dispatch() -> None:
    if not _CONSUMERS:
        return
    from .tasks import dispatch_events

    try:
        dispatch_events()
    except Exception:  # the periodic dispatcher picks the events up later
        logger.exception("Could not enqueue event dispatch")


def consumer(
    name: str, *, verbs: Iterable[str] | Callable[[], Iterable[str]] | None = None
) -> Callable[[Handler], Handler]:
    """Register a handler that receives every committed event (optionally only some verbs;
    a function giving them is asked at each dispatch, for verbs other apps register)."""

    def register(handler: Handler) -> Handler:
        _CONSUMERS[name] = (
            handler,
            verbs if callable(verbs) or verbs is None else frozenset(verbs),
        )
        return handler

    return register


def consumer_unregister(name: str) -> None:
    _CONSUMERS.pop(name, None)


def consumers_registered() -> list[str]:
    return sorted(_CONSUMERS)


def events_dispatch(*, batch_size: int = 500, only: str | None = None) -> dict[str, int]:
    """Feed each consumer the events past its cursor; return how many each handled (-1: failed)."""
    handled: dict[str, int] = {}
    for name, (handler, verbs) in list(_CONSUMERS.items()):
        if only and name != only:
            continue
        try:
            wanted = frozenset(verbs()) if callable(verbs) else verbs
            handled[name] = _dispatch_one(name, handler, wanted, batch_size)
        except Exception:
            # One broken consumer must not starve the others: its cursor stays on the failing
            # event, which is retried on the next dispatch; operators see the error in the log.
            logger.exception("Event consumer %s failed; it will retry", name)
            handled[name] = -1
    return handled


def _dispatch_one(
    name: str, handler: Handler, verbs: frozenset[str] | None, batch_size: int
) -> int:
    EventCursor.objects.get_or_create(consumer=name)
    count = 0
    while True:
        position = EventCursor.objects.values_list("last_event_id", flat=True).get(consumer=name)
        pending = list(Event.objects.filter(id__gt=position).order_by("id")[:batch_size])
        if not pending:
            return count
        for event in pending:
            with transaction.atomic():
                # Lock the cursor and re-check it, so two workers never handle the same event.
                cursor = EventCursor.objects.select_for_update().get(consumer=name)
                if cursor.last_event_id >= event.id:
                    continue
                if verbs is None or event.verb in verbs:
                    handler(event)
                    count += 1
                cursor.last_event_id = event.id
                cursor.save(update_fields=["last_event_id", "updated_at"])


def consumer_skip_to_latest(name: str) -> None:
    """Move a consumer past every event recorded so far (e.g. a demo's invented history)."""
    latest = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
    EventCursor.objects.update_or_create(consumer=name, defaults={"last_event_id": latest})
