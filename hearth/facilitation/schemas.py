"""What the facilitation API reads and writes (the schemas of `api.py`)."""

from __future__ import annotations

from typing import Literal

from ninja import Schema

from hearth.core.types import IsoDate, IsoDateTime


class WaitingOut(Schema):
    post: int
    kind: str
    title: str
    community: str
    author: str | None
    waited_hours: int
    overdue: bool


class CommunityStatsOut(Schema):
    community: str
    response_pct: int
    median_first_response_hours: float | None
    waiting: int


class QueueOut(Schema):
    communities: list[CommunityStatsOut]
    questions: list[WaitingOut]
    waiting: list[WaitingOut]


class AckOut(Schema):
    post: int
    acknowledged_at: IsoDateTime


class ExpertOut(Schema):
    username: str
    display_name: str
    score: float
    reasons: list[str]


class AskIn(Schema):
    usernames: list[str]


class AskedOut(Schema):
    asked: list[str]


class EndorseIn(Schema):
    skill: str
    on: bool = True


class LeadingOut(Schema):
    community: str
    name: str
    role: str


class EngagementOut(Schema):
    answered: int  # questions they answered
    accepted: int  # their answers the askers accepted
    helped: int  # askers they helped
    leading: list[LeadingOut]  # communities they own, sponsor or facilitate


class EndorsementOut(Schema):
    skill: str
    endorsements: int
    by_me: bool


class MeetOut(Schema):
    username: str
    display_name: str
    department: str | None
    country: str | None
    shared: list[str]


class IntroductionIn(Schema):
    first: str
    second: str
    note: str = ""
    community: str | None = None


class IntroductionOut(Schema):
    id: int
    first: str
    second: str
    introduced_by: str
    note: str
    state: Literal["pending", "connected", "declined"]
    my_answer: str
    created_at: IsoDateTime


class AnswerIn(Schema):
    accept: bool


class PreferenceIo(Schema):
    opted_out: bool
    away_until: IsoDate | None = None


class WelcomeOut(Schema):
    newcomer: bool
    steps: dict[str, bool]
