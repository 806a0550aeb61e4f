"""May this person route a question to experts? Do they facilitate anything?"""

from __future__ import annotations

from hearth.communities.selectors import can_lead, led_communities
from hearth.conversations.models import Post
from hearth.conversations.selectors import is_post_author
from hearth.core.types import Viewer


def may_ask_experts(actor: Viewer, post: Post) -> bool:
    """The asker and the community's leaders route a question to experts."""
    return post.kind == Post.Kind.QUESTION and bool(
        is_post_author(actor, post) or (post.community_id and can_lead(actor, post.community))
    )


def may_facilitate(person: Viewer) -> bool:
    """Whoever leads an active community (owner, sponsor or facilitator) has a queue."""
    if not (person and person.is_authenticated and person.is_active):
        return False
    return led_communities(person).filter(state="active").exists()
