"""Community as the API shows it (API.md: Communities)."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field

from hearth.core.api import Page
from hearth.core.types import IsoDate, IsoDateTime
from hearth.people.schemas import PersonSummary


class KeyResultIn(Schema):
    title: str
    target: float
    unit: str = ""
    direction: str = Field(default="up", description="up: higher is better; down: lower is.")


class KeyResultOut(Schema):
    id: int
    title: str
    target: float
    current: float
    unit: str
    direction: str
    progress_pct: int = Field(description="0-100 toward the target, in its direction.")


class CommunityIn(Schema):
    name: str
    kind: str = "interest"
    privacy: str = "open"
    purpose: str
    description: str = ""
    business_goal: str = ""
    deliverable: str = ""
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    key_results: list[KeyResultIn] = Field(default_factory=list)
    sponsors: list[str] = Field(default_factory=list)
    facilitators: list[str] = Field(default_factory=list)
    allow_anonymous: bool = False
    response_target_hours: int = 24
    preapprove_posts: bool = False
    state: str = "active"
    confirm_sponsors: bool = Field(
        default=False, description="Keep sponsors who are not leaders (refused otherwise)."
    )


class KeyResultPatch(Schema):
    id: int | None = None
    title: str
    target: float
    unit: str = ""
    direction: str = Field(default="up", description="up: higher is better; down: lower is.")


class CommunityPatch(Schema):
    name: str | None = None
    privacy: str | None = None
    purpose: str | None = None
    description: str | None = None
    business_goal: str | None = None
    deliverable: str | None = None
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    allow_anonymous: bool | None = None
    response_target_hours: int | None = None
    preapprove_posts: bool | None = None
    key_results: list[KeyResultPatch] | None = None


class OutcomeOut(Schema):
    summary: str
    links: list[str]
    retrospective: str
    delivered_at: IsoDateTime | None


class CommunityOut(Schema):
    slug: str
    name: str
    kind: str
    privacy: str
    state: str
    purpose: str
    description: str
    business_goal: str
    deliverable: str
    starts_on: IsoDate | None
    ends_on: IsoDate | None
    key_results: list[KeyResultOut]
    sponsors: list[str]
    facilitators: list[str]
    allow_anonymous: bool
    response_target_hours: int
    preapprove_posts: bool
    member_count: int
    my_role: str | None
    maturity_level: int
    outcome: OutcomeOut | None
    days_left: int | None
    cover_url: str | None
    url: str


class CommunityPage(Page[CommunityOut]):
    pass


class MemberOut(Schema):
    person: PersonSummary
    role: str


class MemberPage(Page[MemberOut]):
    pass


class MemberIn(Schema):
    username: str
    role: str = "member"


class JoinOut(Schema):
    state: str
    role: str | None


class ProgressIn(Schema):
    value: float
    note: str = ""


class KeyResultFinal(Schema):
    id: int
    value: float


class DeliverIn(Schema):
    summary: str
    links: list[str] = Field(default_factory=list)
    key_results: list[KeyResultFinal] = Field(default_factory=list)
    retrospective: str = ""


class ChangeOut(Schema):
    actor: str | None
    created_at: IsoDateTime
    changes: dict


class BulkIn(Schema):
    department: str = ""
    location: str = ""
    country: str = ""
    skill: str = ""
    role: str = "member"


class BulkOut(Schema):
    added: int


class RecommendationOut(Schema):
    community: CommunityOut
    people: int
    shared: list[str]


class InviteIn(Schema):
    usernames: list[str] = Field(default_factory=list)
    department: str = ""
    location: str = ""
    country: str = ""
    skill: str = ""
    template: str


class PlannedOut(Schema):
    person: PersonSummary
    message: str
    reason: str
    skipped: str


class SentOut(Schema):
    sent: int
    skipped: list[PlannedOut]


class InvitationOut(Schema):
    id: int
    community: str
    community_name: str
    inviter: str | None
    invitee: PersonSummary
    message: str
    reason: str
    state: str
    sent_at: IsoDateTime
    seen_at: IsoDateTime | None
    joined_at: IsoDateTime | None
    contributed_at: IsoDateTime | None


class InvitationPage(Schema):
    funnel: dict[str, int]
    items: list[InvitationOut]
    next_cursor: str | None


class ProposalIn(Schema):
    kind: str = "decision"
    title: str
    body: str = ""
    payload: dict = Field(default_factory=dict)
    closes_in_days: int = 7


class ProposalOut(Schema):
    id: int
    community: str
    kind: str
    title: str
    body: str
    payload: dict
    author: str | None
    binding: bool
    state: str
    yes: int
    no: int
    abstain: int
    quorum_pct: int
    threshold_pct: int
    created_at: IsoDateTime
    closes_at: IsoDateTime
    decided_at: IsoDateTime | None
    outcome: str


class ProposalVoteIn(Schema):
    choice: str


class VetoIn(Schema):
    reason: str


class CommunityFilters(Schema):
    q: str = ""
    kind: str = ""
    state: str = ""
    mine: bool = False
    limit: int | None = None
    cursor: str | None = None
