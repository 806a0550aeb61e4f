"""Notifications in the public API: the caller's own, and marking them read."""

from __future__ import annotations

from ninja import Query, Router, Status

from hearth.core.api import STANDARD_ERRORS, page_out
from hearth.core.errors import FieldError, Invalid, NotFound
from hearth.core.pagination import paginate
from hearth.core.registry import notification_kinds
from hearth.core.types import ApiRequest

from . import push, services
from .models import PushDevice
from .schemas import (
    NotificationPage,
    NotificationQuery,
    PushDeviceIn,
    PushDeviceOut,
    PushDevicePatch,
    PushKeyOut,
    ReadIn,
    ReadOut,
)
from .selectors import decorate, devices_for, notifications_for, unread_count, verbs_known

router = Router(tags=["notifications"])


@router.get("/notifications", response={200: NotificationPage, **STANDARD_ERRORS}, summary="Mine")
def notification_list(request: ApiRequest, query: Query[NotificationQuery]):
    if query.verb and query.verb not in notification_kinds:
        raise Invalid("Unknown kind.", [FieldError("verb", ", ".join(verbs_known()))])
    rows, next_cursor = paginate(
        notifications_for(request.auth, unread=query.unread, verb=query.verb),
        ordering=["-updated_at", "-id"],
        limit=query.limit,
        cursor=query.cursor,
    )
    decorate(request.auth, rows)
    absolute = request.build_absolute_uri
    return page_out(
        [
            {
                "id": n.pk,
                "verb": n.verb,
                "actor": {
                    "username": n.actor.username,
                    "display_name": n.actor.name,
                    "avatar_url": absolute(n.actor.avatar_url),
                }
                if n.actor
                else None,
                "others": max(0, n.actor_count - 1),
                "text": n.text,
                "target_url": absolute(n.target_url),
                "created_at": n.created_at,
                "updated_at": n.updated_at,
                "read": n.read_at is not None,
            }
            for n in rows
        ],
        next_cursor,
    )


@router.post("/notifications/read", response={200: ReadOut, **STANDARD_ERRORS}, summary="Mark read")
def notification_read(request: ApiRequest, payload: ReadIn):
    if not payload.all and not payload.ids:
        raise Invalid("Say which.", [FieldError("ids", "Give ids, or all: true.")])
    updated = services.notifications_read(
        actor=request.auth, ids=payload.ids, everything=payload.all
    )

    return {"updated": updated, "unread": unread_count(request.auth)}


# Web Push ----------------------------------------------------------------------------------


def _device_out(device: PushDevice) -> dict:
    return {
        "id": device.pk,
        "name": device.name,
        "kinds": device.kinds,
        "created_at": device.created_at,
        "last_sent_at": device.last_sent_at,
    }


def _my_device(request: ApiRequest, device_id: int) -> PushDevice:
    device = devices_for(request.auth).filter(pk=device_id).first()
    if device is None:
        raise NotFound()
    return device


@router.get("/push/key", response={200: PushKeyOut, **STANDARD_ERRORS}, summary="Push key")
def push_key(request: ApiRequest):
    """The application server key (VAPID) a browser subscribes with."""
    return {"public_key": push.public_key()}


@router.get("/push/devices", response={200: list[PushDeviceOut], **STANDARD_ERRORS}, summary="Mine")
def push_device_list(request: ApiRequest):
    return [_device_out(d) for d in devices_for(request.auth)]


@router.post(
    "/push/devices", response={201: PushDeviceOut, **STANDARD_ERRORS}, summary="Add a device"
)
def push_device_add(request: ApiRequest, payload: PushDeviceIn):
    session = getattr(request, "session", None)
    device = services.device_add(
        actor=request.auth,
        endpoint=payload.endpoint,
        p256dh=payload.keys.p256dh,
        auth=payload.keys.auth,
        name=payload.name,
        kinds=payload.kinds,
        session_key=getattr(session, "session_key", None),
    )
    return Status(201, _device_out(device))


@router.patch(
    "/push/devices/{device_id}",
    response={200: PushDeviceOut, **STANDARD_ERRORS},
    summary="Choose what a device receives",
)
def push_device_change(request: ApiRequest, device_id: int, payload: PushDevicePatch):
    device = services.device_update(
        actor=request.auth, device=_my_device(request, device_id), kinds=payload.kinds
    )
    return _device_out(device)


@router.delete(
    "/push/devices/{device_id}", response={204: None, **STANDARD_ERRORS}, summary="Remove"
)
def push_device_remove(request: ApiRequest, device_id: int):
    services.device_remove(actor=request.auth, device=_my_device(request, device_id))
    return Status(204, None)
