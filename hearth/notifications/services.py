"""Write notifications for the people an event concerns; only what each may see."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.contrib.auth.signals import user_logged_out
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.core import rules
from hearth.core.errors import FieldError, Invalid, NotFound
from hearth.core.events import event_record, recorder
from hearth.core.models import Event
from hearth.core.outbound import Refused, target_check
from hearth.core.registry import Notice, erasers, notification_kinds, post_readers, retention
from hearth.live import services as live
from hearth.people.models import Person
from hearth.trust.models import Block, Mute

from . import push
from .models import DigestSent, EmailPreference, Frequency, Notification, PushDevice
from .selectors import frequencies_for, verbs_known
from .tasks import send_emails, send_push_messages

logger = logging.getLogger(__name__)
_BASE64URL = re.compile(r"[A-Za-z0-9_-]+={0,2}")

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
        created = Notification.objects.bulk_create(
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
        if push.deliveries_create(created):
            transaction.on_commit(_schedule_pushes)
    return merged + len(items)


def _schedule_pushes() -> None:
    try:
        send_push_messages()
    except Exception:  # the periodic sender picks them up within a minute
        logger.exception("Could not enqueue push messages")


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


# Push devices ---------------------------------------------------------------------------------


def _device_kinds(kinds: list[str]) -> list[str]:
    known = {name for name, _kind in notification_kinds.items()}
    unknown = sorted(set(kinds) - known)
    if unknown:
        raise Invalid(
            _("Unknown kinds of notification: %(kinds)s.") % {"kinds": ", ".join(unknown)},
            [FieldError("kinds", ", ".join(sorted(known)))],
        )
    return sorted(set(kinds))


@transaction.atomic
def device_add(
    *,
    actor: Person,
    endpoint: str,
    p256dh: str,
    auth: str,
    name: str = "",
    kinds: list[str] | None = None,
    session_key: str | None = None,
) -> PushDevice:
    """Register (or renew) this browser's push subscription for the actor. With no kinds
    chosen, the device gets the kinds the person hears about at once by email, or mentions."""
    errors: list[FieldError] = []
    name = " ".join((name or "").split())
    try:
        target_check(endpoint or "")
    except Refused as refused:
        errors.append(FieldError("endpoint", str(refused)))
    rules.check(PushDevice, errors, endpoint=endpoint, p256dh=p256dh, auth=auth, name=name)
    for field, value in (("p256dh", p256dh), ("auth", auth)):
        if not _BASE64URL.fullmatch(value or ""):
            errors.append(FieldError(field, _("Give the key the browser made (base64url).")))
    if errors:
        raise Invalid(_("This device cannot receive push notifications."), errors)
    if kinds is None:
        frequencies = frequencies_for({actor.pk}, set(verbs_known()))
        kinds = [v for (_p, v), f in frequencies.items() if f == Frequency.IMMEDIATE]
        kinds = kinds or [k for k in ("mention",) if k in notification_kinds]
    device, _created = PushDevice.objects.update_or_create(
        endpoint=endpoint,
        defaults={
            "person": actor,
            "p256dh": p256dh,
            "auth": auth,
            "name": name,
            "kinds": _device_kinds(kinds),
            "session": push.session_digest(session_key),
            "created_at": timezone.now(),
        },
    )
    event_record(actor=actor, verb="push.device_added", obj=device)
    return device


@transaction.atomic
def device_update(*, actor: Person, device: PushDevice, kinds: list[str]) -> PushDevice:
    if device.person_id != actor.pk:
        raise NotFound()
    device.kinds = _device_kinds(kinds)
    device.save(update_fields=["kinds"])
    return device


@transaction.atomic
def device_remove(*, actor: Person, device: PushDevice) -> None:
    if device.person_id != actor.pk:
        raise NotFound()
    device.delete()
    event_record(actor=actor, verb="push.device_removed", obj=actor)


def devices_signed_out(session_key: str | None) -> int:
    """A session signed out: its devices receive nothing more."""
    digest = push.session_digest(session_key)
    return PushDevice.objects.filter(session=digest).delete()[0] if digest else 0


@recorder
def devices_of_leavers(event: Event) -> None:
    """A person who leaves the company receives nothing more, on any device."""
    if event.verb in ("person.left", "person.erased") and event.object_id:
        PushDevice.objects.filter(person_id=event.object_id).delete()


@erasers("notifications")
def person_forget(person) -> None:
    """Erasure: the person's notifications, email settings and digest records."""
    PushDevice.objects.filter(person=person).delete()
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


@receiver(user_logged_out)
def _signed_out(sender, request=None, **kwargs) -> None:
    session = getattr(request, "session", None)
    devices_signed_out(getattr(session, "session_key", None))
