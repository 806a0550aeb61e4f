"""Moderation in the public API: report, the moderation queue, actions, appeals, reveals and
content filters. Its operations keep the ids and tag they had under `trust` (the API did not
change when the app was split)."""

from __future__ import annotations

from ninja import Query, Router, Status

from hearth.communities.access import access_community
from hearth.core.access import is_administrator
from hearth.core.api import STANDARD_ERRORS, PageQuery, page_out
from hearth.core.errors import FieldError, Forbidden, Invalid
from hearth.core.pagination import paginate
from hearth.core.types import ApiRequest

from . import filters, services
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
    DecisionIn,
    FilterIn,
    FilterOut,
    QueuePage,
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
    queue_for,
    repeat_offenders,
    reports_by,
    reveal_requests_for,
    revealed_to,
    stats_for,
)

router = Router(tags=["trust"])


def _operation(name: str) -> str:
    """The operation id it had under `trust`, kept so clients and the contract stay the same."""
    return f"hearth_trust_api_{name}"


def _report(report: Report) -> dict:
    return {
        "id": report.pk,
        "reason": report.reason,
        "detail": report.detail,
        "state": report.state,
        "created_at": report.created_at,
        "handled_at": report.handled_at,
        "outcome": report.action.kind if report.action else None,
    }


