"""Building the insights snapshots from the event log (and the content it describes).

`build(since)` replaces every snapshot row from `since` on (None: everything) month by month, so
memory stays bounded whatever the company's size; the worker runs it nightly from the first day
of the previous month, and `hearth insights rebuild` runs it for all time. Then the derived
tables (influence, topic influence, expertise, leaders, community health) are recomputed.

Days are UTC days. The anonymous stand-in is never an actor here: anonymous contributions count
in totals by kind (PostFact) but are never attributed to anyone.
"""

from __future__ import annotations

import datetime
import statistics
from collections import defaultdict

from django.db import transaction
from django.db.models import (
    Count,
    DateField,
    Exists,
    F,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone

from hearth.communities.models import Community
from hearth.conversations.models import Comment, Post, PostView
from hearth.core.bulk import insert_rows
from hearth.core.models import Event
from hearth.facilitation import maturity
from hearth.facilitation.models import Endorsement
from hearth.leadership.scorecard import measures
from hearth.people.models import Person

from . import selectors
from .models import (
    ActivityDay,
    EdgeMonth,
    Expertise,
    Influence,
    PostFact,
    Snapshot,
    TopicInfluence,
)

UTC = datetime.UTC
BATCH = 5000
POST_VERBS = ("post.created", "post.published")
ACTIVITY_VERBS = (*POST_VERBS, "comment.created", "reaction.set", "mention.created")
EDGE_WEIGHTS = {"replies": 3.0, "mentions": 2.0, "reactions": 1.0, "accepted": 5.0}
HALF_LIFE_MONTHS = 6
GRAPH_MONTHS = 12
REFRESH_POST_DAYS = 60  # responses to a post keep arriving: its facts are refreshed this long


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _moment(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=UTC)


def _months(since: datetime.date, until: datetime.date):
    month = _month_start(since)
    while month <= until:
        yield month, _next_month(month)
        month = _next_month(month)


def _first_day() -> datetime.date | None:

    first = Event.objects.order_by("created_at").values_list("created_at", flat=True).first()
    return first.astimezone(UTC).date() if first else None


def _stand_in_id():

    return Person.objects.filter(is_stand_in=True).values_list("id", flat=True).first()


class UTCDate(Func):
    """The UTC date of a timestamp. On SQLite, timestamps are stored as UTC text, so it is
    their first ten characters: Django's TruncDate calls Python for every row there, which
    costs most of a rebuild over millions of events."""

    output_field = DateField()
    template = "((%(expressions)s) AT TIME ZONE 'UTC')::date"

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="substr(%(expressions)s, 1, 10)")


def _not_previous() -> Q:
    """A reaction event that changed an earlier reaction is not a new interaction."""
    return Q(metadata__previous__isnull=True) | Q(metadata__previous=None)


# --- Activity ----------------------------------------------------------------------------


