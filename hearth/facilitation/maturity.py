"""Community maturity (levels 1-5) from measurable signals over a rolling 90-day window.

Signals (members are active members at computation time; leaders are owners, sponsors and
facilitators):
- breadth: share of members who posted or commented in the window;
- response: share of the window's posts that someone other than their author answered or
  reacted to (the "acknowledged" share);
- first response: median hours from a post to its first response, over acknowledged posts;
- answerers: members who are not leaders and replied to someone else's post;
- sponsor activity: days since a sponsor last did anything in the community (None: never).
Self-moderation joins when the trust capability adds moderation.

A level needs every criterion of itself and of the levels below; `explain` says why a
community is at its level and what the next one needs.
"""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hearth.communities.models import Membership
from hearth.conversations.models import Comment, Post
from hearth.core.models import Event

WINDOW_DAYS = 90


@dataclass
class Signals:
    members: int
    contributors: int
    posts: int
    acknowledged: int
    median_first_response_hours: float | None
    answerers: int
    sponsor_idle_days: int | None

    @property
    def breadth(self) -> float:
        return self.contributors / self.members if self.members else 0.0

    @property
    def response(self) -> float:
        return self.acknowledged / self.posts if self.posts else 0.0


@dataclass
class Criterion:
    label: str | Promise  # lazy text
    met: bool


def _criteria(level: int, s: Signals) -> list[Criterion]:
    fast = s.median_first_response_hours
    if level == 2:
        return [
            Criterion(_("at least 5 posts in 90 days"), s.posts >= 5),
            # xgettext:no-python-format (a percent sign, not a placeholder)
            Criterion(_("at least 30% of posts get a response"), s.response >= 0.30),
        ]
    if level == 3:
        return [
            # xgettext:no-python-format (a percent sign, not a placeholder)
            Criterion(_("at least 60% of posts get a response"), s.response >= 0.60),
            Criterion(
                _("a first response within 48 hours (median)"), fast is not None and fast <= 48
            ),
            # xgettext:no-python-format (a percent sign, not a placeholder)
            Criterion(_("at least 10% of members contribute"), s.breadth >= 0.10),
        ]
    if level == 4:
        return [
            Criterion(_("at least 3 members beyond the leaders answer others"), s.answerers >= 3),
            # xgettext:no-python-format (a percent sign, not a placeholder)
            Criterion(_("at least 20% of members contribute"), s.breadth >= 0.20),
            Criterion(
                _("a first response within 24 hours (median)"), fast is not None and fast <= 24
            ),
        ]
    if level == 5:
        return [
            # xgettext:no-python-format (a percent sign, not a placeholder)
            Criterion(_("at least 35% of members contribute"), s.breadth >= 0.35),
            # xgettext:no-python-format (a percent sign, not a placeholder)
            Criterion(_("at least 80% of posts get a response"), s.response >= 0.80),
            Criterion(
                _("a first response within 12 hours (median)"), fast is not None and fast <= 12
            ),
            Criterion(_("at least 5 members beyond the leaders answer others"), s.answerers >= 5),
            Criterion(
                _("a sponsor took part in the last 30 days"),
                s.sponsor_idle_days is not None and s.sponsor_idle_days <= 30,
            ),
        ]
    return []


def level(s: Signals) -> int:
    reached = 1
    for candidate in range(2, 6):
        if all(c.met for c in _criteria(candidate, s)):
            reached = candidate
        else:
            break
    return reached


def explain(s: Signals) -> dict:
    """The level, and the criteria of the next level with which ones are met."""
    current = level(s)
    upcoming = _criteria(current + 1, s) if current < 5 else []
    return {"level": current, "next": current + 1 if current < 5 else None, "criteria": upcoming}


def signals(community, *, now: datetime.datetime | None = None) -> Signals:
    """Measure a community over the last 90 days (a handful of aggregate queries)."""

    now = now or timezone.now()
    since = now - datetime.timedelta(days=WINDOW_DAYS)
    memberships = Membership.objects.filter(
        community=community, state=Membership.State.ACTIVE, person__is_active=True
    )
    member_ids = set(memberships.values_list("person_id", flat=True))
    leaders = set(
        memberships.exclude(role=Membership.Role.MEMBER).values_list("person_id", flat=True)
    )
    sponsors = set(
        memberships.filter(role=Membership.Role.SPONSOR).values_list("person_id", flat=True)
    )
    posts = Post.objects.filter(
        community=community,
        deleted_at__isnull=True,
        is_draft=False,
        published_at__gte=since,
        published_at__lte=now,
    )
    timings = list(posts.values_list("published_at", "acknowledged_at"))
    comments = Comment.objects.filter(
        post__community=community,
        deleted_at__isnull=True,
        created_at__gte=since,
        created_at__lte=now,
    )
    authors = set(posts.values_list("author_id", flat=True)) | set(
        comments.values_list("author_id", flat=True)
    )
    answerers = (
        set(
            comments.exclude(author_id__in=leaders)
            .exclude(post__author_id=F("author_id"))
            .values_list("author_id", flat=True)
        )
        & member_ids
    )
    delays = [
        (acknowledged - published).total_seconds() / 3600
        for published, acknowledged in timings
        if acknowledged is not None
    ]
    last_sponsor = (
        Event.objects.filter(community_id=community.pk, actor_id__in=sponsors)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return Signals(
        members=len(member_ids),
        contributors=len(authors & member_ids),
        posts=len(timings),
        acknowledged=len(delays),
        median_first_response_hours=round(statistics.median(delays), 1) if delays else None,
        answerers=len(answerers),
        sponsor_idle_days=(now - last_sponsor).days if last_sponsor else None,
    )


def explain_cached(community) -> dict:
    """`explain` for the community page, measured at most every ten minutes (shared cache)."""
    from django.core.cache import cache

    key = f"hearth:maturity:{community.pk}"
    signals_now = cache.get(key)
    if signals_now is None:
        signals_now = signals(community)
        cache.set(key, signals_now, 600)
    return explain(signals_now)
