"""Trust in the public API: blocks and mutes, the audit log."""

from __future__ import annotations

from ninja import Query, Router

from hearth.core.api import STANDARD_ERRORS, page_out
from hearth.core.errors import FieldError, Forbidden, Invalid
from hearth.core.pagination import paginate
from hearth.core.types import ApiRequest
from hearth.people.access import access_person

from . import services
from .schemas import AuditPage, AuditQuery, BlocksOut, RelationOut
from .selectors import audit_entries, blocks_and_mutes, is_auditor, relation

router = Router(tags=["trust"])


def _set(request, username: str, *, block: bool | None = None, mute: bool | None = None):
    person = access_person(request.auth, username)
    if block is not None:
        services.block_set(actor=request.auth, person=person, blocked=block)
    if mute is not None:
        services.mute_set(actor=request.auth, person=person, muted=mute)
    return relation(request.auth, person)


@router.get("/me/blocks", response={200: BlocksOut, **STANDARD_ERRORS}, summary="Blocked and muted")
def blocks(request: ApiRequest):
    rows = blocks_and_mutes(request.auth)
    return {key: [p.username for p in people] for key, people in rows.items()}


@router.post(
    "/people/{username}/block", response={200: RelationOut, **STANDARD_ERRORS}, summary="Block"
)
def block(request: ApiRequest, username: str):
    return _set(request, username, block=True)


@router.delete(
    "/people/{username}/block", response={200: RelationOut, **STANDARD_ERRORS}, summary="Unblock"
)
def unblock(request: ApiRequest, username: str):
    return _set(request, username, block=False)


@router.post(
    "/people/{username}/mute", response={200: RelationOut, **STANDARD_ERRORS}, summary="Mute"
)
def mute(request: ApiRequest, username: str):
    return _set(request, username, mute=True)


@router.delete(
    "/people/{username}/mute", response={200: RelationOut, **STANDARD_ERRORS}, summary="Unmute"
)
def unmute(request: ApiRequest, username: str):
    return _set(request, username, mute=False)


@router.get("/audit", response={200: AuditPage, **STANDARD_ERRORS}, summary="Audit log")
def audit_list(request: ApiRequest, query: Query[AuditQuery]):
    """The append-only audit log, newest first; for auditors and administrators only."""
    if not is_auditor(request.auth):
        raise Forbidden("Only auditors can read the audit log.")
    if query.since and query.until and query.until <= query.since:
        raise Invalid("until must be after since.", [FieldError("until", "Before since.")])
    entries = audit_entries(
        request.auth,
        action=query.action,
        actor=query.actor,
        since=query.since,
        until=query.until,
    ).select_related("actor")
    rows, next_cursor = paginate(
        entries, ordering=["-created_at", "-id"], limit=query.limit, cursor=query.cursor
    )
    items = [
        {
            "id": e.pk,
            "created_at": e.created_at,
            "action": e.action,
            "actor": e.actor.username if e.actor_id else None,
            "actor_name": e.actor_name,
            "target_type": e.target_type,
            "target_id": e.target_id,
            "target_label": e.target_label,
            "community_id": e.community_id,
            "detail": e.detail,
        }
        for e in rows
    ]
    return page_out(items, next_cursor)
