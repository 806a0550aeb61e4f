"""Web Push: notifications on a phone's lock screen, from an outbox like the emails'.

A device (`PushDevice`) is a browser's push subscription, registered by its person with the
kinds of notification they want on it. When a notification is written, one `PushDelivery` per
device that wants its kind is written in the same transaction; a worker claims each one, checks
again that the person is active and may still see what it is about, and sends it (pywebpush:
the payload encrypted for the device, RFC 8291, signed with the installation's VAPID key,
RFC 8292). A delivery is marked sent once, so each notification reaches each device exactly
once; the push service saying the subscription is gone (404, 410) forgets the device.

The message says what the notification says (its text, where it leads) and nothing more.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone, translation

from hearth.core.outbound import Refused, target_check
from hearth.people.models import Person

from .models import Notification, PushDelivery, PushDevice
from .selectors import decorate

logger = logging.getLogger(__name__)

CLAIM = datetime.timedelta(minutes=10)  # a claim older than this was a worker that died
FRESH = datetime.timedelta(days=1)  # older notifications are not pushed any more
TTL = 24 * 3600  # how long a push service keeps a message for a device that is off


@functools.cache
def _vapid(private_key: str) -> Any:
    from py_vapid import Vapid

    if private_key.startswith("-----BEGIN"):
        return Vapid.from_pem(private_key.encode())
    return Vapid.from_string(private_key=private_key)


def vapid() -> Any:
    return _vapid(settings.HEARTH_VAPID_PRIVATE_KEY or _kept_key())


def _kept_key() -> str:
    """Without HEARTH_VAPID_PRIVATE_KEY, a key made once and kept in the data folder, so every
    local process signs alike (several app nodes share one through the environment instead)."""
    return _key_in(str(Path(settings.DATA_DIR) / "vapid_private_key.pem"))


@functools.cache
def _key_in(path: str) -> str:
    """The key kept at `path`, made there by the first process that needs it; read once per
    process (the file never changes once written)."""
    key_file = Path(path)
    if not key_file.exists():
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec

        pem = ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        try:
            with open(key_file, "xb") as out:  # another process may be making it too
                out.write(pem)
            key_file.chmod(0o600)
        except FileExistsError:
            pass
    return key_file.read_text().strip()


def public_key() -> str:
    """The application server key a browser subscribes with (base64url, uncompressed point)."""
    from cryptography.hazmat.primitives import serialization
    from py_vapid import b64urlencode

    point = vapid().public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return str(b64urlencode(point))


def session_digest(session_key: str | None) -> str:
    return hashlib.sha256((session_key or "").encode()).hexdigest() if session_key else ""


def deliveries_create(notifications: list[Notification]) -> int:
    """Queue the new notifications for the devices that want their kinds; return how many."""
    recipients = {n.recipient_id for n in notifications}
    devices: dict[int, list[PushDevice]] = {}
    for device in PushDevice.objects.filter(person_id__in=recipients):
        devices.setdefault(device.person_id, []).append(device)
    rows = [
        PushDelivery(notification_id=n.pk, device=device)
        for n in notifications
        if n.pk
        for device in devices.get(n.recipient_id, [])
        if n.verb in device.kinds
    ]
    PushDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _payload(notification: Notification) -> str:
    return json.dumps(
        {
            "title": settings.HEARTH_NETWORK_NAME,
            "body": notification.text,
            "url": f"{settings.HEARTH_BASE_URL}{notification.target_url}",
            "tag": f"notification-{notification.pk}",
        },
        ensure_ascii=False,
    )


def _send(device: PushDevice, data: str) -> int:
    """Send one message; the push service's status code (0 when it could not be reached)."""
    from pywebpush import WebPushException, webpush

    try:
        target_check(device.endpoint)  # the name may resolve elsewhere since it was saved
    except Refused:
        return 410
    try:
        response = webpush(
            subscription_info={
                "endpoint": device.endpoint,
                "keys": {"p256dh": device.p256dh, "auth": device.auth},
            },
            data=data,
            vapid_private_key=vapid(),
            vapid_claims={"sub": settings.HEARTH_VAPID_SUBJECT},
            ttl=TTL,
            timeout=10,
        )
    except WebPushException as error:
        return error.response.status_code if error.response is not None else 0
    except Exception:  # the push service is unreachable: try again later
        logger.exception("Could not reach the push service of device %s", device.pk)
        return 0
    return int(getattr(response, "status_code", 201))


def send_pushes(*, limit: int = 200) -> int:
    """Send the pending pushes; return how many went out."""
    now = timezone.now()
    unclaimed = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM)
    pending = PushDelivery.objects.filter(unclaimed, sent_at__isnull=True)
    sent = 0
    for delivery_id in list(pending.order_by("id").values_list("id", flat=True)[:limit]):
        claimed = (
            PushDelivery.objects.filter(pk=delivery_id, sent_at__isnull=True)
            .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM))
            .update(claimed_at=timezone.now())
        )
        if not claimed:
            continue  # another worker has it
        delivery = PushDelivery.objects.select_related("device", "notification").get(pk=delivery_id)
        if _deliver(delivery, now):
            sent += 1
    return sent


def _deliver(delivery: PushDelivery, now: datetime.datetime) -> bool:
    notification, device = delivery.notification, delivery.device
    done = PushDelivery.objects.filter(pk=delivery.pk)
    person = Person.objects.filter(pk=device.person_id, is_active=True).first()
    if person is None or notification.read_at or notification.created_at < now - FRESH:
        done.update(sent_at=timezone.now())  # nothing to tell any more
        return False
    with translation.override(person.language or settings.LANGUAGE_CODE):
        decorate(person, [notification])
        if notification.hidden:  # no longer theirs to see: nothing is sent
            done.update(sent_at=timezone.now())
            return False
        data = _payload(notification)
    status = _send(device, data)
    if status in (404, 410):
        PushDevice.objects.filter(pk=device.pk).delete()  # the subscription is gone
        return False
    if not 200 <= status < 300:
        done.update(claimed_at=None)  # try again on the next round
        return False
    done.update(sent_at=timezone.now())
    PushDevice.objects.filter(pk=device.pk).update(last_sent_at=timezone.now())
    return True
