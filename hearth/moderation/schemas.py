"""What the moderation API reads and writes."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema

from hearth.core.api import Page
from hearth.core.types import IsoDateTime


class ReportIn(Schema):
    post: int | None = None
    comment: int | None = None
    person: str | None = None
    reason: str
    detail: str = ""


class TargetOut(Schema):
    type: Literal["post", "comment", "person"]
    post: int | None
    comment: int | None
    person: str | None
    author: str
    community: str | None
    excerpt: str


class ReportOut(Schema):
    id: int
    reason: str
    detail: str
    state: str
    created_at: IsoDateTime
    handled_at: IsoDateTime | None
    outcome: str | None


class QueuedReportOut(ReportOut):
    reporter: str | None = Field(description="Null when the product raised it (filter, approval).")
    target: TargetOut


class ReportPage(Page[ReportOut]):
    pass


class QueuePage(Page[QueuedReportOut]):
    pass


class ActionIn(Schema):
    report: int
    action: str
    reason: str = ""
    days: int | None = None


class ActionOut(Schema):
    id: int
    action: str
    reason: str
    days: int | None
    created_at: IsoDateTime
    reports: list[int]


class AppealIn(Schema):
    text: str


class AppealOut(Schema):
    id: int
    action: int
    text: str
    state: str
    created_at: IsoDateTime
    decision_reason: str


class AppealPage(Page[AppealOut]):
    pass


class DecisionIn(Schema):
    decision: Literal["uphold", "overturn"]
    reason: str = ""


class OffenderOut(Schema):
    username: str
    name: str
    count: int


class StatsOut(Schema):
    open: int
    handled: int
    median_hours: float | None
    repeat_offenders: list[OffenderOut]


class RevealIn(Schema):
    post: int
    reason: str


class RevealDecisionIn(Schema):
    decision: Literal["approve", "refuse"]
    reason: str


class RevealOut(Schema):
    id: int
    post: int
    state: str
    reason: str
    requested_by: str
    created_at: IsoDateTime
    expires_at: IsoDateTime
    decided_by: str | None
    decided_at: IsoDateTime | None
    decision_reason: str
    author: str | None = Field(
        description="The revealed author's username: only for the two administrators involved."
    )


class RevealPage(Page[RevealOut]):
    pass


class FilterIn(Schema):
    pattern: str
    is_regex: bool = False
    action: Literal["hold", "block"] = "hold"
    message: str = ""
    community: str | None = Field(None, description="A community's slug; null: everywhere.")


class FilterOut(Schema):
    id: int
    pattern: str
    is_regex: bool
    action: str
    message: str
    community: str | None
    created_by: str
    created_at: IsoDateTime
