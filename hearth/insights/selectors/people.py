"""Influencers and experts (only those who agreed to be named), the interaction personas, and the
suggestions of colleagues to follow."""

from __future__ import annotations

import datetime
import statistics
from collections import Counter, defaultdict
from typing import Any

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy

from hearth.conversations.selectors import topic_known_to
from hearth.core.registry import people_suggestions
from hearth.core.types import Viewer
from hearth.feeds.models import Follow
from hearth.people.models import Person

from ..models import (
    ActivityDay,
    Expertise,
    Influence,
    NamedChoice,
    TopicInfluence,
)
from .filters import UTC, Filters, _activity, _cached, built_at, population, suppress, threshold


def named_ids(ids: Any = None) -> set[int]:
    rows = NamedChoice.objects.filter(named=True)
    if ids is not None:
        rows = rows.filter(person_id__in=list(ids))
    return set(rows.values_list("person_id", flat=True))


def influencers(viewer: Viewer, *, department: Any = None, limit: int = 20) -> dict[str, Any]:
    """Top influencers who agreed to be named (overall or in a department); everyone else is
    only counted."""
    rows = Influence.objects.filter(person__is_active=True)
    if department is not None:
        rows = rows.filter(person__department=department)
    named = NamedChoice.objects.filter(named=True).values("person_id")
    top = [
        {"person": row.person, "rank": row.rank, "reach": row.reach, "betweenness": row.betweenness}
        for row in rows.filter(person_id__in=named)
        .select_related("person", "person__department")
        .order_by("rank")[:limit]
    ]
    return {"top": top, "ranked": rows.count()}


MAX_CHART_POINTS = 1500


def influence_by_level() -> dict[str, Any]:
    """Influence percentile against org level: points (named when the person opted in), the
    median per level, and who has influence beyond their position (the top quarter of influence
    while deeper in the org chart than the middle). Cached for 10 minutes, so a change of mind
    about being named shows within 10 minutes."""
    from django.core.cache import cache

    built = built_at()
    key = f"hearth:insights:levels:{built.isoformat() if built else ''}:{threshold()}"
    data = cache.get(key)
    if data is None:
        data = _influence_by_level()
        cache.set(key, data, 600)
    found: dict[str, Any] = data
    return found


