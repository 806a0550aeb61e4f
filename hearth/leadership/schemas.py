"""What the leadership API reads and writes (the schemas of `api.py`)."""

from __future__ import annotations

from typing import Literal

from ninja import Schema

from hearth.core.api import Page
from hearth.core.types import IsoDateTime


class CornerFollowIn(Schema):
    on: bool = True


class CornerFollowOut(Schema):
    following: bool


class DelegateIn(Schema):
    username: str


class DelegateOut(Schema):
    leader: str
    delegate: str
    since: IsoDateTime


class DraftIn(Schema):
    leader: str
    kind: Literal["update", "article", "announcement", "idea"] = "update"
    title: str = ""
    body: str
    community: str | None = None


class DraftOut(Schema):
    id: int
    leader: str
    delegate: str
    kind: str
    title: str
    body: str
    community: str | None
    state: Literal["pending", "approved", "declined"]
    decision_note: str
    post: int | None
    created_at: IsoDateTime


class ApproveIn(Schema):
    title: str | None = None
    body: str | None = None


class DeclineIn(Schema):
    note: str = ""


class AmaTallyOut(Schema):
    questions: int
    answered: int
    unanswered: int


class AmaOut(Schema):
    slug: str
    title: str
    description: str
    host: str
    starts_at: IsoDateTime
    ends_at: IsoDateTime
    state: Literal["upcoming", "live", "ended"]
    allow_anonymous: bool
    community: str
    url: str
    tally: AmaTallyOut


class AmaListQuery(Schema):
    state: Literal["upcoming", "live", "ended"] | None = None


class AmaCreateIn(Schema):
    title: str
    description: str = ""
    starts_at: IsoDateTime
    ends_at: IsoDateTime
    allow_anonymous: bool = False


class AmaQuestionsQuery(Schema):
    order: Literal["top", "new", "unanswered", "answered"] = "top"
    limit: int | None = None
    cursor: str | None = None


class AmaAnswerOut(Schema):
    id: int
    author: str
    html: str
    created_at: IsoDateTime


class AmaQuestionOut(Schema):
    id: int
    post: int
    author: str | None
    anonymous: bool
    body: str
    html: str
    votes: int
    voted: bool
    answered: bool
    answers: list[AmaAnswerOut]
    created_at: IsoDateTime


class AmaQuestionPage(Page[AmaQuestionOut]):
    pass


class AmaAskIn(Schema):
    body: str
    anonymous: bool = False


class AmaAnswerIn(Schema):
    body: str


class ScoreMeasuresOut(Schema):
    personal_posts: int
    replies: int
    personal: int
    drafted_posts: int
    questions: int
    answered: int
    answered_share: float | None
    median_response_hours: float | None
    readers: int
    reactions: int
    replies_received: int
    ideas_answered: int
    ideas_waiting: int


class ScorePositionOut(Schema):
    percentile: int
    stars: int


class ScoreCommunityOut(Schema):
    community: str
    level: int
    members: int
    response_pct: int
    sponsor_idle_days: int | None


class ScoreTipOut(Schema):
    text: str
    url: str


class ScorecardOut(Schema):
    period_days: int
    org_level: int
    measures: ScoreMeasuresOut
    peers: int
    position: ScorePositionOut | None
    communities: list[ScoreCommunityOut]
    suggestions: list[ScoreTipOut]
    shares: bool


class ScoreRowOut(Schema):
    rank: int
    leader: str
    name: str
    percentile: int | None
    stars: int | None
    personal: int
    answered_share: float | None
    readers: int


class SharingIo(Schema):
    shared: bool
