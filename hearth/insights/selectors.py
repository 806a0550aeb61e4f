"""Reads for insights, from the snapshots only, with the privacy rules in one place:

- who may see the organisation's insights (administrators, and people with the
  `insights.view_insights` permission: analysts, communications);
- a filter (department, location, country, community) must describe at least
  `HEARTH_INSIGHTS_MIN_GROUP` people (default 5), and so must the difference with each wider
  filter (dropping one of the filters), so that two allowed filters cannot be subtracted to
  single out a few people;
- any count of people between 1 and the threshold is suppressed (None, "fewer than 5");
- communities are those the viewer may see; content of private and secret communities never
  appears (only counted in aggregates);
- people are named only when they opted in (`NamedChoice`); anonymous contributions are never
  attributed (the snapshots never hold them under anyone).
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, F, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from hearth.communities.models import Community, Membership
from hearth.communities.selectors import community_visible_q
from hearth.conversations.selectors import topic_known_to
from hearth.core.access import is_administrator
from hearth.core.errors import FieldError, Invalid, NotFound
from hearth.core.registry import people_suggestions
from hearth.feeds.models import Follow
from hearth.jams.models import Jam
from hearth.people.models import Department, Location, Person

from .models import (
    ActivityDay,
    EdgeMonth,
    Expertise,
    Influence,
    NamedChoice,
    PostFact,
    Snapshot,
    TopicInfluence,
)

UTC = datetime.UTC
MAX_DAYS = 3 * 366


def threshold() -> int:
    return getattr(settings, "HEARTH_INSIGHTS_MIN_GROUP", 5)


def benchmarks() -> dict:
    return getattr(settings, "HEARTH_BENCHMARKS", {})


def may_view(person) -> bool:
    return bool(
        person
        and person.is_authenticated
        and person.is_active
        and (is_administrator(person) or person.has_perm("insights.view_insights"))
    )


def suppress(n: int | None) -> int | None:
    """A count of people: shown only from the threshold up (0 is shown: it names nobody)."""
    if n is None:
        return None
    return n if n == 0 or n >= threshold() else None


# --- Filters -----------------------------------------------------------------------------


@dataclass
class Filters:
    start: datetime.date
    end: datetime.date
    department: object | None = None
    location: object | None = None
    country: str = ""
    community: object | None = None
    given: list[str] = field(default_factory=list)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Filters:
        """The period of the same length just before."""
        span = datetime.timedelta(days=self.days)
        return Filters(
            self.start - span,
            self.end - span,
            self.department,
            self.location,
            self.country,
            self.community,
            self.given,
        )

    def describe(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "department": self.department.name if self.department else None,
            "location": self.location.name if self.location else None,
            "country": self.country or None,
            "community": self.community.slug if self.community else None,
        }


def parse_filters(
    viewer,
    *,
    start=None,
    end=None,
    department="",
    location="",
    country="",
    community="",
    default_days: int = 30,
) -> Filters:
    """Check a period and filters; unknown values and periods in the future or reversed are a
    422 naming the field; a group under the threshold too (including by differencing)."""
    today = timezone.now().astimezone(UTC).date()
    errors: list[FieldError] = []
    start = _date(start, "start", errors)
    end = _date(end, "end", errors)
    if errors:
        raise Invalid(_("Check the period."), errors)
    end = end or today
    start = start or end - datetime.timedelta(days=default_days - 1)
    if end > today:
        errors.append(FieldError("end", _("The period cannot end in the future.")))
    if start > end:
        errors.append(FieldError("start", _("The start comes before the end.")))
    elif (end - start).days > MAX_DAYS:
        errors.append(FieldError("start", _("At most three years at a time.")))
    found = Filters(start=start, end=end)
    if department:
        found.department = Department.objects.filter(name__iexact=department.strip()).first()
        if found.department is None:
            errors.append(FieldError("department", _("There is no such department.")))
        found.given.append("department")
    if location:
        found.location = Location.objects.filter(name__iexact=location.strip()).first()
        if found.location is None:
            errors.append(FieldError("location", _("There is no such location.")))
        found.given.append("location")
    if country:
        code = country.strip().upper()
        from hearth.people.models import Person

        if not Person.objects.filter(country=code).exists():
            errors.append(FieldError("country", _("Nobody works in that country.")))
        found.country = code
        found.given.append("country")
    if community:
        found.community = Community.objects.filter(
            community_visible_q(viewer), slug=community.strip()
        ).first()
        if found.community is None:
            errors.append(FieldError("community", _("There is no such community.")))
        found.given.append("community")
    if errors:
        raise Invalid(_("Check the period and the filters."), errors)
    _check_group(found)
    return found


def _date(value, name: str, errors: list[FieldError]):
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        errors.append(FieldError(name, _("A date like 2026-01-31.")))
        return None


def people_q(filters: Filters, without: str = "", prefix: str = "") -> Q:
    """The filters as a condition on people (`prefix`: the path to a person, e.g. "person__")."""
    # The group's own activity counts even for people who left since; only the population
    # (no prefix) is today's active employees. Snapshots never hold the stand-in.
    q = Q(is_active=True, is_stand_in=False) if not prefix else Q()
    if filters.department and without != "department":
        q &= Q(**{f"{prefix}department": filters.department})
    if filters.location and without != "location":
        q &= Q(**{f"{prefix}location": filters.location})
    if filters.country and without != "country":
        q &= Q(**{f"{prefix}country": filters.country})
    if filters.community and without != "community":
        members = Membership.objects.filter(
            community=filters.community, state=Membership.State.ACTIVE
        ).values("person")
        q &= Q(**{f"{prefix}pk__in" if prefix else "pk__in": members})
    return q


def population(filters: Filters, without: str = "") -> int:
    """How many people the filters describe: active employees (members, for a community)."""
    return Person.objects.filter(people_q(filters, without)).count()


def _check_group(filters: Filters) -> None:
    least = threshold()
    group = population(filters)
    if group < least:
        raise Invalid(
            _("These filters describe fewer than %(n)d people: choose a wider group.")
            % {"n": least},
            [
                FieldError(
                    filters.given[-1] if filters.given else "filters",
                    _("Fewer than %(n)d people.") % {"n": least},
                )
            ],
        )
    for name in filters.given:
        wider = population(filters, without=name)
        if 0 < wider - group < least:
            raise Invalid(
                _(
                    "Compared with the same filters without “%(name)s”, this would single out "
                    "fewer than %(n)d people: choose a wider group."
                )
                % {"name": name, "n": least},
                [FieldError(name, _("Would single out a few people."))],
            )


# --- The organisation dashboard ----------------------------------------------------------

ACTIVE = Q(posts__gt=0) | Q(comments__gt=0) | Q(reactions__gt=0) | Q(reads__gt=0)
INTERACTIVE = Q(posts__gt=0) | Q(comments__gt=0) | Q(reactions__gt=0) | Q(mentions__gt=0)


def _activity(filters: Filters, start=None, end=None):
    """The group's activity rows in the period (in the community, with a community filter)."""
    rows = ActivityDay.objects.filter(
        day__gte=start or filters.start, day__lte=end or filters.end
    ).filter(people_q(filters, prefix="person__"))
    if filters.community:
        rows = rows.filter(community_id=filters.community.pk)
    return rows