def _influence_by_level() -> dict[str, Any]:
    rows = list(
        Influence.objects.filter(person__is_active=True)
        .order_by("rank")
        .values_list("person_id", "rank", "person__org_level")
    )
    if not rows:
        return {"points": [], "levels": {}}
    count = len(rows)
    named = named_ids()
    by_level: dict[int, list[float]] = defaultdict(list)
    for _pid, rank, level in rows:
        by_level[level].append(round(100 * (1 - (rank - 1) / count), 1))
    medians = {
        level: statistics.median(v) for level, v in by_level.items() if len(v) >= threshold()
    }
    # Beyond their position: in the top quarter of influence while deeper in the org chart than
    # the middle of everyone ranked.
    middle = statistics.median(level for _pid, _rank, level in rows)
    # The chart: an even sample of everyone, plus the named people beyond their position.
    step = max(1, count // MAX_CHART_POINTS)
    chosen = []
    beyond_named = 0
    for index, (pid, rank, level) in enumerate(rows):
        pct = round(100 * (1 - (rank - 1) / count), 1)
        beyond = pct >= 75 and level > middle
        show_name = beyond and pid in named and beyond_named < 200
        beyond_named += 1 if show_name else 0
        if show_name or index % step == 0:
            chosen.append((pid, level, pct, beyond, show_name or pid in named))
    people = Person.objects.in_bulk([pid for pid, *_rest, may_name in chosen if may_name])
    return {
        "points": [
            {"level": level, "percentile": pct, "beyond": beyond, "person": people.get(pid)}
            for pid, level, pct, beyond, _may_name in chosen
        ],
        "levels": {
            level: {"people": len(v), "median": medians.get(level)}
            for level, v in sorted(by_level.items())
            if len(v) >= threshold()
        },
    }


@people_suggestions("influencers")
def people_to_follow(viewer: Viewer, limit: int = 5) -> list[Any]:
    """For a newcomer: influential colleagues (who agreed to be named) they do not follow yet,
    from their department first."""
    followed = set(
        Follow.objects.filter(follower=viewer, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    named = NamedChoice.objects.filter(named=True).values("person_id")
    ranked = list(
        Influence.objects.filter(person_id__in=named, person__is_active=True)
        .exclude(person_id=viewer.pk)
        .order_by("rank")
        .values_list("person_id", flat=True)[:200]
    )
    people = Person.objects.in_bulk(ranked)
    mine = [pid for pid in ranked if people[pid].department_id == viewer.department_id]
    order = mine + [pid for pid in ranked if pid not in mine]
    return [people[pid] for pid in order if pid not in followed][:limit]


def topic_influencers(topic: Any, limit: int = 10) -> list[Any]:
    named = NamedChoice.objects.filter(named=True).values("person_id")
    rows = TopicInfluence.objects.filter(topic=topic, person__is_active=True, person_id__in=named)
    return [r.person for r in rows.select_related("person").order_by("-score")[:limit]]


def experts_for(tag: Any, limit: int = 5) -> list[Expertise]:
    """Experts on a topic or skill from public content (public contribution counts only)."""
    return list(
        Expertise.objects.filter(tag=tag, person__is_active=True)
        .select_related("person")
        .order_by("-score", "person_id")[:limit]
    )


PERSONAS = ("observer", "broadcaster", "responder", "catalyst", "engager")


def persona_of(made_posts: int, made_responses: int, received: int) -> str:
    """The SWOOP personas from contributions made (posts, replies, reactions) against responses
    received: Observer (at most one contribution), Catalyst (receives at least 1.5 times what
    they give), Engager (between half and 1.5 times), else Broadcaster (mostly posts) or
    Responder (mostly replies and reactions)."""
    made = made_posts + made_responses
    if made <= 1:
        return "observer"
    ratio = received / made
    if ratio >= 1.5:
        return "catalyst"
    if ratio >= 0.5:
        return "engager"
    return "broadcaster" if made_posts >= made_responses else "responder"


def personas(filters: Filters) -> dict[str, Any]:
    """How many people of the group are of each persona (suppressed under the threshold);
    cached like the dashboard, until the snapshots are rebuilt."""
    return _cached("personas", filters, _personas)


def _personas(filters: Filters) -> dict[str, Any]:
    people = population(filters)
    sums = (
        _activity(filters)
        .order_by()
        .values("person_id")
        .annotate(p=Sum("posts"), r=Sum("comments") + Sum("reactions"), g=Sum("received"))
        .values_list("p", "r", "g")
    )
    counts = Counter(persona_of(p or 0, r or 0, g or 0) for p, r, g in sums.iterator())
    counts["observer"] += people - sum(counts.values())  # nothing at all in the period
    return {
        "filters": filters.describe(),
        "people": people,
        "personas": {name: suppress(counts.get(name, 0)) for name in PERSONAS},
    }


NUDGES = {
    "observer": _lazy("You mostly read: answer one question this week."),
    "responder": _lazy(
        "You answer others generously: start a conversation with a question of yours."
    ),
    "broadcaster": _lazy("You share a lot: reply to colleagues too, and they will reply to you."),
    "catalyst": _lazy("Your posts get people talking: answer those who respond to you."),
    "engager": _lazy("You give and get in balance: introduce two colleagues who should meet."),
}


def my_persona(person: Viewer, days: int = 90) -> dict[str, Any]:
    """The person's own persona over the last 90 days, with a nudge toward the next one."""
    today = timezone.now().astimezone(UTC).date()
    since = today - datetime.timedelta(days=days - 1)
    sums = ActivityDay.objects.filter(person=person, day__gte=since).aggregate(
        posts=Sum("posts"),
        comments=Sum("comments"),
        reactions=Sum("reactions"),
        received=Sum("received"),
    )
    posts, responses = sums["posts"] or 0, (sums["comments"] or 0) + (sums["reactions"] or 0)
    received = sums["received"] or 0
    persona = persona_of(posts, responses, received)
    return {
        "persona": persona,
        "posts": posts,
        "responses": responses,
        "received": received,
        "days": days,
        "nudge": str(NUDGES[persona]),
    }


PERSONA_LABELS = {
    "observer": _lazy("Observer"),
    "broadcaster": _lazy("Broadcaster"),
    "responder": _lazy("Responder"),
    "catalyst": _lazy("Catalyst"),
    "engager": _lazy("Engager"),
}


def persona_label(name: str) -> str:
    return str(PERSONA_LABELS.get(name, name))


def experts_on(viewer: Viewer, name: str) -> dict[str, Any]:
    """{"experts": [...], "expert_tag": tag} for a skill or topic name ({} if unknown to the
    viewer)."""
    tag = topic_known_to(viewer, name)
    return {"experts": experts_for(tag), "expert_tag": tag} if tag else {}


def is_named(person: Viewer) -> bool:
    return NamedChoice.objects.filter(person=person, named=True).exists()


def named_asked(person: Viewer) -> bool:
    """Whether the person already said if they agree to be named (yes or no): asked once."""
    return NamedChoice.objects.filter(person=person).exists()