def _queued(report: Report) -> dict:
    item = report.comment or report.post
    excerpt = (item.body if item is not None else report.person.name if report.person else "")[:300]
    return {
        **_report(report),
        "reporter": report.reporter.username if report.reporter else None,
        "target": {
            "type": report.target_kind,
            "post": report.post_id,
            "comment": report.comment_id,
            "person": report.person.username if report.person else None,
            "author": report.author.username,
            "community": report.community.slug if report.community else None,
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


@router.post(
    "/reports",
    response={201: ReportOut, **STANDARD_ERRORS},
    summary="Report",
    operation_id=_operation("report_create"),
)
def report_create(request: ApiRequest, payload: ReportIn):
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


@router.get(
    "/reports",
    response={200: ReportPage, **STANDARD_ERRORS},
    summary="My reports",
    operation_id=_operation("report_list"),
)
def report_list(request: ApiRequest, query: Query[PageQuery]):
    rows, next_cursor = paginate(
        reports_by(request.auth),
        ordering=["-created_at", "-id"],
        limit=query.limit,
        cursor=query.cursor,
    )
    return page_out([_report(r) for r in rows], next_cursor)


@router.get(
    "/moderation/queue",
    response={200: QueuePage, **STANDARD_ERRORS},
    summary="Queue",
    operation_id=_operation("queue"),
)
def queue(request: ApiRequest, query: Query[PageQuery]):
    """Open reports the caller may handle, oldest first (empty for people who moderate nothing)."""
    rows, next_cursor = paginate(
        queue_for(request.auth),
        ordering=["created_at", "id"],
        limit=query.limit,
        cursor=query.cursor,
    )
    return page_out([_queued(r) for r in rows], next_cursor)


@router.get(
    "/moderation/stats",
    response={200: StatsOut, **STANDARD_ERRORS},
    summary="Statistics",
    operation_id=_operation("stats"),
)
def stats(request: ApiRequest):
    return {**stats_for(request.auth), "repeat_offenders": repeat_offenders(request.auth)}


@router.post(
    "/moderation/actions",
    response={201: ActionOut, **STANDARD_ERRORS},
    summary="Act",
    operation_id=_operation("action_create"),
)
def action_create(request: ApiRequest, payload: ActionIn):
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


@router.get(
    "/moderation/appeals",
    response={200: AppealPage, **STANDARD_ERRORS},
    summary="Appeals",
    operation_id=_operation("appeal_list"),
)
def appeal_list(request: ApiRequest, query: Query[PageQuery]):
    rows, next_cursor = paginate(
        appeals_for(request.auth),
        ordering=["created_at", "id"],
        limit=query.limit,
        cursor=query.cursor,
    )
    return page_out([_appeal(a) for a in rows], next_cursor)


@router.post(
    "/moderation/actions/{action_id}/appeal",
    response={201: AppealOut, **STANDARD_ERRORS},
    summary="Appeal",
    operation_id=_operation("appeal_create"),
)
def appeal_create(request: ApiRequest, action_id: int, payload: AppealIn):
    action = access_own_action(request.auth, action_id)
    return Status(
        201, _appeal(services.appeal_create(actor=request.auth, action=action, text=payload.text))
    )


@router.post(
    "/moderation/appeals/{appeal_id}/decision",
    response={200: AppealOut, **STANDARD_ERRORS},
    summary="Decide an appeal",
    operation_id=_operation("appeal_decide"),
)
def appeal_decide(request: ApiRequest, appeal_id: int, payload: DecisionIn):
    appeal = access_appeal(request.auth, appeal_id)
    decided = services.appeal_decide(
        actor=request.auth,
        appeal=appeal,
        overturn=payload.decision == "overturn",
        reason=payload.reason,
    )
    return _appeal(decided)


def _reveal(viewer, item) -> dict:
    return {
        "id": item.pk,
        "post": item.post_id,
        "state": item.state,
        "reason": item.reason,
        "requested_by": item.requested_by.username,
        "created_at": item.created_at,
        "expires_at": item.expires_at,
        "decided_by": item.decided_by.username if item.decided_by else None,
        "decided_at": item.decided_at,
        "decision_reason": item.decision_reason,
        "author": item.revealed_person.username if revealed_to(viewer, item) else None,
    }


@router.post(
    "/moderation/reveals",
    response={201: RevealOut, **STANDARD_ERRORS},
    summary="Ask to reveal",
    operation_id=_operation("reveal_create"),
)
def reveal_create(request: ApiRequest, payload: RevealIn):
    """Break-glass, step one (administrators): ask, with a reason, who wrote an anonymous post."""
    post = access_anonymous_post(request.auth, payload.post)
    item = services.reveal_request(actor=request.auth, post=post, reason=payload.reason)
    return Status(201, _reveal(request.auth, item))


@router.get(
    "/moderation/reveals",
    response={200: RevealPage, **STANDARD_ERRORS},
    summary="Reveals",
    operation_id=_operation("reveal_list"),
)
def reveal_list(request: ApiRequest, query: Query[PageQuery]):
    if not is_administrator(request.auth):
        raise Forbidden("Only administrators see identity reveal requests.")
    rows, next_cursor = paginate(
        reveal_requests_for(request.auth).select_related("revealed_person"),
        ordering=["-created_at", "-id"],
        limit=query.limit,
        cursor=query.cursor,
    )
    return page_out([_reveal(request.auth, r) for r in rows], next_cursor)


@router.post(
    "/moderation/reveals/{request_id}/decision",
    response={200: RevealOut, **STANDARD_ERRORS},
    summary="Approve or refuse a reveal",
    operation_id=_operation("reveal_decision"),
)
def reveal_decision(request: ApiRequest, request_id: int, payload: RevealDecisionIn):
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
        "community": rule.community.slug if rule.community else None,
        "created_by": rule.created_by.username,
        "created_at": rule.created_at,
    }


@router.get(
    "/moderation/filters",
    response={200: list[FilterOut], **STANDARD_ERRORS},
    summary="Filters",
    operation_id=_operation("filter_list"),
)
def filter_list(request: ApiRequest):
    """The content filters the caller manages (empty for people who manage none)."""
    return [_filter(r) for r in filters.filters_managed_by(request.auth)]


@router.post(
    "/moderation/filters",
    response={201: FilterOut, **STANDARD_ERRORS},
    summary="Add a filter",
    operation_id=_operation("filter_create"),
)
def filter_create(request: ApiRequest, payload: FilterIn):
    community = access_community(request.auth, payload.community) if payload.community else None
    rule = filters.filter_create(
        actor=request.auth,
        pattern=payload.pattern,
        is_regex=payload.is_regex,
        action=payload.action,
        message=payload.message,
        community=community,
    )
    return Status(201, _filter(rule))


@router.delete(
    "/moderation/filters/{filter_id}",
    response={204: None, **STANDARD_ERRORS},
    summary="Remove a filter",
    operation_id=_operation("filter_remove"),
)
def filter_remove(request: ApiRequest, filter_id: int):
    filters.filter_delete(actor=request.auth, rule=filters.access_filter(request.auth, filter_id))
    return Status(204, None)
