"""Influence (PageRank over a year of interactions, recent months weigh more), influence per topic,
and expertise from public contributions."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
)
from django.utils import timezone

from hearth.conversations.models import Comment, Post
from hearth.facilitation.models import Endorsement

from ..models import (
    EdgeMonth,
    Expertise,
    Influence,
    PostFact,
    TopicInfluence,
)
from .facts import (
    BATCH,
    EDGE_WEIGHTS,
    GRAPH_MONTHS,
    HALF_LIFE_MONTHS,
    UTC,
    _existing_people,
    _month_start,
)


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