def _activity_month(start: datetime.date, end: datetime.date, stand_in) -> int:

    rows: dict[tuple, dict] = defaultdict(lambda: defaultdict(int))
    window = Q(created_at__gte=_moment(start), created_at__lt=_moment(end))
    events = (
        Event.objects.filter(window, verb__in=ACTIVITY_VERBS, actor__isnull=False)
        .exclude(actor_id=stand_in)
        .filter(~Q(verb="reaction.set") | _not_previous())
        .annotate(day=UTCDate("created_at"))
        .order_by()
        .values("day", "actor_id", "community_id")
        .annotate(
            posts=Count("id", filter=Q(verb__in=POST_VERBS)),
            comments=Count("id", filter=Q(verb="comment.created")),
            reactions=Count("id", filter=Q(verb="reaction.set")),
            mentions=Count("id", filter=Q(verb="mention.created")),
        )
    )
    for r in events.iterator(chunk_size=BATCH):
        row = rows[(r["day"], r["actor_id"], r["community_id"])]
        for name in ("posts", "comments", "reactions", "mentions"):
            row[name] += r[name]
    received = (
        Event.objects.filter(window, verb__in=("comment.created", "reaction.set"))
        .filter(~Q(verb="reaction.set") | _not_previous())
        .annotate(author=Cast(KT("metadata__post_author"), IntegerField()))
        .exclude(author__isnull=True)
        .exclude(author=stand_in)
        .annotate(day=UTCDate("created_at"))
        .order_by()
        .values("day", "author", "community_id", "actor_id")
    )
    counted: dict[tuple, int] = defaultdict(int)
    for got in received.annotate(n=Count("id")).iterator(chunk_size=BATCH):
        if got["author"] != got["actor_id"]:
            counted[(got["day"], got["author"], got["community_id"])] += got["n"]
    for key, n in counted.items():
        rows[key]["received"] += n
    reads = (
        PostView.objects.filter(first_seen_at__gte=_moment(start), first_seen_at__lt=_moment(end))
        .annotate(day=UTCDate("first_seen_at"))
        .order_by()
        .values("day", "person_id", "post__community_id")
        .annotate(n=Count("id"))
    )
    for read in reads.iterator(chunk_size=BATCH):
        rows[(read["day"], read["person_id"], read["post__community_id"])]["reads"] += read["n"]
    valid = _existing_people({pid for _d, pid, _c in rows})
    counts = ("posts", "comments", "reactions", "mentions", "reads", "received")
    batch = [
        (day, day - datetime.timedelta(days=day.weekday()), pid, cid, *(v[n] for n in counts))
        for (day, pid, cid), v in rows.items()
        if pid in valid
    ]
    # Millions of rows over a few years: one prepared INSERT, no model instances.
    return insert_rows(ActivityDay, ["day", "week", "person", "community_id", *counts], batch)


def _existing_people(ids) -> set[int]:

    ids, out = sorted(i for i in ids if i), set()
    for start in range(0, len(ids), 900):
        out |= set(
            Person.objects.filter(pk__in=ids[start : start + 900], is_stand_in=False).values_list(
                "id", flat=True
            )
        )
    return out


# --- Interactions ------------------------------------------------------------------------


def _edges_month(start: datetime.date, end: datetime.date, stand_in) -> int:

    window = Q(created_at__gte=_moment(start), created_at__lt=_moment(end))
    target = {
        "comment.created": "metadata__post_author",
        "reaction.set": "metadata__post_author",
        "mention.created": "metadata__person",
        "answer.accepted": "metadata__answerer",
    }
    counts: dict[tuple, dict] = defaultdict(lambda: defaultdict(int))
    field = {
        "comment.created": "replies",
        "reaction.set": "reactions",
        "mention.created": "mentions",
        "answer.accepted": "accepted",
    }
    for verb, key in target.items():
        rows = (
            Event.objects.filter(window, verb=verb, actor__isnull=False)
            .exclude(actor_id=stand_in)
            .filter(_not_previous() if verb == "reaction.set" else Q())
            .annotate(other=Cast(KT(key), IntegerField()))
            .exclude(other__isnull=True)
            .order_by()
            .values("actor_id", "other")
            .annotate(n=Count("id"))
        )
        for r in rows.iterator(chunk_size=BATCH):
            if r["other"] != r["actor_id"] and r["other"] != stand_in:
                counts[(r["actor_id"], r["other"])][field[verb]] += r["n"]
    valid = _existing_people({p for pair in counts for p in pair})
    kinds = ("replies", "mentions", "reactions", "accepted")
    batch = [
        (start, s, t, *(values[k] for k in kinds))
        for (s, t), values in counts.items()
        if s in valid and t in valid
    ]
    return insert_rows(EdgeMonth, ["month", "source", "target", *kinds], batch)


# --- Posts -------------------------------------------------------------------------------