def _posts(filters: Filters):
    facts = PostFact.objects.filter(day__gte=filters.start, day__lte=filters.end)
    if filters.community:
        facts = facts.filter(community_id=filters.community.pk)
    if filters.department or filters.location or filters.country:
        # Anonymous posts belong to no group: only the whole company (or a community) has them.
        facts = facts.filter(people_q(filters, prefix="author__"))
    return facts


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def dashboard(viewer, filters: Filters) -> dict:
    """The organisation dashboard for a period and filters (the caller checked `may_view`).
    A fixed number of aggregate queries on the snapshots, kept in the shared cache until the
    snapshots are rebuilt (the figures hold nothing that depends on who reads them: a community
    filter was checked against the reader before)."""
    return _cached("dashboard", filters, _dashboard)


def _cached(name: str, filters: Filters, compute) -> dict:
    """`compute(filters)`, kept in the shared cache until the snapshots are rebuilt."""
    import hashlib
    import json

    from django.core.cache import cache

    built = built_at()
    described = [filters.describe(), threshold(), built.isoformat() if built else None]
    key = f"hearth:insights:{name}:" + hashlib.sha256(json.dumps(described).encode()).hexdigest()
    data = cache.get(key)
    if data is None:
        data = compute(filters)
        cache.set(key, data, 24 * 3600)
    return data


