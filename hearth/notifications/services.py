"""Write notifications for the people an event concerns; only what each may see."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from hearth.core.models import Event

from .models import Notification

MAX_ACTORS = 10


@dataclass(frozen=True)
class For:
    """One notification to deliver: to whom, about what."""

    recipient_id: int
    verb: str
    post_id: int | None = None
    comment_id: int | None = None
    community_id: int | None = None
    group: str = ""  # merge with an unread notification with the same key


def deliver(event: Event, items: list[For]) -> int:
    """Create (or merge into unread ones) the notifications of one event; return how many."""
    if not items:
        return 0
    now = timezone.now()
    actor_id = event.actor_id
    items = [i for i in dict.fromkeys(items) if i.recipient_id != actor_id]
    from hearth.people.models import Person

    active = set(
        Person.objects.filter(pk__in={i.recipient_id for i in items}, is_active=True).values_list(
            "id", flat=True
        )
    )
    items = [i for i in items if i.recipient_id in active]
    grouped = [i for i in items if i.group]
    merged = 0
    with transaction.atomic():
        for item in grouped:
            existing = (
                Notification.objects.select_for_update()
                .filter(recipient_id=item.recipient_id, group_key=item.group, read_at__isnull=True)
                .first()
            )
            if existing is None:
                continue
            if actor_id not in existing.actor_ids:
                existing.actor_ids = ([actor_id] + existing.actor_ids)[:MAX_ACTORS]
                existing.actor_count += 1
            existing.actor_id, existing.event_id, existing.updated_at = actor_id, event.pk, now
            existing.save(
                update_fields=["actor_ids", "actor_count", "actor", "event_id", "updated_at"]
            )
            items.remove(item)
            merged += 1
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=i.recipient_id, verb=i.verb, actor_id=actor_id,
                    actor_ids=[actor_id] if actor_id else [], post_id=i.post_id,
                    comment_id=i.comment_id, community_id=i.community_id,
                    group_key=i.group or f"event:{event.pk}", event_id=event.pk,
                    created_at=now, updated_at=now,
                )
                for i in items
            ],
            batch_size=2000,
        )  # fmt: skip
    return merged + len(items)


@transaction.atomic
def mark_read(*, actor, ids: list[int] | None = None, everything: bool = False) -> int:
    """Mark some (or all) of the actor's notifications read; return how many changed."""
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if not everything:
        unread = unread.filter(pk__in=ids or [])
    return unread.update(read_at=timezone.now())
