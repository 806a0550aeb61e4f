"""Reads for ideas, always for a viewer: ideas by status ("you said, we did"), an idea's status
and its history, and for the worker the ideas waiting too long for an answer."""

from __future__ import annotations

import datetime
from collections import Counter
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from hearth.communities.models import Community, Membership
from hearth.conversations.models import Bookmark, IdeaVote, Post
from hearth.conversations.selectors import post_list_for
from hearth.core.registry import card_marks
from hearth.core.types import Viewer

from .models import IdeaStatus, IdeaStatusChange, Status


def ideas_for(viewer: Viewer, *, community: Any = None, status: str = "") -> QuerySet[Post]:
    """Ideas `viewer` may read (in one community, of one status), each with its `status`."""
    ideas = post_list_for(viewer, community=community, kind=Post.Kind.IDEA).annotate(
        status=Coalesce(F("idea_status__status"), Value(Status.NEW.value))
    )
    if status == Status.NEW:
        ideas = ideas.filter(Q(idea_status__isnull=True) | Q(idea_status__status=status))
    elif status:
        ideas = ideas.filter(idea_status__status=status)
    return ideas


def status_counts(viewer: Viewer, *, community: Any = None) -> dict[str, int]:
    """How many ideas `viewer` may read have each status (one grouped query)."""
    ideas = ideas_for(viewer, community=community).order_by()
    rows = ideas.values("idea_status__status").annotate(n=Count("id"))
    counts: Counter[str] = Counter()
    for row in rows:  # an idea without a status row is new
        counts[row["idea_status__status"] or Status.NEW.value] += row["n"]
    return {value: counts[value] for value in Status.values}


def statuses_of(post_ids: list[int]) -> dict[int, IdeaStatus]:
    """The status rows of these ideas (already read by the viewer), with what they merged into."""
    rows = IdeaStatus.objects.filter(post_id__in=post_ids).select_related("merged_into", "set_by")
    return {row.post_id: row for row in rows}


MARKS = {
    Status.UNDER_REVIEW: "status-idea",
    Status.PLANNED: "status-soon",
    Status.IN_PROGRESS: "status-soon",
    Status.DONE: "status-ok",
    Status.DECLINED: "status-late",
    Status.MERGED: "status-idea",
}


@card_marks("ideas")
def card_statuses(posts: list[Post]) -> dict[int, tuple[str, str]]:
    """The status of the ideas on a feed page, for their cards (a new idea shows none); one
    query, and none when the page has no idea."""
    ideas = [post.pk for post in posts if post.kind == Post.Kind.IDEA]
    if not ideas:
        return {}
    rows = IdeaStatus.objects.filter(post_id__in=ideas).exclude(status=Status.NEW)
    return {
        post_id: (MARKS[Status(status)], str(Status(status).label))
        for post_id, status in rows.values_list("post_id", "status")
    }


def status_of(post: Post) -> IdeaStatus:
    """The idea's status row, or an unsaved "new" one."""
    return statuses_of([post.pk]).get(post.pk) or IdeaStatus(post=post)


def history_for(viewer: Viewer, post: Post) -> QuerySet[IdeaStatusChange]:
    """The changes of an idea's status, newest first (the post is already accessed)."""
    return IdeaStatusChange.objects.filter(post=post).select_related("actor", "merged_into")


def audience(post: Post) -> set[int]:
    """Who follows what becomes of an idea: its author (unless anonymous), its voters and those
    who bookmarked it."""
    people = set(IdeaVote.objects.filter(post=post).values_list("person_id", flat=True))
    people |= set(Bookmark.objects.filter(post=post).values_list("person_id", flat=True))
    if not post.anonymous:
        people.add(post.author_id)
    return people


def response_target() -> datetime.timedelta:
    return datetime.timedelta(days=settings.HEARTH_IDEA_RESPONSE_DAYS)


def ideas_waiting(now: Any = None) -> QuerySet[Post]:
    """Ideas with many votes and no answer past the response target, not yet brought to their
    community's sponsors (the worker escalates them)."""
    now = now or timezone.now()
    return Post.objects.filter(
        kind=Post.Kind.IDEA,
        community__isnull=False,
        community__state=Community.State.ACTIVE,
        deleted_at__isnull=True,
        hidden_at__isnull=True,
        held=False,
        is_draft=False,
        vote_count__gte=settings.HEARTH_IDEA_ESCALATION_VOTES,
        published_at__lte=now - response_target(),
        idea_status__answered_at__isnull=True,
        idea_status__escalated_at__isnull=True,
    )


def answered_by(person_ids: list[int], start: Any, end: Any) -> Counter[int]:
    """Per person: the ideas of others they answered in this period (a first status past
    "new" they gave the idea)."""
    rows = (
        IdeaStatusChange.objects.filter(
            actor_id__in=person_ids,
            previous=Status.NEW,
            created_at__gte=start,
            created_at__lte=end,
        )
        .exclude(status=Status.NEW)
        .exclude(post__author_id=F("actor_id"))
        .order_by()
        .values("actor_id")
        .annotate(n=Count("post", distinct=True))
    )
    return Counter({row["actor_id"]: row["n"] for row in rows})


def merge_candidates(viewer: Viewer, post: Post, limit: int = 100) -> list[Post]:
    """Ideas of the same community `post` may merge into (the most voted first)."""
    if post.community_id is None:
        return []
    ideas = ideas_for(viewer, community=post.community).exclude(pk=post.pk)
    ideas = ideas.exclude(idea_status__status=Status.MERGED)
    return list(ideas.order_by("-vote_count", "-id")[:limit])


def unanswered_by_sponsor(person_ids: list[int]) -> Counter[int]:
    """Per person: the live ideas still new in the active communities they sponsor."""
    rows = (
        Post.objects.filter(
            kind=Post.Kind.IDEA,
            deleted_at__isnull=True,
            hidden_at__isnull=True,
            held=False,
            is_draft=False,
            community__state=Community.State.ACTIVE,
            community__memberships__person_id__in=person_ids,
            community__memberships__role=Membership.Role.SPONSOR,
            community__memberships__state=Membership.State.ACTIVE,
        )
        .filter(Q(idea_status__isnull=True) | Q(idea_status__status=Status.NEW))
        .order_by()
        .values("community__memberships__person_id")
        .annotate(n=Count("id", distinct=True))
    )
    return Counter({row["community__memberships__person_id"]: row["n"] for row in rows})
