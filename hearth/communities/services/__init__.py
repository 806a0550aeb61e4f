"""Writes to communities and memberships; each records its event in the same transaction."""

from .lifecycle import (
    CHARTER_FIELDS,
    MAX_KEY_RESULTS,
    KeyResultIn,
    OutcomeIn,
    community_activate,
    community_archive,
    community_create,
    community_deliver,
    community_set_cover,
    community_update,
    deadlines_remind,
    key_result_progress,
)
from .members import (
    MAX_BULK,
    community_join,
    community_leave,
    community_mute,
    member_add,
    member_remove,
    members_add_bulk,
)

__all__ = [
    "CHARTER_FIELDS",
    "KeyResultIn",
    "MAX_BULK",
    "MAX_KEY_RESULTS",
    "OutcomeIn",
    "community_activate",
    "community_archive",
    "community_create",
    "community_deliver",
    "community_join",
    "community_leave",
    "community_mute",
    "community_set_cover",
    "community_update",
    "deadlines_remind",
    "key_result_progress",
    "member_add",
    "member_remove",
    "members_add_bulk",
]
