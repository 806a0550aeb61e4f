"""Writes to posts, comments, reactions, polls and ideas; each records its event."""

from .comments import comment_create, comment_delete, comment_update, post_release
from .deliveries import delivery_announce
from .erasure import content_purge, person_forget, writings_erase
from .posts import (
    attachment_add,
    post_create,
    post_delete,
    post_moderate,
    post_update,
    posts_announce_due,
    previews_make,
    uploads_of,
)
from .reactions import (
    announcement_acknowledge,
    announcement_seen,
    answer_accept,
    bookmark_set,
    idea_vote,
    idea_votes_move,
    poll_is_open,
    poll_vote,
    post_viewed,
    reaction_remove,
    reaction_set,
)
from .writing import ANONYMOUS_KINDS, MAX_BODY, MAX_OPTIONS, MAX_PIN_DAYS, MAX_TITLE, PollIn, PostIn

__all__ = [
    "content_purge",
    "writings_erase",
    "delivery_announce",
    "ANONYMOUS_KINDS",
    "MAX_BODY",
    "MAX_OPTIONS",
    "MAX_PIN_DAYS",
    "MAX_TITLE",
    "PollIn",
    "PostIn",
    "announcement_acknowledge",
    "announcement_seen",
    "answer_accept",
    "attachment_add",
    "bookmark_set",
    "comment_create",
    "comment_delete",
    "comment_update",
    "idea_vote",
    "idea_votes_move",
    "post_moderate",
    "person_forget",
    "poll_is_open",
    "poll_vote",
    "post_create",
    "post_delete",
    "post_update",
    "post_viewed",
    "posts_announce_due",
    "previews_make",
    "reaction_remove",
    "reaction_set",
    "post_release",
    "uploads_of",
]
