"""What the insights API reads and writes (the schemas of `api.py`)."""

from __future__ import annotations

from ninja import Schema

from hearth.core.types import IsoDate, IsoDateTime


class InsightsQuery(Schema):
    start: IsoDate | None = None
    end: IsoDate | None = None
    department: str = ""
    location: str = ""
    country: str = ""
    community: str = ""


class InsightsFiltersOut(Schema):
    start: IsoDate
    end: IsoDate
    department: str | None
    location: str | None
    country: str | None
    community: str | None


class InsightsKindsOut(Schema):
    posts: int
    by_kind: dict[str, int]
    comments: int
    reactions: int
    mentions: int
    reads: int


class InsightsCurvePointOut(Schema):
    top_pct: int
    share: float | None


class InsightsParticipationOut(Schema):
    curve: list[InsightsCurvePointOut]
    none: int | None
    occasional: int | None
    heavy: int | None


class InsightsSiloOut(Schema):
    interactions: int
    cross_department: float | None
    cross_country: float | None


class InsightsWeekOut(Schema):
    week: IsoDate
    active: int | None
    contributions: int


class InsightsDashboardOut(Schema):
    filters: InsightsFiltersOut
    threshold: int
    employees: int
    active: int | None
    active_share: float | None
    interactive: int | None
    interactive_share: float | None
    dau: float | None
    wau: int | None
    mau: int | None
    contributions: InsightsKindsOut
    participation: InsightsParticipationOut
    response_rate: float | None
    median_first_response_hours: float | None
    acknowledgement_rate: float | None
    questions_answered: float | None
    questions: int
    silo: InsightsSiloOut
    weeks: list[InsightsWeekOut]
    benchmarks: dict


class InsightsPersonRef(Schema):
    username: str
    name: str
    department: str | None


class InsightsInfluencerOut(Schema):
    person: InsightsPersonRef
    rank: int
    reach: int


class InsightsInfluencersOut(Schema):
    ranked: int
    top: list[InsightsInfluencerOut]


class InfluencersQuery(Schema):
    department: str = ""
    topic: str = ""


class InsightsExpertOut(Schema):
    person: InsightsPersonRef
    accepted: int
    answers: int
    posts: int
    endorsements: int


class InsightsPersonasOut(Schema):
    filters: InsightsFiltersOut
    people: int
    personas: dict[str, int | None]


class InsightsMeOut(Schema):
    persona: str
    posts: int
    responses: int
    received: int
    days: int
    nudge: str
    named: bool
    people_to_follow: list[InsightsPersonRef]


class NamedIo(Schema):
    named: bool


class InsightsCommunityOut(Schema):
    community: str
    name: str
    members: int
    contributions_30: int
    contributions_prev_30: int
    contributors_30: int | None
    breadth: float
    response: float | None
    acknowledgement: float | None
    level: int
    levels: list[int]
    key_results: int | None
    sponsor_idle_days: int | None
    declining: bool
    absent_sponsor: bool
    at_risk: bool


class HealthQuery(Schema):
    at_risk: bool = False


class InsightsLeaderLevelOut(Schema):
    leaders: int
    writing_personally: int
    median_personal: float
    median_answered_share: float | None
    median_response_hours: float | None
    drafted_share: float | None
    median_readers: float


class InsightsLeadersOut(Schema):
    levels: dict[str, InsightsLeaderLevelOut]
    pooled_leaders: int
    computed_at: IsoDateTime | None


class InsightsTrendOut(Schema):
    name: str
    label: str
    now: float | None
    before: float | None
    change: float | None
    unit: str


class InsightsPeopleOutcomeOut(Schema):
    name: str
    label: str
    group: int | None  # people the figure is about; null under the threshold
    value: float | None  # a share (unit "%") or days (unit "d"); null when it would single out
    unit: str


class AssumptionsIo(Schema):
    minutes_saved_per_answer: int


class AssumptionsOut(AssumptionsIo):
    set_by: str | None  # the administrator's username; null: the default, never set
    set_at: IsoDateTime | None


class InsightsOutcomesOut(Schema):
    period: list[InsightsTrendOut]
    people: list[InsightsPeopleOutcomeOut]
    retention_from: IsoDate
    retention_to: IsoDate
    assumptions: AssumptionsOut
    said: list[str]


class InsightsReportOut(Schema):
    filters: InsightsFiltersOut
    headline: list[InsightsTrendOut]
    outcomes: InsightsOutcomesOut
    communities: list[dict]
    delivered: list[dict]
    jams: list[dict]
    influencers: list[InsightsPersonRef]


class ReportQuery(InsightsQuery):
    format: str = "json"
