"""Reads for insights, from the snapshots only, with the privacy rules in one place:

- who may see the organisation's insights (administrators, and people with the
  `insights.view_insights` permission: analysts, communications);
- a filter (department, location, country, community) must describe at least
  `HEARTH_INSIGHTS_MIN_GROUP` people (default 5), and so must the difference with each wider
  filter (dropping one of the filters), so that two allowed filters cannot be subtracted to
  single out a few people;
- any count of people between 1 and the threshold is suppressed (None, "fewer than 5");
- communities are those the viewer may see; content of private and secret communities never
  appears (only counted in aggregates);
- people are named only when they opted in (`NamedChoice`); anonymous contributions are never
  attributed (the snapshots never hold them under anyone)."""

from .dashboard import (
    community_health,
    contributions_in,
    dashboard,
    delivered_in,
    jams_in,
    leaders_overview,
    participation,
    silo_index,
    top_communities,
)
from .filters import (
    ACTIVE,
    INTERACTIVE,
    MAX_DAYS,
    UTC,
    Filters,
    access_tag,
    benchmarks,
    built_at,
    department_named,
    filter_choices,
    leads_any,
    may_view,
    parse_filters,
    people_q,
    population,
    snapshot,
    suppress,
    threshold,
)
from .outcomes import minutes_saved, newcomers, outcomes, retention
from .people import (
    MAX_CHART_POINTS,
    NUDGES,
    PERSONA_LABELS,
    PERSONAS,
    experts_for,
    experts_on,
    influence_by_level,
    influencers,
    is_named,
    my_persona,
    named_asked,
    named_ids,
    people_to_follow,
    persona_label,
    persona_of,
    personas,
    topic_influencers,
)

__all__ = [
    "is_named",
    "ACTIVE",
    "Filters",
    "INTERACTIVE",
    "MAX_CHART_POINTS",
    "MAX_DAYS",
    "NUDGES",
    "PERSONAS",
    "PERSONA_LABELS",
    "UTC",
    "access_tag",
    "benchmarks",
    "built_at",
    "community_health",
    "contributions_in",
    "dashboard",
    "delivered_in",
    "department_named",
    "experts_for",
    "experts_on",
    "filter_choices",
    "influence_by_level",
    "influencers",
    "jams_in",
    "leaders_overview",
    "leads_any",
    "may_view",
    "minutes_saved",
    "newcomers",
    "outcomes",
    "retention",
    "my_persona",
    "named_asked",
    "named_ids",
    "parse_filters",
    "participation",
    "people_q",
    "people_to_follow",
    "persona_label",
    "persona_of",
    "personas",
    "population",
    "silo_index",
    "snapshot",
    "suppress",
    "threshold",
    "top_communities",
    "topic_influencers",
]