def _post_facts(start: datetime.date, end: datetime.date) -> int:

    others = Comment.objects.filter(post=OuterRef("pk"), deleted_at__isnull=True).exclude(
        author=OuterRef("author")
    )
    posts = (
        Post.objects.filter(
            published_at__gte=_moment(start),
            published_at__lt=_moment(end),
            deleted_at__isnull=True,
            hidden_at__isnull=True,
            held=False,
            is_draft=False,
        )
        .annotate(
            first_reply=Subquery(
                others.order_by().values("post").annotate(m=Min("created_at")).values("m")[:1]
            ),
            top_answer=Exists(others.filter(parent__isnull=True)),
        )
        .values_list(
            "pk",
            "published_at",
            "author_id",
            "anonymous",
            "community_id",
            "community__privacy",
            "kind",
            "acknowledged_at",
            "first_reply",
            "top_answer",
        )
    )
    batch = []
    for pk, published, author, anonymous, cid, privacy, kind, ack, first, answer in posts.iterator(
        chunk_size=BATCH
    ):
        hours = (first - published).total_seconds() / 3600 if first and first >= published else None
        batch.append(
            (
                pk,
                published.astimezone(UTC).date(),
                None if anonymous else author,
                cid,
                cid is None or privacy == Community.Privacy.OPEN,
                kind,
                first is not None,
                round(hours, 2) if hours is not None else None,
                ack is not None,
                kind == "question" and bool(answer),
            )
        )
    fields = [
        "post_id",
        "day",
        "author",
        "community_id",
        "public",
        "kind",
        "replied",
        "first_reply_hours",
        "acknowledged",
        "answered",
    ]
    return insert_rows(PostFact, fields, batch)


# --- Derived tables ----------------------------------------------------------------------


def influence(now=None) -> int:
    """PageRank and sampled betweenness on the last 12 months of interactions, each month's
    weight halved every 6 months; the target of an interaction gains influence."""
    import networkx as nx

    now = now or timezone.now()
    this_month = _month_start(now.astimezone(UTC).date())
    since = this_month
    for _i in range(GRAPH_MONTHS - 1):
        since = (since - datetime.timedelta(days=1)).replace(day=1)
    graph = nx.DiGraph()
    reach: dict[int, set] = defaultdict(set)
    rows = EdgeMonth.objects.filter(month__gte=since).values_list(
        "month", "source_id", "target_id", "replies", "mentions", "reactions", "accepted"
    )
    for month, source, target, replies, mentions, reactions, accepted in rows.iterator(
        chunk_size=BATCH
    ):
        age = (this_month.year - month.year) * 12 + this_month.month - month.month
        decay = 0.5 ** (age / HALF_LIFE_MONTHS)
        weight = decay * (
            replies * EDGE_WEIGHTS["replies"]
            + mentions * EDGE_WEIGHTS["mentions"]
            + reactions * EDGE_WEIGHTS["reactions"]
            + accepted * EDGE_WEIGHTS["accepted"]
        )
        if graph.has_edge(source, target):
            graph[source][target]["weight"] += weight
        else:
            graph.add_edge(source, target, weight=weight)
        reach[target].add(source)
    with transaction.atomic():
        Influence.objects.all().delete()
        if graph.number_of_nodes() == 0:
            return 0
        ranks = nx.pagerank(graph, weight="weight")
        # Betweenness on a sample of sources: exact for small graphs, bounded for large ones.
        k = min(graph.number_of_nodes(), 64)
        between = nx.betweenness_centrality(graph, k=k, seed=42, normalized=True)
        ordered = sorted(ranks, key=lambda pid: (-ranks[pid], pid))
        stamp = timezone.now()
        Influence.objects.bulk_create(
            [
                Influence(
                    person_id=pid,
                    pagerank=ranks[pid],
                    betweenness=between.get(pid, 0.0),
                    reach=len(reach.get(pid, ())),
                    rank=position,
                    computed_at=stamp,
                )
                for position, pid in enumerate(ordered, start=1)
            ],
            batch_size=BATCH,
        )
    return len(ordered)