def _dashboard(filters: Filters) -> dict:
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
    totals = Counter()
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
        "dau": round(dau, 1) if dau >= threshold() or dau == 0 else None,
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


def participation(contributions: list[int], employees: int) -> dict:
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


def silo_index(filters: Filters) -> dict:
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


# --- Influencers, experts, personas -------------------------------------------------------


def named_ids(ids=None) -> set[int]:
    rows = NamedChoice.objects.filter(named=True)
    if ids is not None:
        rows = rows.filter(person_id__in=list(ids))
    return set(rows.values_list("person_id", flat=True))


def influencers(viewer, *, department=None, limit: int = 20) -> dict:
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


def influence_by_level() -> dict:
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
    return data


def _influence_by_level() -> dict:
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
def people_to_follow(viewer, limit: int = 5) -> list:
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


def topic_influencers(topic, limit: int = 10) -> list:
    named = NamedChoice.objects.filter(named=True).values("person_id")
    rows = TopicInfluence.objects.filter(topic=topic, person__is_active=True, person_id__in=named)
    return [r.person for r in rows.select_related("person").order_by("-score")[:limit]]


def experts_for(tag, limit: int = 5) -> list[Expertise]:
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


def personas(filters: Filters) -> dict:
    """How many people of the group are of each persona (suppressed under the threshold);
    cached like the dashboard, until the snapshots are rebuilt."""
    return _cached("personas", filters, _personas)


def _personas(filters: Filters) -> dict:
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


def my_persona(person, days: int = 90) -> dict:
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


# --- Communities, leaders, value ----------------------------------------------------------


def snapshot(key: str) -> Snapshot | None:
    return Snapshot.objects.filter(key=key).first()


def community_health(viewer, *, only_at_risk: bool = False, led_by=None) -> list[dict]:
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


def leaders_overview() -> dict:
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


def built_at():
    snap = snapshot("built")
    return snap.computed_at if snap else None


def access_tag(viewer, name: str):
    tag = topic_known_to(viewer, name)
    if tag is None:
        raise NotFound(_("There is no such topic."))
    return tag


def contributions_in(filters: Filters) -> int:
    return (
        ActivityDay.objects.filter(day__gte=filters.start, day__lte=filters.end).aggregate(
            n=Sum("posts") + Sum("comments")
        )["n"]
        or 0
    )


def top_communities(viewer, filters: Filters, limit: int = 10) -> list[dict]:
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


def delivered_in(viewer, filters: Filters) -> list:
    return list(
        Community.objects.filter(
            privacy="open",
            state="delivered",
            delivered_at__date__gte=filters.start,
            delivered_at__date__lte=filters.end,
        ).order_by("-delivered_at")[:20]
    )


def jams_in(filters: Filters) -> list[dict]:
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


PERSONA_LABELS = {
    "observer": _lazy("Observer"),
    "broadcaster": _lazy("Broadcaster"),
    "responder": _lazy("Responder"),
    "catalyst": _lazy("Catalyst"),
    "engager": _lazy("Engager"),
}


def persona_label(name: str) -> str:
    return str(PERSONA_LABELS.get(name, name))


def leads_any(person) -> bool:
    return Membership.objects.filter(
        person=person,
        state=Membership.State.ACTIVE,
        role__in=["owner", "sponsor", "facilitator"],
    ).exists()


def filter_choices(viewer) -> dict:
    """What the filters offer: departments, locations, countries, and open communities."""
    return {
        "departments": list(Department.objects.order_by("name").values_list("name", flat=True)),
        "locations": list(Location.objects.order_by("name").values_list("name", flat=True)),
        "countries": sorted(
            # Without the model's ordering, or DISTINCT would be over every person's name too.
            {c for c in Person.objects.order_by().values_list("country", flat=True).distinct() if c}
        ),
        "communities": list(
            Community.objects.filter(community_visible_q(viewer), privacy="open")
            .order_by("name")
            .values_list("slug", "name")[:500]
        ),
    }


def department_named(name: str):
    name = (name or "").strip()
    return Department.objects.filter(name__iexact=name).first() if name else None


def experts_on(viewer, name: str) -> dict:
    """{"experts": [...], "expert_tag": tag} for a skill or topic name ({} if unknown to the
    viewer)."""
    tag = topic_known_to(viewer, name)
    return {"experts": experts_for(tag), "expert_tag": tag} if tag else {}
