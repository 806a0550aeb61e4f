"""Reads for recognition: leaderboards by period (people, communities, departments), a
person's ledger. People who opted out and the anonymous stand-in never appear; communities the
viewer may not see never appear."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from hearth.communities.models import Community
from hearth.communities.selectors import community_visible_q
from hearth.conversations.models import Comment, Post, PostView, Reaction
from hearth.conversations.selectors import post_list_for
from hearth.core.types import Viewer
from hearth.facilitation.models import Introduction
from hearth.feeds.models import Follow
from hearth.people.models import Department, Person

from .badges import level_of
from .models import Badge, BadgeAward, LeaderboardChoice, PointEntry, PointRule, RewardMix
from .points import ensure_default_badges, ensure_default_rules

PERIODS = {"week": 7, "month": 30, "quarter": 91, "all": None}
BOARDS = ("people", "communities", "departments")


def since(period: str) -> Any:
    days = PERIODS.get(period)
    return None if days is None else timezone.now() - datetime.timedelta(days=days)


def _entries(period: str) -> Any:
    entries = PointEntry.objects.all()
    start = since(period)
    return entries if start is None else entries.filter(created_at__gte=start)


def leaderboard(
    viewer: Viewer, *, board: str = "people", period: str = "month", limit: int = 20
) -> Any:
    """Rows of (name, url or None, points), best first."""
    entries = _entries(period)
    if board == "people":
        hidden = LeaderboardChoice.objects.filter(hidden=True).values("person_id")
        # In a community that rewards only the group, what members earn there is not theirs.
        group_only = RewardMix.objects.filter(mix=RewardMix.Mix.GROUP).values("community_id")
        rows = (
            entries.exclude(person_id__in=hidden)
            .exclude(community_id__in=group_only)
            .filter(person__is_active=True, person__is_stand_in=False)
            .values("person_id")
            .annotate(total=Sum("points"))
            .filter(total__gt=0)
            .order_by("-total", "person_id")[:limit]
        )
        people = Person.objects.in_bulk([r["person_id"] for r in rows])
        return [
            {
                "name": people[r["person_id"]].name,
                "url": people[r["person_id"]].get_absolute_url(),
                "points": r["total"],
            }
            for r in rows
        ]
    if board == "communities":
        visible = Community.objects.filter(community_visible_q(viewer)).values("pk")
        individual_only = RewardMix.objects.filter(mix=RewardMix.Mix.INDIVIDUAL).values(
            "community_id"
        )
        rows = (
            entries.filter(community_id__in=visible)
            .exclude(community_id__in=individual_only)
            .values("community_id")
            .annotate(total=Sum("points"))
            .filter(total__gt=0)
            .order_by("-total", "community_id")[:limit]
        )
        places = Community.objects.in_bulk([r["community_id"] for r in rows])
        return [
            {
                "name": places[r["community_id"]].name,
                "url": places[r["community_id"]].get_absolute_url(),
                "points": r["total"],
            }
            for r in rows
        ]
    rows = (
        entries.filter(department__isnull=False)
        .values("department_id")
        .annotate(total=Sum("points"))
        .filter(total__gt=0)
        .order_by("-total", "department_id")[:limit]
    )
    departments = Department.objects.in_bulk([r["department_id"] for r in rows])
    return [
        {"name": departments[r["department_id"]].name, "url": None, "points": r["total"]}
        for r in rows
    ]


def praise_wall(viewer: Viewer, *, value: str = "", community: Any = None) -> Any:
    """Praise posts the viewer may read, company-wide or in one community, by company value."""

    posts = post_list_for(viewer, kind="praise", community=community)
    return posts.filter(praise_value=value) if value else posts


def points_of(person: Viewer, period: str = "all") -> int:
    return _entries(period).filter(person=person).aggregate(t=Sum("points"))["t"] or 0


def points_by_rule(person: Viewer) -> list[dict[str, Any]]:
    """A person's points by the rule that gave them (counter-entries included), most first."""
    rows = (
        PointEntry.objects.filter(person=person)
        .values("rule")
        .annotate(points=Sum("points"), entries=Count("id"))
        .order_by("-points", "rule")
    )
    return [{"rule": r["rule"], "points": r["points"], "entries": r["entries"]} for r in rows]


