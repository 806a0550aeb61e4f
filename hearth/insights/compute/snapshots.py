"""The leaders' and the communities' nightly snapshots, and the build and refresh that run
everything in order."""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict

from django.db import transaction
from django.db.models import (
    Q,
)
from django.utils import timezone

from hearth.communities.models import Community
from hearth.facilitation import maturity
from hearth.leadership.scorecard import measures
from hearth.people.models import Person

from .. import selectors
from ..models import (
    ActivityDay,
    EdgeMonth,
    PostFact,
    Snapshot,
)
from .facts import (
    BATCH,
    REFRESH_POST_DAYS,
    UTC,
    _activity_month,
    _edges_month,
    _first_day,
    _moment,
    _month_start,
    _months,
    _post_facts,
    _stand_in_id,
)
from .ranks import expertise, influence, topic_influence


def leaders_snapshot(now=None) -> dict:
    """The scorecard's measures for every leader, kept per org level for the communications
    team (in aggregate only; never a name)."""

    now = now or timezone.now()
    leaders = list(
        Person.objects.filter(is_leader=True, is_active=True, is_stand_in=False).values_list(
            "id", "org_level"
        )
    )
    table = measures([pid for pid, _level in leaders], now) if leaders else {}
    by_level: dict[int, list[dict]] = defaultdict(list)
    for pid, level in leaders:
        by_level[level].append(table[pid])
    data = {"levels": {}, "computed_for": now.isoformat()}
    for level, rows in sorted(by_level.items()):
        shares = [r["answered_share"] for r in rows if r["answered_share"] is not None]
        hours = [r["median_response_hours"] for r in rows if r["median_response_hours"] is not None]
        posts = [r["personal_posts"] + r["drafted_posts"] for r in rows]
        drafted = sum(r["drafted_posts"] for r in rows)
        data["levels"][str(level)] = {
            "leaders": len(rows),
            "writing_personally": sum(1 for r in rows if r["personal"] > 0),
            "median_personal": statistics.median([r["personal"] for r in rows]),
            "median_answered_share": round(statistics.median(shares), 3) if shares else None,
            "median_response_hours": round(statistics.median(hours), 1) if hours else None,
            "drafted_share": round(drafted / sum(posts), 3) if sum(posts) else None,
            "median_readers": statistics.median([r["readers"] for r in rows]),
        }
    Snapshot.objects.update_or_create(
        key="leaders", defaults={"data": data, "computed_at": timezone.now()}
    )
    return data


def communities_snapshot(now=None) -> dict:
    """Community health: activity, breadth, response and acknowledgement, maturity level now and
    at the end of each of the last 3 months, key-result progress, and risk."""

    now = now or timezone.now()
    today = now.astimezone(UTC).date()
    recent, before = today - datetime.timedelta(days=30), today - datetime.timedelta(days=60)
    rows = {}
    communities = Community.objects.filter(state=Community.State.ACTIVE).prefetch_related(
        "key_results"
    )
    # Contributions (posts and replies) in the last 30 days and the 30 before, and who made them.
    activity: defaultdict[int | None, list] = defaultdict(lambda: [0, 0, set()])
    for cid, day, person, posts, comments in (
        ActivityDay.objects.filter(day__gte=before, community_id__isnull=False)
        .filter(Q(posts__gt=0) | Q(comments__gt=0))
        .values_list("community_id", "day", "person_id", "posts", "comments")
        .iterator(chunk_size=BATCH)
    ):
        slot = activity[cid]
        if day >= recent:
            slot[0] += posts + comments
            slot[2].add(person)
        else:
            slot[1] += posts + comments
    facts: defaultdict[int | None, list[int]] = defaultdict(lambda: [0, 0, 0])
    for cid, was_replied, was_acked in PostFact.objects.filter(
        day__gte=recent - datetime.timedelta(days=60), community_id__isnull=False
    ).values_list("community_id", "replied", "acknowledged"):
        f = facts[cid]
        f[0] += 1
        f[1] += int(was_replied)
        f[2] += int(was_acked)
    for community in communities.iterator(chunk_size=500):
        s = maturity.signals(community, now=now)
        history = []
        for months_back in (3, 2, 1):
            end = _month_start(today)
            for _i in range(months_back - 1):
                end = (end - datetime.timedelta(days=1)).replace(day=1)
            history.append(maturity.level(maturity.signals(community, now=_moment(end))))
        results = list(community.key_results.all())
        progress = [min(1.0, max(0.0, r.current / r.target)) for r in results if r.target]
        now_active, before_active, people = activity[community.pk]
        posts, replied, acked = facts[community.pk]
        declining = before_active >= 5 and now_active < before_active / 2
        absent = s.sponsor_idle_days is None or s.sponsor_idle_days > 30
        rows[str(community.pk)] = {
            "members": s.members,
            "contributions_30": now_active,
            "contributions_prev_30": before_active,
            "contributors_30": len(people),
            "breadth": round(s.breadth, 3),
            "response": round(replied / posts, 3) if posts else None,
            "acknowledgement": round(acked / posts, 3) if posts else None,
            "level": maturity.level(s),
            "levels": history + [maturity.level(s)],
            "key_results": round(100 * sum(progress) / len(progress)) if progress else None,
            "sponsor_idle_days": s.sponsor_idle_days,
            "declining": declining,
            "absent_sponsor": absent,
            "at_risk": declining or absent,
        }
    data = {"communities": rows}
    Snapshot.objects.update_or_create(
        key="communities", defaults={"data": data, "computed_at": timezone.now()}
    )
    return data


def build(since: datetime.date | None = None, *, progress=None) -> dict:
    """Replace the snapshots from `since` (None: all time), then recompute the derived tables."""
    report = progress or (lambda message: None)
    today = timezone.now().astimezone(UTC).date()
    first = _first_day()
    counts = {"activity": 0, "edges": 0, "posts": 0}
    if first is None:
        since = today
    elif since is None or since < first:
        since = first
    since = _month_start(since)
    stand_in = _stand_in_id()
    with transaction.atomic():
        ActivityDay.objects.filter(day__gte=since).delete()
        EdgeMonth.objects.filter(month__gte=since).delete()
        facts_since = min(since, today - datetime.timedelta(days=REFRESH_POST_DAYS))
        PostFact.objects.filter(day__gte=facts_since).delete()
    for start, end in _months(since, today):
        with transaction.atomic():
            counts["activity"] += _activity_month(start, end, stand_in)
            counts["edges"] += _edges_month(start, end, stand_in)
        report(f"{start:%Y-%m}: {counts['activity']} activity rows, {counts['edges']} edges")
    for start, end in _months(facts_since, today):
        with transaction.atomic():
            counts["posts"] += _post_facts(max(start, facts_since), end)
    report(f"{counts['posts']} posts")
    counts["influence"] = influence()
    report(f"influence for {counts['influence']} people")
    counts["topics"] = topic_influence()
    counts["expertise"] = expertise()
    leaders_snapshot()
    communities_snapshot()
    Snapshot.objects.update_or_create(
        key="built",
        defaults={"data": {**counts, "since": since.isoformat()}, "computed_at": timezone.now()},
    )

    selectors.dashboard(None, selectors.parse_filters(None))  # the default view, ready
    report("done")
    return counts


def refresh() -> dict:
    """The nightly run: from the first day of the previous month."""
    today = timezone.now().astimezone(UTC).date()
    return build((_month_start(today) - datetime.timedelta(days=1)).replace(day=1))
