"""The engagement dashboard, participation, silos, communities' health and the leaders' overview,
each for a filtered group."""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from typing import Any

from django.db.models import Count, F, Max, Q, Sum

from hearth.communities.models import Community, Membership
from hearth.communities.selectors import community_visible_q
from hearth.core.types import Viewer
from hearth.jams.models import Jam

from ..models import (
    ActivityDay,
    EdgeMonth,
)
from .filters import (
    ACTIVE,
    Filters,
    _activity,
    _cached,
    _posts,
    _share,
    benchmarks,
    people_q,
    population,
    snapshot,
    suppress,
    threshold,
)


def dashboard(viewer: Viewer, filters: Filters) -> dict[str, Any]:
    """The organisation dashboard for a period and filters (the caller checked `may_view`).
    A fixed number of aggregate queries on the snapshots, kept in the shared cache until the
    snapshots are rebuilt (the figures hold nothing that depends on who reads them: a community
    filter was checked against the reader before)."""
    return _cached("dashboard", filters, _dashboard)


def _dashboard(filters: Filters) -> dict[str, Any]:
    employees = population(filters)
    rows = _activity(filters)
    week_ago = max(filters.start, filters.end - datetime.timedelta(days=6))
    month_ago = max(filters.start, filters.end - datetime.timedelta(days=29))
    # One pass per person and one per week over the period's rows.
    people = (
        rows.order_by()
        .values("person_id")
        .annotate(
            n_posts=Sum("posts"),
            n_comments=Sum("comments"),
            n_reactions=Sum("reactions"),
            n_mentions=Sum("mentions"),
            n_reads=Sum("reads"),
            active_days=Count("day", distinct=True, filter=ACTIVE),
            last_active=Max("day", filter=ACTIVE),
        )
        .values_list(
            "n_posts",
            "n_comments",
            "n_reactions",
            "n_mentions",
            "n_reads",
            "active_days",
            "last_active",
        )
    )
    totals: Counter[str] = Counter()
    active = interactive = wau = mau = active_days = 0
    per_person = []
    for posts, comments, reactions, mentions, reads, days, last in people.iterator():
        totals.update(
            posts=posts, comments=comments, reactions=reactions, mentions=mentions, reads=reads
        )
        active += 1 if days else 0
        interactive += 1 if posts or comments or reactions or mentions else 0
        active_days += days
        wau += 1 if last and last >= week_ago else 0
        mau += 1 if last and last >= month_ago else 0
        if posts + comments:
            per_person.append(posts + comments)
    dau = active_days / filters.days
    weekly = {
        week: (n, contributions or 0)
        for week, n, contributions in rows.order_by()
        .values("week")
        .annotate(
            n=Count("person_id", distinct=True, filter=ACTIVE),
            contributions=Sum("posts") + Sum("comments"),
        )
        .values_list("week", "n", "contributions")
    }
    facts = _posts(filters)
    post_figures = facts.aggregate(
        posts=Count("post_id"),
        replied=Count("post_id", filter=Q(replied=True)),
        acknowledged=Count("post_id", filter=Q(acknowledged=True)),
        questions=Count("post_id", filter=Q(kind="question")),
        answered=Count("post_id", filter=Q(kind="question", answered=True)),
    )
    kinds = dict(
        facts.order_by().values("kind").annotate(n=Count("post_id")).values_list("kind", "n")
    )
    hours = list(
        facts.filter(first_reply_hours__isnull=False).values_list("first_reply_hours", flat=True)
    )
    weeks = []
    week = filters.start - datetime.timedelta(days=filters.start.weekday())
    while week <= filters.end:
        weeks.append(
            {
                "week": week.isoformat(),
                "active": suppress(weekly.get(week, (0, 0))[0]),
                "contributions": weekly.get(week, (0, 0))[1],
            }
        )
        week += datetime.timedelta(days=7)
    shown_active, shown_interactive = suppress(active), suppress(interactive)
    return {
        "filters": filters.describe(),
        "threshold": threshold(),
        "employees": employees,
        "active": shown_active,
        "active_share": _share(active, employees) if shown_active is not None else None,
        "interactive": shown_interactive,
        "interactive_share": (
            _share(interactive, employees) if shown_interactive is not None else None
        ),
        "dau": round(dau) if dau >= threshold() or dau == 0 else None,
        "wau": suppress(wau),
        "mau": suppress(mau),
        "contributions": {
            "posts": post_figures["posts"],
            "by_kind": dict(sorted(kinds.items())),
            "comments": totals["comments"],
            "reactions": totals["reactions"],
            "mentions": totals["mentions"],
            "reads": totals["reads"],
        },
        "participation": participation(per_person, employees),
        "response_rate": _share(post_figures["replied"], post_figures["posts"]),
        "median_first_response_hours": round(statistics.median(hours), 1) if hours else None,
        "acknowledgement_rate": _share(post_figures["acknowledged"], post_figures["posts"]),
        "questions_answered": _share(post_figures["answered"], post_figures["questions"]),
        "questions": post_figures["questions"],
        "silo": silo_index(filters),
        "weeks": weeks,
        "benchmarks": benchmarks(),
    }


