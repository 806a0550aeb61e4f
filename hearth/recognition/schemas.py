"""What the recognition API reads and writes (the schemas of `api.py`)."""

from __future__ import annotations

from typing import Literal

from ninja import Schema

from hearth.core.types import IsoDateTime


class BoardQuery(Schema):
    board: Literal["people", "communities", "departments"] = "people"
    period: Literal["week", "month", "quarter", "all"] = "month"


class BoardRowOut(Schema):
    rank: int
    name: str
    url: str | None
    points: int


class LedgerQuery(Schema):
    limit: int | None = None
    cursor: str | None = None


class EntryOut(Schema):
    points: int
    rule: str
    community: str | None
    reversal: bool
    created_at: IsoDateTime


class PointsOut(Schema):
    total: int
    week: int
    month: int
    items: list[EntryOut]
    next_cursor: str | None


class RulePointsOut(Schema):
    rule: str
    points: int
    entries: int


class PersonPointsOut(Schema):
    username: str
    total: int
    week: int
    month: int
    by_rule: list[RulePointsOut]


class PraiseQuery(Schema):
    value: str = ""
    community: str | None = None
    limit: int | None = None
    cursor: str | None = None


class TrendOut(Schema):
    now: int
    before: int
    change: int


class ImpactOut(Schema):
    period_days: int
    answers: TrendOut
    accepted: TrendOut
    people_helped: int
    readers: TrendOut
    unique_readers: int
    reactions: TrendOut
    praise: TrendOut
    connections: TrendOut
    followers: TrendOut
    communities: list[str]
    points: TrendOut
    total_points: int
    level: LevelOut
    badges: list[HeldBadgeOut]


class VisibilityIo(Schema):
    hidden: bool


class RuleOut(Schema):
    code: str
    label: str
    points: int
    daily_cap: int | None
    active: bool


class RulePatch(Schema):
    points: int | None = None
    daily_cap: int | None = None
    no_daily_cap: bool = False
    active: bool | None = None


class MixIo(Schema):
    mix: Literal["individual", "group", "both"]


class LevelOut(Schema):
    number: int
    name: str
    points: int
    next_name: str | None
    next_at: int | None
    to_next: int


class BadgeOut(Schema):
    code: str
    name: str
    icon: str
    description: str
    criteria: str
    active: bool
    holders: int


class HeldBadgeOut(Schema):
    code: str
    name: str
    icon: str
    description: str
    awarded_at: IsoDateTime
    by_hand: bool
    reason: str


class BadgeIn(Schema):
    name: str
    criteria: str = ""
    description: str = ""
    icon: str = ""
    active: bool = True


class BadgePatch(Schema):
    name: str | None = None
    criteria: str | None = None
    description: str | None = None
    icon: str | None = None
    active: bool | None = None


class PersonBadgesOut(Schema):
    level: LevelOut | None
    badges: list[HeldBadgeOut]


class AwardIn(Schema):
    badge: str
    reason: str
