"""Recognition in the public API: leaderboards, my points, leaderboard visibility, point rules
(administrators), a community's reward mix."""

from __future__ import annotations

from django.conf import settings
from ninja import Query, Router, Status

from hearth.communities.access import access_community
from hearth.conversations.api import posts_page
from hearth.conversations.schemas import PostPage
from hearth.core.access import is_administrator
from hearth.core.api import STANDARD_ERRORS, PageQuery, page_out
from hearth.core.errors import FieldError, Forbidden, Invalid, NotFound
from hearth.core.pagination import paginate
from hearth.core.types import ApiRequest
from hearth.feeds.selectors import HOME_ORDER
from hearth.people.access import access_person

from . import selectors, services
from .access import access_points_of
from .schemas import (
    AwardIn,
    BadgeIn,
    BadgeOut,
    BadgePatch,
    BoardQuery,
    BoardRowOut,
    HeldBadgeOut,
    ImpactOut,
    LedgerQuery,
    MixIo,
    PersonBadgesOut,
    PersonPointsOut,
    PointsOut,
    PraiseQuery,
    RuleOut,
    RulePatch,
    VisibilityIo,
)

router = Router(tags=["recognition"])


@router.get(
    "/leaderboards", response={200: list[BoardRowOut], **STANDARD_ERRORS}, summary="Leaderboards"
)
def leaderboards(request: ApiRequest, query: Query[BoardQuery]):
    rows = selectors.leaderboard(request.auth, board=query.board, period=query.period)
    return [
        {"rank": i, **row, "url": request.build_absolute_uri(row["url"]) if row["url"] else None}
        for i, row in enumerate(rows, start=1)
    ]


@router.get("/me/points", response={200: PointsOut, **STANDARD_ERRORS}, summary="My points")
def my_points(request: ApiRequest, query: Query[LedgerQuery]):
    rows, next_cursor = paginate(
        selectors.ledger_of(request.auth),
        ordering=["-created_at", "-id"],
        limit=query.limit,
        cursor=query.cursor,
    )
    return {
        "total": selectors.points_of(request.auth),
        "week": selectors.points_of(request.auth, "week"),
        "month": selectors.points_of(request.auth, "month"),
        **page_out(
            (
                {
                    "points": e.points,
                    "rule": e.rule,
                    "community": e.community.slug if e.community_id else None,
                    "reversal": e.reverses_id is not None,
                    "created_at": e.created_at,
                }
                for e in rows
            ),
            next_cursor,
        ),
    }


@router.get(
    "/people/{username}/points",
    response={200: PersonPointsOut, **STANDARD_ERRORS},
    summary="A person's points by rule (themselves or an administrator)",
)
def person_points(request: ApiRequest, username: str):
    person = access_points_of(request.auth, username)
    return {
        "username": person.username,
        "total": selectors.points_of(person),
        "week": selectors.points_of(person, "week"),
        "month": selectors.points_of(person, "month"),
        "by_rule": selectors.points_by_rule(person),
    }


@router.get("/praise", response={200: PostPage, **STANDARD_ERRORS}, summary="The recognition wall")
def praise(request: ApiRequest, query: Query[PraiseQuery]):
    """Praise posts, company-wide or in one community, optionally for one company value."""
    if query.value and query.value not in settings.HEARTH_COMPANY_VALUES:
        raise Invalid(
            "Unknown company value.",
            [FieldError("value", "One of: " + ", ".join(settings.HEARTH_COMPANY_VALUES))],
        )
    community = access_community(request.auth, query.community) if query.community else None
    posts = selectors.praise_wall(request.auth, value=query.value, community=community)
    return posts_page(request, posts, HOME_ORDER, PageQuery(limit=query.limit, cursor=query.cursor))


@router.get("/me/impact", response={200: ImpactOut, **STANDARD_ERRORS}, summary="My impact")
def impact(request: ApiRequest):
    """What my contributions did for others, this period against the one before (private)."""
    data = selectors.impact_of(request.auth)
    data.pop("latest_praise")
    return {
        **data,
        "period_days": selectors.IMPACT_DAYS,
        "communities": [c.slug for c in data["communities"]],
        "level": selectors.level_for(request.auth, request.auth),
        "badges": [_held(a) for a in selectors.badges_of(request.auth)],
    }


@router.put(
    "/me/leaderboard-visibility",
    response={200: VisibilityIo, **STANDARD_ERRORS},
    summary="Hide me from leaderboards",
)
def visibility(request: ApiRequest, payload: VisibilityIo):
    return {"hidden": services.leaderboard_hide(actor=request.auth, hidden=payload.hidden)}


