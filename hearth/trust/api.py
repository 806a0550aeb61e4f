"""Trust in the public API: report, the moderation queue, actions and appeals."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from hearth.communities.access import access_community
from hearth.core.access import is_administrator
from hearth.core.api import STANDARD_ERRORS, PageQuery
from hearth.core.errors import FieldError, Forbidden, Invalid
from hearth.core.pagination import paginate
from hearth.people.access import access_person

from . import policies, services
from .access import (
    access_anonymous_post,
    access_appeal,
    access_own_action,
    access_report,
    access_reveal,
    target_of,
)
from .models import Appeal, ModerationAction, Report
from .schemas import (
    ActionIn,
    ActionOut,
    AppealIn,
    AppealOut,
    AppealPage,
    AuditPage,
    AuditQuery,
    BlocksOut,
    DecisionIn,
    FilterIn,
    FilterOut,
    QueuePage,
    RelationOut,
    ReportIn,
    ReportOut,
    ReportPage,
    RevealDecisionIn,
    RevealIn,
    RevealOut,
    RevealPage,
    StatsOut,
)
from .selectors import (
    appeals_for,
    audit_entries,
    blocks_and_mutes,
    is_auditor,
    queue_for,
    relation,
    repeat_offenders,
    reports_by,
    reveal_requests_for,
    revealed_to,
    stats_for,
)

router = Router(tags=["trust"])
# Every operation may be malformed, unauthenticated, refused, absent, in conflict or invalid.
ERRORS = STANDARD_ERRORS


def _report(report: Report) -> dict:
    return {
        "id": report.pk,
        "reason": report.reason,
        "detail": report.detail,
        "state": report.state,
        "created_at": report.created_at,
        "handled_at": report.handled_at,
        "outcome": report.action.kind if report.action_id else None,
    }


def _queued(report: Report) -> dict:
    item = report.comment or report.post
    excerpt = (item.body if item is not None else report.person.name)[:300]
    return {
        **_report(report),
        "reporter": report.reporter.username if report.reporter_id else None,
        "target": {
            "type": report.target_kind,
            "post": report.post_id,
            "comment": report.comment_id,
            "person": report.person.username if report.person_id else None,
            "author": report.author.username,
            "community": report.community.slug if report.community_id else None,
            "excerpt": excerpt,
        },
    }


def _appeal(appeal: Appeal) -> dict:
    return {
        "id": appeal.pk,
        "action": appeal.action_id,
        "text": appeal.text,
        "state": appeal.state,
        "created_at": appeal.created_at,
        "decision_reason": appeal.decision_reason,
    }


@router.post("/reports", response={201: ReportOut, **ERRORS}, summary="Report")
def report_create(request: HttpRequest, payload: ReportIn):
    given = [n for n in ("post", "comment", "person") if getattr(payload, n) is not None]
    if len(given) != 1:
        raise Invalid(
            "Report one thing.", [FieldError("post", "Give exactly one of post, comment, person.")]
        )
    target = target_of(
        request.auth, post_id=payload.post, comment_id=payload.comment, username=payload.person
    )
    report = services.report_create(
        actor=request.auth, reason=payload.reason, detail=payload.detail, **target
    )
    return Status(201, _report(report))


@router.get("/reports", response={200: ReportPage, **ERRORS}, summary="My reports")
def report_list(request: HttpRequest, query: Query[PageQuery]):
    rows, next_cursor = paginate(
        reports_by(request.auth),
        ordering=["-created_at", "-id"],
        limit=query.limit,
        cursor=query.cursor,
    )
    return {"items": [_report(r) for r in rows], "next_cursor": next_cursor}


@router.get("/moderation/queue", response={200: QueuePage, **ERRORS}, summary="Queue")
def queue(request: HttpRequest, query: Query[PageQuery]):
    """Open reports the caller may handle, oldest first (empty for people who moderate nothing)."""
    rows, next_cursor = paginate(
        queue_for(request.auth),
        ordering=["created_at", "id"],
        limit=query.limit,
        cursor=query.cursor,
    )
    return {"items": [_queued(r) for r in rows], "next_cursor": next_cursor}


@router.get("/moderation/stats", response={200: StatsOut, **ERRORS}, summary="Statistics")
def stats(request: HttpRequest):
    return {**stats_for(request.auth), "repeat_offenders": repeat_offenders(request.auth)}


@router.post("/moderation/actions", response={201: ActionOut, **ERRORS}, summary="Act")
def action_create(request: HttpRequest, payload: ActionIn):
    report = access_report(request.auth, payload.report)
    action = services.action_take(
        actor=request.auth,
        report=report,
        kind=payload.action,
        reason=payload.reason,
        days=payload.days,
    )
    return Status(201, _action(action))


def _action(action: ModerationAction) -> dict:
    return {
        "id": action.pk,
        "action": action.kind,
        "reason": action.reason,
        "days": action.days,
        "created_at": action.created_at,
        "reports": list(action.reports.values_list("id", flat=True)),
    }


@router.get("/moderation/appeals", response={200: AppealPage, **ERRORS}, summary="Appeals")
def appeal_list(request: HttpRequest, query: Query[PageQuery]):
    rows, next_cursor = paginate(
        appeals_for(request.auth),
        ordering=["created_at", "id"],
        limit=query.limit,
        cursor=query.cursor,
    )
    return {"items": [_appeal(a) for a in rows], "next_cursor": next_cursor}


@router.post(
    "/moderation/actions/{action_id}/appeal", response={201: AppealOut, **ERRORS}, summary="Appeal"
)
def appeal_create(request: HttpRequest, action_id: int, payload: AppealIn):
    action = access_own_action(request.auth, action_id)
    return Status(
        201, _appeal(services.appeal_create(actor=request.auth, action=action, text=payload.text))
    )


@router.post(
    "/moderation/appeals/{appeal_id}/decision",
    response={200: AppealOut, **ERRORS},
    summary="Decide an appeal",
)
def appeal_decide(request: HttpRequest, appeal_id: int, payload: DecisionIn):
    appeal = access_appeal(request.auth, appeal_id)
    decided = services.appeal_decide(
        actor=request.auth,
        appeal=appeal,
        overturn=payload.decision == "overturn",
        reason=payload.reason,
    )
    return _appeal(decided)


def _set(request, username: str, *, block: bool | None = None, mute: bool | None = None):
    person = access_person(request.auth, username)
    if block is not None:
        services.block_set(actor=request.auth, person=person, blocked=block)
    if mute is not None:
        services.mute_set(actor=request.auth, person=person, muted=mute)
    return relation(request.auth, person)


@router.get("/me/blocks", response={200: BlocksOut, **ERRORS}, summary="Blocked and muted")
def blocks(request: HttpRequest):
    rows = blocks_and_mutes(request.auth)
    return {key: [p.username for p in people] for key, people in rows.items()}


@router.post("/people/{username}/block", response={200: RelationOut, **ERRORS}, summary="Block")
def block(request: HttpRequest, username: str):
    return _set(request, username, block=True)


@router.delete("/people/{username}/block", response={200: RelationOut, **ERRORS}, summary="Unblock")
def unblock(request: HttpRequest, username: str):
    return _set(request, username, block=False)


@router.post("/people/{username}/mute", response={200: RelationOut, **ERRORS}, summary="Mute")
def mute(request: HttpRequest, username: str):
    return _set(request, username, mute=True)


@router.delete("/people/{username}/mute", response={200: RelationOut, **ERRORS}, summary="Unmute")
def unmute(request: HttpRequest, username: str):
    return _set(request, username, mute=False)


@router.get("/audit", response={200: AuditPage, **ERRORS}, summary="Audit log")
def audit_list(request: HttpRequest, query: Query[AuditQuery]):
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
    return {"items": items, "next_cursor": next_cursor}


def _reveal(viewer, item) -> dict:
    return {
        "id": item.pk,
        "post": item.post_id,
        "state": item.state,
        "reason": item.reason,
        "requested_by": item.requested_by.username,
        "created_at": item.created_at,
        "expires_at": item.expires_at,
        "decided_by": item.decided_by.username if item.decided_by_id else None,
        "decided_at": item.decided_at,
        "decision_reason": item.decision_reason,
        "author": item.revealed_person.username if revealed_to(viewer, item) else None,
    }


@router.post("/moderation/reveals", response={201: RevealOut, **ERRORS}, summary="Ask to reveal")
def reveal_create(request: HttpRequest, payload: RevealIn):
    """Break-glass, step one (administrators): ask, with a reason, who wrote an anonymous post."""
    post = access_anonymous_post(request.auth, payload.post)
    item = services.reveal_request(actor=request.auth, post=post, reason=payload.reason)
    return Status(201, _reveal(request.auth, item))


@router.get("/moderation/reveals", response={200: RevealPage, **ERRORS}, summary="Reveals")
def reveal_list(request: HttpRequest, query: Query[PageQuery]):
    if not is_administrator(request.auth):
        raise Forbidden("Only administrators see identity reveal requests.")
    rows, next_cursor = paginate(
        reveal_requests_for(request.auth).select_related("revealed_person"),
        ordering=["-created_at", "-id"],
        limit=query.limit,
        cursor=query.cursor,
    )
    return {"items": [_reveal(request.auth, r) for r in rows], "next_cursor": next_cursor}


@router.post(
    "/moderation/reveals/{request_id}/decision",
    response={200: RevealOut, **ERRORS},
    summary="Approve or refuse a reveal",
)
def reveal_decision(request: HttpRequest, request_id: int, payload: RevealDecisionIn):
    """Break-glass, step two: a second administrator approves (both then see the author, who
    is told) or refuses. Each request is used once and expires after a day."""
    item = access_reveal(request.auth, request_id)
    item = services.reveal_decide(
        actor=request.auth,
        request=item,
        approve=payload.decision == "approve",
        reason=payload.reason,
    )
    return _reveal(request.auth, item)


def _filter(rule) -> dict:
    return {
        "id": rule.pk,
        "pattern": rule.pattern,
        "is_regex": rule.is_regex,
        "action": rule.action,
        "message": rule.message,
        "community": rule.community.slug if rule.community_id else None,
        "created_by": rule.created_by.username,
        "created_at": rule.created_at,
    }


@router.get("/moderation/filters", response={200: list[FilterOut], **ERRORS}, summary="Filters")
def filter_list(request: HttpRequest):
    """The content filters the caller manages (empty for people who manage none)."""
    return [_filter(r) for r in policies.filters_managed_by(request.auth)]


@router.post("/moderation/filters", response={201: FilterOut, **ERRORS}, summary="Add a filter")
def filter_create(request: HttpRequest, payload: FilterIn):
    community = access_community(request.auth, payload.community) if payload.community else None
    rule = policies.filter_create(
        actor=request.auth,
        pattern=payload.pattern,
        is_regex=payload.is_regex,
        action=payload.action,
        message=payload.message,
        community=community,
    )
    return Status(201, _filter(rule))


@router.delete(
    "/moderation/filters/{filter_id}", response={204: None, **ERRORS}, summary="Remove a filter"
)
def filter_remove(request: HttpRequest, filter_id: int):
    policies.filter_delete(actor=request.auth, rule=policies.access_filter(request.auth, filter_id))
    return Status(204, None)
