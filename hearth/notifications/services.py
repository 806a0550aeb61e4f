"""Write notifications for the people an event concerns; only what each may see."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from hearth.core.errors import FieldError, Invalid
from hearth.core.events import event_record
from hearth.core.models import Event
from hearth.core.registry import Notice, erasers, notification_kinds, post_readers, retention
from hearth.live import services as live
from hearth.people.models import Person
from hearth.trust.models import Block, Mute

from .models import DigestSent, EmailPreference, Frequency, Notification
from .selectors import frequencies_for, verbs_known
from .tasks import send_emails

logger = logging.getLogger(__name__)

MAX_ACTORS = 10


# One notification to deliver: to whom, about what (declared by the apps: core.registry).
For = Notice


def notices_deliver(event: Event, items: list[For]) -> int:
    """Create (or merge into unread ones) the notifications of one event; return how many."""
    if not items:
        return 0
    now = timezone.now()
    actor_id = event.actor_id
    items = [i for i in dict.fromkeys(items) if i.recipient_id != actor_id]

    active = set(
        Person.objects.filter(pk__in={i.recipient_id for i in items}, is_active=True).values_list(
            "id", flat=True
        )
    )
    items = [i for i in items if i.recipient_id in active]
    if actor_id and items:  # nobody hears from someone they blocked or muted
        recipients = {i.recipient_id for i in items}
        silenced = set(
            Block.objects.filter(blocked_id=actor_id, blocker_id__in=recipients).values_list(
                "blocker_id", flat=True
            )
        ) | set(
            Mute.objects.filter(muted_id=actor_id, person_id__in=recipients).values_list(
                "person_id", flat=True
            )
        )
        items = [i for i in items if i.recipient_id not in silenced]
    grouped = [i for i in items if i.group]
    recipients = {i.recipient_id for i in items}
    merged = 0
    frequencies = frequencies_for({i.recipient_id for i in items}, {i.verb for i in items})
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
                    recipient_id=i.recipient_id,
                    verb=i.verb,
                    actor_id=None if i.unsigned else actor_id,
                    actor_ids=[actor_id] if actor_id and not i.unsigned else [],
                    post_id=i.post_id,
                    comment_id=i.comment_id,
                    community_id=i.community_id,
                    group_key=i.group or f"event:{event.pk}",
                    event_id=event.pk,
                    created_at=now,
                    updated_at=now,
                    email_frequency=frequencies.get((i.recipient_id, i.verb), "off"),
                )
                for i in items
            ],
            batch_size=2000,
        )
        live.publish(live.user_channel(pk) for pk in recipients)
        if any(frequencies.get((i.recipient_id, i.verb)) == Frequency.IMMEDIATE for i in items):
            transaction.on_commit(_schedule_emails)
    return merged + len(items)


def _schedule_emails() -> None:
    try:
        send_emails()
    except Exception:  # the periodic sender picks them up within a minute
        logger.exception("Could not enqueue notification emails")


@transaction.atomic
def preference_set(*, actor, verb: str, frequency: str) -> EmailPreference:
    """Choose how to hear by email about one kind of notification."""

    if verb not in notification_kinds:
        raise Invalid("Unknown kind.", [FieldError("verb", "Not a kind of notification.")])
    if frequency not in Frequency.values:
        raise Invalid("Unknown frequency.", [FieldError("frequency", ", ".join(Frequency.values))])
    preference, _ = EmailPreference.objects.update_or_create(
        person=actor, verb=verb, defaults={"frequency": frequency}
    )

    event_record(
        actor=actor,
        verb="email.preference_set",
        obj=preference,
        metadata={"verb": verb, "frequency": frequency},
    )
    return preference


@transaction.atomic
def notifications_read(*, actor, ids: list[int] | None = None, everything: bool = False) -> int:
    """Mark some (or all) of the actor's notifications read; return how many changed."""
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if not everything:
        unread = unread.filter(pk__in=ids or [])
    changed = unread.update(read_at=timezone.now())
    if changed:  # the person's other open pages update their bell
        live.publish([live.user_channel(actor.pk)])
    return changed


@post_readers("notifications")
def post_notifications_read(person, post_id: int) -> int:
    """The person opened a post: their notifications about it (its comments, mentions,
    reactions...) are read, and their bell says so on every open page."""
    unread = Notification.objects.filter(recipient=person, post_id=post_id, read_at__isnull=True)
    ids = list(unread.values_list("pk", flat=True)[:500])
    return notifications_read(actor=person, ids=ids) if ids else 0


@transaction.atomic
def email_unsubscribe(*, person, verb: str) -> list[str]:
    """Turn email off for one kind ("digest": every kind currently in a digest)."""
    if verb == "digest":
        frequencies = frequencies_for({person.pk}, set(verbs_known()))
        verbs = [v for (_, v), f in frequencies.items() if f in (Frequency.DAILY, Frequency.WEEKLY)]
    else:
        verbs = [verb]
    for kind in verbs:
        EmailPreference.objects.update_or_create(
            person=person, verb=kind, defaults={"frequency": Frequency.OFF}
        )
    Notification.objects.filter(
        recipient=person, verb__in=verbs, emailed_at__isnull=True, digested_at__isnull=True
    ).update(email_frequency=Frequency.OFF)

    event_record(actor=person, verb="email.unsubscribed", obj=person, metadata={"verbs": verbs})
    return verbs


@erasers("notifications")
def person_forget(person) -> None:
    """Erasure: the person's notifications, email settings and digest records."""
    Notification.objects.filter(recipient=person).delete()
    EmailPreference.objects.filter(person=person).delete()
    DigestSent.objects.filter(person=person).delete()


@retention("notifications")
def read_notifications_purge(policy: Mapping[str, int], now: Any) -> dict[str, int]:
    """Retention: notifications read longer ago than the policy keeps them are deleted."""
    deleted, _rows = Notification.objects.filter(
        read_at__lt=now - timedelta(days=policy["read_notifications_days"])
    ).delete()
    return {"notifications_deleted": deleted}
