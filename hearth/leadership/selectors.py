"""Reads for leadership, always for a viewer."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from hearth.conversations.models import Post
from hearth.conversations.selectors import post_list_for
from hearth.core.errors import NotFound
from hearth.core.registry import home_sources
from hearth.core.types import Viewer

from .models import CornerFollow, Delegation, Draft


def corner_for(viewer: Viewer) -> QuerySet[Post]:
    """Leaders' own posts the viewer may read (never anonymous ones)."""
    return post_list_for(viewer).filter(author__is_leader=True, anonymous=False)


def follows_corner(viewer: Viewer) -> bool:
    return bool(
        viewer and viewer.is_authenticated and CornerFollow.objects.filter(person=viewer).exists()
    )


@home_sources("leadership_corner")
def corner_in_home(viewer: Viewer) -> Q | None:
    """Who follows the leadership corner finds leaders' own posts in their home feed."""
    return Q(author__is_leader=True, anonymous=False) if follows_corner(viewer) else None


def corner_followers_count() -> int:
    return CornerFollow.objects.count()


def delegates_of(leader: Viewer) -> QuerySet[Delegation]:
    return Delegation.objects.filter(leader=leader, revoked_at__isnull=True).select_related(
        "delegate"
    )


def leaders_i_draft_for(viewer: Viewer) -> QuerySet[Delegation]:
    return Delegation.objects.filter(delegate=viewer, revoked_at__isnull=True).select_related(
        "leader"
    )


def drafts_for(viewer: Viewer) -> QuerySet[Draft]:
    """Drafts the viewer wrote or must decide on."""
    return Draft.objects.filter(Q(leader=viewer) | Q(delegate=viewer)).select_related(
        "leader", "delegate", "community", "post"
    )


def access_draft(viewer: Viewer, draft_id: int) -> Draft:
    draft = drafts_for(viewer).filter(pk=draft_id).first()
    if draft is None:
        raise NotFound()
    return draft