def topic_influence(top: int = 20) -> int:
    """For each topic: people whose public posts on it drew responses, weighted by influence."""

    ranks = dict(Influence.objects.values_list("person_id", "pagerank"))
    scale = max(ranks.values()) if ranks else 1.0
    since = timezone.now() - datetime.timedelta(days=365)
    rows = (
        Post.objects.filter(
            published_at__gte=since,
            deleted_at__isnull=True,
            hidden_at__isnull=True,
            anonymous=False,
            topics__isnull=False,
        )
        .filter(Q(community__isnull=True) | Q(community__privacy="open"))
        .order_by()
        .values("topics", "author_id")
        .annotate(posts=Count("id", distinct=True))
    )
    responses = dict(
        PostFact.objects.filter(day__gte=since.date(), author__isnull=False, public=True)
        .order_by()
        .values("author_id")
        .annotate(n=Count("post_id", filter=Q(replied=True)))
        .values_list("author_id", "n")
    )
    scores: dict[int, list] = defaultdict(list)
    for r in rows.iterator(chunk_size=BATCH):
        pid = r["author_id"]
        score = r["posts"] * (1 + responses.get(pid, 0)) ** 0.5 * (1 + ranks.get(pid, 0) / scale)
        scores[r["topics"]].append((score, pid))
    batch = []
    for topic, people in scores.items():
        for score, pid in sorted(people, reverse=True)[:top]:
            batch.append(TopicInfluence(topic_id=topic, person_id=pid, score=round(score, 4)))
    with transaction.atomic():
        TopicInfluence.objects.all().delete()
        TopicInfluence.objects.bulk_create(batch, batch_size=BATCH)
    return len(batch)


def expertise(top: int = 20) -> int:
    """Per tag: accepted answers (4), answers (1), posts (1) on public questions and posts with
    the topic, and endorsements of the skill (0.5, at most 5)."""

    public = Q(post__community__isnull=True) | Q(post__community__privacy="open")
    live = Q(deleted_at__isnull=True, hidden_at__isnull=True)
    facts: dict[tuple[int, int], dict] = defaultdict(lambda: defaultdict(int))
    answers = (
        Comment.objects.filter(
            live,
            public,
            parent__isnull=True,
            post__kind="question",
            post__deleted_at__isnull=True,
            post__topics__isnull=False,
        )
        .exclude(author_id=F("post__author_id"))
        .annotate(is_accepted=Exists(Post.objects.filter(accepted_comment=OuterRef("pk"))))
        .order_by()
        .values("post__topics", "author_id")
        .annotate(
            n=Count("id", distinct=True),
            accepted=Count("id", distinct=True, filter=Q(is_accepted=True)),
        )
    )
    for r in answers.iterator(chunk_size=BATCH):
        row = facts[(r["post__topics"], r["author_id"])]
        row["answers"] += r["n"]
        row["accepted"] += r["accepted"]
    posts = (
        Post.objects.filter(live, anonymous=False, topics__isnull=False)
        .filter(Q(community__isnull=True) | Q(community__privacy="open"))
        .order_by()
        .values("topics", "author_id")
        .annotate(n=Count("id", distinct=True))
    )
    for wrote in posts.iterator(chunk_size=BATCH):
        facts[(wrote["topics"], wrote["author_id"])]["posts"] += wrote["n"]
    endorsed = (
        Endorsement.objects.order_by().values("skill_id", "person_id").annotate(n=Count("id"))
    )
    for vouch in endorsed.iterator(chunk_size=BATCH):
        facts[(vouch["skill_id"], vouch["person_id"])]["endorsements"] += vouch["n"]
    valid = _existing_people({pid for _t, pid in facts})
    per_tag: dict[int, list] = defaultdict(list)
    for (tag, pid), f in facts.items():
        if pid not in valid:
            continue
        score = (
            4 * f["accepted"]
            + (f["answers"] - f["accepted"])
            + f["posts"]
            + min(5, 0.5 * f["endorsements"])
        )
        if score > 0:
            per_tag[tag].append((score, pid, f))
    batch = []
    for tag, people in per_tag.items():
        for score, pid, f in sorted(people, key=lambda x: (-x[0], x[1]))[:top]:
            batch.append(
                Expertise(
                    tag_id=tag,
                    person_id=pid,
                    score=score,
                    accepted=f["accepted"],
                    answers=f["answers"],
                    posts=f["posts"],
                    endorsements=f["endorsements"],
                )
            )
    with transaction.atomic():
        Expertise.objects.all().delete()
        Expertise.objects.bulk_create(batch, batch_size=BATCH)
    return len(batch)


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


# --- Entry points ------------------------------------------------------------------------


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
