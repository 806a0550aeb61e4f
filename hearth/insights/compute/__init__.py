"""Building the insights snapshots from the event log (and the content it describes).

`build(since)` replaces every snapshot row from `since` on (None: everything) month by month, so
memory stays bounded whatever the company's size; the worker runs it nightly from the first day
of the previous month, and `hearth insights rebuild` runs it for all time. Then the derived
tables (influence, topic influence, expertise, leaders, community health) are recomputed.

Days are UTC days. The anonymous stand-in is never an actor here: anonymous contributions count
in totals by kind (PostFact) but are never attributed to anyone."""

from .facts import (
    ACTIVITY_VERBS,
    BATCH,
    EDGE_WEIGHTS,
    GRAPH_MONTHS,
    HALF_LIFE_MONTHS,
    POST_VERBS,
    REFRESH_POST_DAYS,
    UTC,
    UTCDate,
)
from .ranks import expertise, influence, topic_influence
from .snapshots import build, communities_snapshot, leaders_snapshot, refresh

__all__ = [
    "ACTIVITY_VERBS",
    "BATCH",
    "EDGE_WEIGHTS",
    "GRAPH_MONTHS",
    "HALF_LIFE_MONTHS",
    "POST_VERBS",
    "REFRESH_POST_DAYS",
    "UTC",
    "UTCDate",
    "build",
    "communities_snapshot",
    "expertise",
    "influence",
    "leaders_snapshot",
    "refresh",
    "topic_influence",
]
