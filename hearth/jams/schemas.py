"""What the jams API reads and writes (the schemas of `api.py`)."""

from __future__ import annotations

from typing import Literal

from ninja import Field, Schema

from hearth.core.api import Page, PageQuery, RowId, UtcDatetime
from hearth.core.types import IsoDate, IsoDateTime


class JamThemeIn(Schema):
    title: str
    description: str = ""
    facilitators: list[str] = Field(default_factory=list, description="Usernames.")


class JamIn(Schema):
    title: str
    challenge: str
    starts_at: UtcDatetime
    ends_at: UtcDatetime
    themes: list[JamThemeIn]
    hosts: list[str]
    serves: str | None = Field(None, description="Slug of the community of purpose it serves.")
    audience_departments: list[str] = Field(default_factory=list)
    audience_locations: list[str] = Field(default_factory=list)
    audience_countries: list[str] = Field(default_factory=list, description="ISO codes.")
    allow_anonymous: bool = False
    goal_pct: int = 50


class JamThemeOut(Schema):
    id: int
    title: str
    description: str
    facilitators: list[str]
    contributions: int


class JamOut(Schema):
    slug: str
    title: str
    challenge: str
    state: Literal["scheduled", "live", "closed", "reported"]
    starts_at: IsoDateTime
    ends_at: IsoDateTime
    hosts: list[str]
    themes: list[JamThemeOut]
    audience_size: int
    goal_pct: int
    allow_anonymous: bool
    forum: str
    serves: str | None
    report_summary: str
    version: int
    url: str


class JamPage(Page[JamOut]):
    pass


class JamPatchIn(Schema):
    version: int = Field(description="The version you read: an edit over someone else's is a 409.")
    title: str | None = None
    challenge: str | None = None
    starts_at: UtcDatetime | None = None
    ends_at: UtcDatetime | None = None
    goal_pct: int | None = None
    allow_anonymous: bool | None = None


class JamReminderIn(Schema):
    on: bool = True


class JamReminderOut(Schema):
    reminded: bool


class JamContributionIn(Schema):
    theme: RowId
    kind: Literal["idea", "question", "update"] = "idea"
    title: str = ""
    body: str
    anonymous: bool = False


class JamContributionOut(Schema):
    post: int
    is_host_thread: bool
    tags: list[str]
    theme: int
    kind: str
    title: str
    excerpt: str
    author: str | None
    votes: int
    comments: int
    spotlight: bool
    merged_into: int | None
    selected: bool
    owner: str | None
    due_on: IsoDate | None
    created_at: IsoDateTime
    url: str


class JamContributionPage(Page[JamContributionOut]):
    pass


class JamContributionQuery(PageQuery):
    theme: RowId | None = None
    kind: Literal["", "idea", "question", "update"] = ""


class JamAlertIn(Schema):
    body: str
    theme: RowId | None = None


class JamAlertOut(Schema):
    id: int
    body: str
    theme: int | None
    created_at: IsoDateTime


class JamInviteIn(Schema):
    message: str


class JamInvitedOut(Schema):
    invited: int


class JamHostThreadIn(Schema):
    theme: RowId | None = None


class JamTagIn(Schema):
    name: str


class JamSpotlightIn(Schema):
    on: bool = True


class JamMergeIn(Schema):
    into: RowId = Field(description="The post id of the idea to keep.")


class JamCountOut(Schema):
    name: str | None = Field(
        description="null: the other groups, pooled (those under the privacy threshold, and "
        "those past the 8 largest)."
    )
    participants: int | None = Field(
        description="null when the pooled groups hold fewer people than the privacy threshold."
    )
    pct: int | None = Field(description="Share of the participants, in percent.")


class JamHourOut(Schema):
    hour: IsoDateTime
    contributions: int


class JamClusterOut(Schema):
    keywords: list[str]
    size: int
    example_posts: list[int]


class JamDashboardOut(Schema):
    participants: int
    readers: int
    audience: int
    goal: int
    participation_pct: float
    reach_pct: float
    contributions: int
    by_department: list[JamCountOut]
    by_location: list[JamCountOut]
    by_country: list[JamCountOut]
    per_hour: list[JamHourOut]
    top_ideas: list[JamContributionOut]
    active_threads: list[JamContributionOut]
    emerging_themes: list[JamClusterOut]


class JamFollowUpIn(Schema):
    selected: bool
    owner: str | None = None
    due_on: IsoDate | None = None


class JamReportIn(Schema):
    summary: str


class JamThemeReportOut(Schema):
    theme: str
    ideas: list[JamContributionOut]


class JamReportOut(Schema):
    state: str
    summary: str
    themes: list[JamThemeReportOut]
    figures: JamDashboardOut
    follow_ups: list[JamContributionOut]


class JamCommunityRefOut(Schema):
    slug: str
    name: str
    state: str
    url: str
