"""The monthly facts the insights are computed from: activity per person and day, who interacted
with whom, and each post's response facts, from the event log in batches."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import (
    Count,
    DateField,
    Exists,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from hearth.communities.models import Community
from hearth.conversations.models import Comment, Post, PostView
from hearth.core.bulk import insert_rows
from hearth.core.models import Event
from hearth.people.models import Person

from ..models import (
    ActivityDay,
    EdgeMonth,
    PostFact,
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