def participation(contributions: list[int], employees: int) -> dict[str, Any]:
    """The participation curve: how much the top 1%, 5%, 10%, 20% and 50% of people wrote, and
    how many people wrote nothing, a little (1-9) or a lot (10 or more)."""
    ordered = sorted(contributions, reverse=True)
    total = sum(ordered)
    curve = []
    for pct in (1, 5, 10, 20, 50, 100):
        top = max(1, round(employees * pct / 100)) if employees else 0
        curve.append({"top_pct": pct, "share": _share(sum(ordered[:top]), total)})
    heavy = sum(1 for n in ordered if n >= 10)
    occasional = sum(1 for n in ordered if 1 <= n < 10)
    return {
        "curve": curve,
        "none": suppress(max(0, employees - heavy - occasional)),
        "occasional": suppress(occasional),
        "heavy": suppress(heavy),
    }


def silo_index(filters: Filters) -> dict[str, Any]:
    """Share of interactions (from people in the group) that cross a department or a country."""
    weight = F("replies") + F("mentions") + F("reactions") + F("accepted")
    figures = (
        EdgeMonth.objects.filter(month__gte=filters.start.replace(day=1), month__lte=filters.end)
        .filter(people_q(filters, prefix="source__"))
        .aggregate(
            total=Sum(weight),
            department=Sum(weight, filter=~Q(source__department_id=F("target__department_id"))),
            country=Sum(weight, filter=~Q(source__country=F("target__country"))),
        )
    )
    total = figures["total"] or 0
    return {
        "interactions": total,
        "cross_department": _share(figures["department"] or 0, total),
        "cross_country": _share(figures["country"] or 0, total),
    }


def community_health(
    viewer: Viewer, *, only_at_risk: bool = False, led_by: Any = None
) -> list[dict[str, Any]]:
    """Health rows for the communities the viewer may see (facilitators: those they lead)."""
    snap = snapshot("communities")
    data = snap.data.get("communities", {}) if snap else {}
    visible = Community.objects.filter(community_visible_q(viewer), pk__in=[int(k) for k in data])
    if led_by is not None:
        visible = visible.filter(
            memberships__person=led_by,
            memberships__state=Membership.State.ACTIVE,
            memberships__role__in=["owner", "sponsor", "facilitator"],
        )
    rows = []
    for community in visible.order_by("name"):
        row = {"community": community, **data[str(community.pk)]}
        row["contributors_30"] = suppress(row["contributors_30"])
        if not only_at_risk or row["at_risk"]:
            rows.append(row)
    rows.sort(key=lambda r: (not r["at_risk"], r["community"].name))
    return rows


def leaders_overview() -> dict[str, Any]:
    """How leaders as a group take part, per org level; levels with fewer than the threshold of
    leaders are pooled into "other levels". Never a name, never a ranking."""
    snap = snapshot("leaders")
    levels = snap.data.get("levels", {}) if snap else {}
    shown, pooled = {}, 0
    for level, row in levels.items():
        if row["leaders"] >= threshold():
            shown[level] = row
        else:
            pooled += row["leaders"]
    return {
        "levels": shown,
        "pooled_leaders": pooled,
        "computed_at": snap.computed_at if snap else None,
    }


def contributions_in(filters: Filters) -> int:
    return (
        ActivityDay.objects.filter(day__gte=filters.start, day__lte=filters.end).aggregate(
            n=Sum("posts") + Sum("comments")
        )["n"]
        or 0
    )


def top_communities(viewer: Viewer, filters: Filters, limit: int = 10) -> list[dict[str, Any]]:
    """The busiest communities of the period the viewer may see, with their delivered outcome."""
    rows = (
        ActivityDay.objects.filter(
            day__gte=filters.start, day__lte=filters.end, community_id__isnull=False
        )
        .values("community_id")
        .annotate(
            contributions=Sum("posts") + Sum("comments"), people=Count("person", distinct=True)
        )
        .order_by("-contributions")[:100]
    )
    visible = Community.objects.filter(community_visible_q(viewer)).in_bulk(
        [r["community_id"] for r in rows]
    )
    out = []
    for r in rows:
        community = visible.get(r["community_id"])
        if community is None or community.privacy != "open":
            continue  # private and secret communities are counted, never named
        out.append(
            {
                "community": community,
                "contributions": r["contributions"],
                "people": suppress(r["people"]),
            }
        )
        if len(out) >= limit:
            break
    return out


def delivered_in(viewer: Viewer, filters: Filters) -> list[Any]:
    return list(
        Community.objects.filter(
            privacy="open",
            state="delivered",
            delivered_at__date__gte=filters.start,
            delivered_at__date__lte=filters.end,
        ).order_by("-delivered_at")[:20]
    )


def jams_in(filters: Filters) -> list[dict[str, Any]]:
    out = []
    for jam in Jam.objects.filter(
        ends_at__date__gte=filters.start, starts_at__date__lte=filters.end
    ):
        contributions = jam.contributions.filter(post__deleted_at__isnull=True)
        people = contributions.values("post__author").distinct().count()
        out.append(
            {
                "jam": jam,
                "ideas": contributions.filter(post__kind="idea").count(),
                "contributors": suppress(people),
                "follow_ups": contributions.filter(selected=True).count(),
            }
        )
    return out
