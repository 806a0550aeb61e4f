"""Notifications in the public API: the caller's own, and marking them read."""

from __future__ import annotations

from ninja import Query, Router

from hearth.core.api import STANDARD_ERRORS, page_out
from hearth.core.errors import FieldError, Invalid
from hearth.core.pagination import paginate
from hearth.core.registry import notification_kinds
from hearth.core.types import ApiRequest

from . import services
from .schemas import NotificationPage, NotificationQuery, ReadIn, ReadOut
from .selectors import decorate, notifications_for, unread_count, verbs_known

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
