"""Fetch one community for a viewer: the same 404 for "no such community" and "not for you"."""

from __future__ import annotations

from hearth.core.errors import Forbidden, NotFound
from hearth.core.types import Viewer

from .models import Community, KeyResult
from .selectors import can_lead, can_read, community_visible_q


def access_community(viewer: Viewer, slug: str, *, for_write: bool = False) -> Community:
    """Return the community `slug` if `viewer` may know of it; `for_write`: may also steer it."""
    if viewer is None or not viewer.is_authenticated or not viewer.is_active:
        raise NotFound()
    community = Community.objects.filter(community_visible_q(viewer), slug=slug).first()
    if community is None:
        raise NotFound()
    if for_write and not can_lead(viewer, community):
        raise Forbidden("Only the community's owners and facilitators can change it.")
    return community


def access_readable_community(viewer: Viewer, slug: str) -> Community:
    """The community `slug` if `viewer` may read its posts (a member, or anyone if it is open)."""
    community = access_community(viewer, slug)
    if not can_read(viewer, community):
        raise Forbidden("Only members can read this community; ask to join.")
    return community


def access_key_result(community: Community, result_id: int) -> KeyResult:
    """A key result of `community` (already accessed by the caller)."""
    result = KeyResult.objects.filter(community=community, pk=result_id).first()
    if result is None:
        raise NotFound()
    return result