def _rule(rule) -> dict:
    return {
        "code": rule.code,
        "label": rule.label,
        "points": rule.points,
        "daily_cap": rule.daily_cap,
        "active": rule.active,
    }


@router.get(
    "/recognition/rules", response={200: list[RuleOut], **STANDARD_ERRORS}, summary="Point rules"
)
def rule_list(request: ApiRequest):
    return [_rule(r) for r in selectors.rules()]


@router.patch(
    "/recognition/rules/{code}",
    response={200: RuleOut, **STANDARD_ERRORS},
    summary="Change a point rule",
)
def rule_update(request: ApiRequest, code: str, payload: RulePatch):
    """Administrators: points (-1000 to 1000), daily cap (1 or more, or none), active."""
    rule = services.rule_update(
        actor=request.auth,
        code=code,
        points=payload.points,
        daily_cap=payload.daily_cap,
        clear_cap=payload.no_daily_cap,
        active=payload.active,
    )
    return _rule(rule)


@router.put(
    "/communities/{slug}/reward-mix",
    response={200: MixIo, **STANDARD_ERRORS},
    summary="How a community rewards",
)
def reward_mix(request: ApiRequest, slug: str, payload: MixIo):
    community = access_community(request.auth, slug)
    return {
        "mix": services.reward_mix_set(actor=request.auth, community=community, mix=payload.mix).mix
    }


ImpactOut.model_rebuild()


def _badge(b) -> dict:
    return {
        "code": b.code,
        "name": b.name,
        "icon": b.icon,
        "description": b.description,
        "criteria": b.criteria,
        "active": b.active,
        "holders": getattr(b, "holders", 0),
    }


def _held(a) -> dict:
    return {
        "code": a.badge.code,
        "name": a.badge.name,
        "icon": a.badge.icon,
        "description": a.badge.description,
        "awarded_at": a.awarded_at,
        "by_hand": a.awarded_by_id is not None,
        "reason": a.reason,
    }


@router.get("/badges", response={200: list[BadgeOut], **STANDARD_ERRORS}, summary="Badges")
def badge_list(request: ApiRequest):
    """Every badge and what earns it, with how many hold it (administrators also see those
    switched off)."""
    rows = selectors.badge_catalogue()
    if not is_administrator(request.auth):
        rows = rows.filter(active=True)
    return [_badge(b) for b in rows]


def _badge_by_code(code: str):
    badge = selectors.badge_catalogue().filter(code=code).first()
    if badge is None:
        raise NotFound("There is no such badge.")
    return badge


@router.post("/badges", response={201: BadgeOut, **STANDARD_ERRORS}, summary="Define a badge")
def badge_create(request: ApiRequest, payload: BadgeIn):
    """Administrators. `criteria`: conditions joined by "and", each "<measure> >= <number>";
    criteria that do not parse are a 422 naming the condition."""
    badge = services.badge_save(actor=request.auth, **payload.dict())
    return Status(201, _badge(_badge_by_code(badge.code)))


@router.patch(
    "/badges/{code}", response={200: BadgeOut, **STANDARD_ERRORS}, summary="Change a badge"
)
def badge_update(request: ApiRequest, code: str, payload: BadgePatch):
    badge = _badge_by_code(code)
    if not is_administrator(request.auth):
        raise Forbidden("Only administrators define badges.")
    changes = {k: v for k, v in payload.dict().items() if v is not None}
    current = {
        "name": badge.name,
        "criteria": badge.criteria,
        "description": badge.description,
        "icon": badge.icon,
        "active": badge.active,
    }
    services.badge_save(actor=request.auth, badge=badge, **{**current, **changes})
    return _badge(_badge_by_code(code))


@router.get(
    "/people/{username}/badges",
    response={200: PersonBadgesOut, **STANDARD_ERRORS},
    summary="Someone's badges and level",
)
def person_badges(request: ApiRequest, username: str):
    """The level is shown only if the person appears on leaderboards (or it is you)."""
    person = access_person(request.auth, username)
    return {
        "level": selectors.level_for(request.auth, person),
        "badges": [_held(a) for a in selectors.badges_of(person)],
    }


@router.post(
    "/people/{username}/badges",
    response={201: HeldBadgeOut, **STANDARD_ERRORS},
    summary="Award a badge by hand",
)
def person_badge_award(request: ApiRequest, username: str, payload: AwardIn):
    """Administrators, with a reason (audited; the person is notified)."""
    if not is_administrator(request.auth):
        raise Forbidden("Only administrators award badges by hand.")
    person = access_person(request.auth, username)
    badge = _badge_by_code(payload.badge)
    award = services.badge_award(
        actor=request.auth, badge=badge, person=person, reason=payload.reason
    )
    return Status(201, _held(award))