def ledger_of(person: Viewer) -> Any:
    return PointEntry.objects.filter(person=person).select_related("community")


def is_hidden(person: Viewer) -> bool:
    return LeaderboardChoice.objects.filter(person=person, hidden=True).exists()


def rules() -> Any:
    ensure_default_rules()
    return PointRule.objects.all()


def mix_of(community: Any) -> str:
    row = RewardMix.objects.filter(community=community).first()
    return row.mix if row else RewardMix.Mix.BOTH


IMPACT_DAYS = 30


def _trend(now_value: int, before_value: int) -> dict[str, Any]:
    return {"now": now_value, "before": before_value, "change": now_value - before_value}


def impact_of(person: Viewer) -> dict[str, Any]:
    """What a person's contributions did for others, this period against the one before
    (IMPACT_DAYS each). Private: only ever computed for the person themselves."""

    now = timezone.now()
    mid, start = (
        now - datetime.timedelta(days=IMPACT_DAYS),
        now - datetime.timedelta(days=2 * IMPACT_DAYS),
    )

    def split(queryset: Any, field: str) -> dict[str, Any]:
        return _trend(
            queryset.filter(**{f"{field}__gte": mid}).count(),
            queryset.filter(**{f"{field}__gte": start, f"{field}__lt": mid}).count(),
        )

    answers = Comment.objects.filter(
        author=person, post__kind="question", parent__isnull=True, deleted_at__isnull=True
    ).exclude(post__author=person)
    accepted = answers.filter(pk__in=Post.objects.values("accepted_comment"))
    mine = Post.objects.filter(author=person, anonymous=False, deleted_at__isnull=True)
    helped = set(answers.values_list("post__author_id", flat=True))
    praise = Post.objects.filter(kind="praise", praised=person, deleted_at__isnull=True)
    return {
        "answers": split(answers, "created_at"),
        "accepted": split(accepted, "created_at"),
        "people_helped": len(helped),
        "readers": split(PostView.objects.filter(post__in=mine), "first_seen_at"),
        "unique_readers": PostView.objects.filter(post__in=mine)
        .values("person")
        .distinct()
        .count(),
        "reactions": split(
            Reaction.objects.filter(post__in=mine).exclude(person=person), "created_at"
        ),
        "praise": split(praise, "published_at"),
        "latest_praise": list(praise.select_related("author").order_by("-published_at")[:3]),
        "connections": split(
            Introduction.objects.filter(
                Q(first=person) | Q(second=person), connected_at__isnull=False
            ),
            "connected_at",
        ),
        "followers": split(Follow.objects.filter(person=person), "created_at"),
        "communities": list(
            Community.objects.filter(Q(posts__in=mine) | Q(posts__comments__author=person))
            .distinct()
            .order_by("name")[:20]
        ),
        "points": _trend(
            points_of(person, "month"),
            (
                PointEntry.objects.filter(
                    person=person, created_at__gte=start, created_at__lt=mid
                ).aggregate(t=Sum("points"))["t"]
                or 0
            ),
        ),
        "total_points": points_of(person),
    }


def badges_of(person: Viewer) -> list[Any]:
    """The badges someone holds (public, like the profile they are shown on)."""

    return list(
        BadgeAward.objects.filter(person=person, badge__active=True)
        .select_related("badge")
        .order_by("-awarded_at", "-id")
    )


def badge_catalogue() -> Any:
    """Every badge, with how many people hold it (administrators also see switched-off ones)."""

    ensure_default_badges()
    return Badge.objects.annotate(holders=Count("awards")).order_by("name")


def level_for(viewer: Viewer, person: Viewer) -> dict[str, Any] | None:
    """Someone's level by points; shown to others only if they appear on leaderboards."""

    if viewer.pk != person.pk and is_hidden(person):
        return None
    return level_of(points_of(person))
