"""Expert routing's history, counted: what each person wrote, on each topic and in each
community, before a moment. The measures of `routing` are built on these counts.

Two ways to the same figures:
- `Raw(before)` counts them from the posts, comments and event log as they stood before
  `before`, leaving out the question being routed: the replay measures each answered question
  as it was asked, and the fit learns from that.
- `Counted(post)` serves a suggestion now without reading everyone's whole history: the
  counts the worker stored (`count`, hourly), plus what happened since, minus what the
  question itself added before the count. Fresh or not, it equals `Raw(now)` (tested), but
  for a deletion, or a move to another department, since the last count: they count as they
  were until the next one.

On a subject of several topics, what was done on each of them counts: a post on two of the
subject's topics counts twice, as in the stored per-topic counts.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from hearth.conversations.models import Comment, Post
from hearth.core.bulk import update_rows
from hearth.core.models import Event

from .models import CommunityTally, PersonTally, TallyRun, TopicTally

Through = Post.topics.through
SUBJECT = ("accepted", "answers", "posts", "department")
PEOPLE = ("written", "topic_posts", "answers")
TOPIC = ("posts", "answers", "accepted")


@dataclass(frozen=True)
class Span:
    """A stretch of history: before `before`, from `since` on (None: from the beginning),
    without the post `post_id` (or, `own`, only it)."""

    before: datetime.datetime
    since: datetime.datetime | None = None
    post_id: int | None = None
    own: bool = False

    def when(self, field: str) -> Q:
        window = Q(**{f"{field}__lt": self.before})
        if self.since is not None:
            window &= Q(**{f"{field}__gte": self.since})
        return window

    def post(self, field: str) -> Q:
        if self.post_id is None:
            return Q()
        only = Q(**{field: self.post_id})
        return only if self.own else ~only


def _posts_on(span: Span, tags: list[int] | None) -> Any:
    """One row per (post, topic) of the posts that count: published, kept, signed."""
    rows = Through.objects.filter(
        span.when("post__published_at"),
        span.post("post_id"),
        post__deleted_at=None,
        post__anonymous=False,
    )
    if span.since is not None:
        # From the few posts published since (the planner would walk every post on the topic).
        rows = rows.filter(post_id__in=Post.objects.filter(span.when("published_at")).values("id"))
    return rows if tags is None else rows.filter(tag_id__in=tags)


def _recent(span: Span) -> Any:
    """The replies written in the span (by the index on their time): what the counts since
    the last count start from."""
    return Comment.objects.filter(span.when("created_at")).values("id")


def _answers_on(span: Span, tags: list[int] | None) -> Counter[tuple[int, int]]:
    """Questions answered, per (answerer, topic of the question)."""
    # One filter() for every condition on the answer: they are on one join.
    answer = Q()
    if span.since is not None:
        # From the few replies written since (the planner would walk every question else).
        answer = Q(
            post__comments__id__in=Comment.objects.filter(span.when("created_at")).values("id")
        )
    rows = Through.objects.filter(
        answer,
        span.post("post_id"),
        span.when("post__comments__created_at"),
        post__kind=Post.Kind.QUESTION,
        post__deleted_at=None,
        post__published_at__lt=span.before,
        post__comments__parent=None,
        post__comments__deleted_at=None,
    )
    if tags is not None:
        rows = rows.filter(tag_id__in=tags)
    grouped = rows.values_list("post__comments__author_id", "tag_id").annotate(
        n=Count("post_id", distinct=True)
    )
    return Counter({(author, tag): n for author, tag, n in grouped.order_by()})


def _accepted_on(span: Span, tags: list[int] | None) -> Counter[tuple[int, int]]:
    """Answers accepted (as the event log tells it), per (answerer, topic of the question)."""
    questions = Through.objects.filter(
        post__kind=Post.Kind.QUESTION,
        post__deleted_at=None,
        post__published_at__lt=span.before,
    )
    if tags is not None:
        questions = questions.filter(tag_id__in=tags)
    if span.own:
        # The question's own events (by the index on their target), verb and time checked here.
        events = Event.objects.filter(target_type=Post._meta.label_lower, target_id=span.post_id)
        rows = events.values_list("target_id", "metadata", "verb", "created_at")
        found = [
            (target, meta)
            for target, meta, verb, at in rows
            if verb == "answer.accepted" and at < span.before
        ]
    else:
        events = Event.objects.filter(
            span.when("created_at"), span.post("target_id"), verb="answer.accepted"
        )
        if span.since is None:
            events = events.filter(target_id__in=questions.values("post_id"))
        # else the few accepted since the last count, whatever their question: the topics
        # below keep those on the subject (listing every question on it would cost more).
        found = list(events.values_list("target_id", "metadata"))
    answerers = [(target, meta["answerer"]) for target, meta in found if meta.get("answerer")]
    topics: defaultdict[Any, list[int]] = defaultdict(list)
    for post_id, tag_id in questions.filter(post_id__in={t for t, _a in answerers}).values_list(
        "post_id", "tag_id"
    ):
        topics[post_id].append(tag_id)
    return Counter((answerer, tag) for target, answerer in answerers for tag in topics[target])


class Raw:
    """The history before `before`, counted from the posts, comments and events themselves."""

    def __init__(self, span: Span) -> None:
        self.span = span

    def subject(self, tags: list[int]) -> dict[str, Counter[int]]:
        """On these topics, per person: answers accepted, questions answered, posts; and posts
        per department."""
        out: dict[str, Counter[int]] = {name: Counter() for name in SUBJECT}
        for (author, _tag), n in _accepted_on(self.span, tags).items():
            out["accepted"][author] += n
        for (author, _tag), n in _answers_on(self.span, tags).items():
            out["answers"][author] += n
        rows = _posts_on(self.span, tags).values_list(
            "post__author_id", "post__author__department_id"
        )
        for author, department, n in rows.annotate(n=Count("post_id")).order_by():
            out["posts"][author] += n
            if department:
                out["department"][department] += n
        return out

    def people(self, ids: list[int] | None) -> dict[str, Counter[int]]:
        """Per person: posts and replies written, posts with a topic, questions answered."""
        span = self.span
        comments = Comment.objects.filter(span.when("created_at"), deleted_at=None)
        posts = Post.objects.filter(span.when("published_at"), deleted_at=None)
        if ids is not None:
            comments, posts = comments.filter(author_id__in=ids), posts.filter(author_id__in=ids)
        out: dict[str, Counter[int]] = {name: Counter() for name in PEOPLE}
        out["written"].update(_per_author(comments, Count("id")))
        out["written"].update(_per_author(posts, Count("id")))
        on_topics = posts.filter(anonymous=False, topics__isnull=False)
        out["topic_posts"].update(_per_author(on_topics, Count("id", distinct=True)))
        answers = comments.filter(post__kind=Post.Kind.QUESTION, parent=None)
        out["answers"].update(_per_author(answers, Count("post", distinct=True)))
        return out

    def department_posts(self, departments: set[int]) -> Counter[int]:
        """Posts with a topic, per department."""
        posts = Post.objects.filter(
            self.span.when("published_at"),
            deleted_at=None,
            anonymous=False,
            topics__isnull=False,
            author__department_id__in=departments,
        )
        rows = posts.values_list("author__department_id").annotate(n=Count("id", distinct=True))
        return Counter(dict(rows.order_by()))

    def replies(self, community_id: int, ids: list[int], busiest: int | None) -> Counter[int]:
        """Replies in the community of these people and of the `busiest` who reply most
        there (None: of everyone who replied)."""
        rows = Comment.objects.filter(
            self.span.when("created_at"),
            self.span.post("post_id"),
            deleted_at=None,
            post__community_id=community_id,
        )
        if self.span.since is not None:
            # From the few replies written since, not from every post of the community.
            rows = rows.filter(id__in=_recent(self.span))
        counts = rows.values_list("author_id").annotate(n=Count("id")).order_by("-n", "author_id")
        found = Counter(dict(counts if busiest is None else counts[:busiest]))
        others = [pk for pk in ids if pk not in found]
        if busiest is not None and others:
            found.update(_per_author(rows.filter(author_id__in=others), Count("id")))
        return found


def _per_author(rows: Any, count: Any) -> dict[int, int]:
    """How many of these rows each author has (`count`: what to count)."""
    return dict(rows.order_by().values_list("author_id").annotate(n=count))


def _add(*parts: tuple[int, dict[str, Counter[int]]]) -> dict[str, Counter[int]]:
    """The sum of these counts, each with its sign (a count never goes below zero)."""
    out: dict[str, Counter[int]] = defaultdict(Counter)
    for sign, part in parts:
        for name, counts in part.items():
            for key, n in counts.items():
                out[name][key] += sign * n
    return defaultdict(Counter, {name: +counts for name, counts in out.items()})


class Counted:
    """The history now, for a suggestion: the stored counts, plus what happened since they
    were counted, minus what the question (`post_id`) added before."""

    def __init__(self, post_id: int | None, now: datetime.datetime | None = None) -> None:
        now = now or timezone.now()
        run = TallyRun.objects.order_by("-counted_at").first()
        self.run = run
        self.at = run.counted_at if run is not None else None
        self.since = Raw(Span(now, since=self.at, post_id=post_id))
        self.own = Raw(Span(self.at or now, post_id=post_id, own=True))

    def subject(self, tags: list[int]) -> dict[str, Counter[int]]:
        stored: dict[str, Counter[int]] = {name: Counter() for name in SUBJECT}
        if self.run is not None:
            rows = TopicTally.objects.filter(tag_id__in=tags).values_list(
                "person_id", "person__department_id", "posts", "answers", "accepted"
            )
            for person, department, posts, answers, accepted in rows:
                stored["posts"][person] += posts
                stored["answers"][person] += answers
                stored["accepted"][person] += accepted
                if department and posts:
                    stored["department"][department] += posts
            own = self.own.subject(tags)
        else:
            own = {}
        return _add((1, stored), (1, self.since.subject(tags)), (-1, own))

    def people(self, ids: list[int]) -> dict[str, Counter[int]]:
        stored: dict[str, Counter[int]] = {name: Counter() for name in PEOPLE}
        if self.run is not None:
            rows = PersonTally.objects.filter(person_id__in=ids).values_list("person_id", *PEOPLE)
            for person, *values in rows:
                for name, n in zip(PEOPLE, values, strict=True):
                    stored[name][person] = n
        return _add((1, stored), (1, self.since.people(ids)))

    def department_posts(self, departments: set[int]) -> Counter[int]:
        stored: Counter[int] = Counter()
        if self.run is not None:
            # Every department's total, summed once per count (most people are in the
            # candidates' departments: a sum over nearly every row at each request).
            key = f"routing:department-posts:{self.run.pk}:{self.run.counted_at.timestamp()}"
            totals = cache.get(key)
            if totals is None:
                rows = (
                    PersonTally.objects.filter(person__department__isnull=False)
                    .values_list("person__department_id")
                    .annotate(n=Sum("topic_posts"))
                    .order_by()
                )
                totals = dict(rows)
                cache.set(key, totals, 2 * 3600)
            stored.update({pk: n for pk, n in totals.items() if pk in departments})
        return stored + self.since.department_posts(departments)

    def replies(self, community_id: int, ids: list[int], busiest: int) -> Counter[int]:
        stored: Counter[int] = Counter()
        own: Counter[int] = Counter()
        if self.run is not None:
            rows = CommunityTally.objects.filter(community_id=community_id)
            top = rows.order_by("-replies", "person_id")[: busiest * 2]
            stored.update(dict(top.values_list("person_id", "replies")))
            others = [pk for pk in ids if pk not in stored]
            stored.update(
                dict(rows.filter(person_id__in=others).values_list("person_id", "replies"))
            )
            own = self.own.replies(community_id, [], None)
        counts = _add(
            (1, {"n": stored}),
            (1, {"n": self.since.replies(community_id, [], None)}),
            (-1, {"n": own}),
        ).get("n", Counter())
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        wanted = {pk for pk, _n in ranked[:busiest]} | set(ids)
        return Counter({pk: n for pk, n in counts.items() if pk in wanted})


def history(post: Post, before: Any = None) -> Raw | Counted:
    """The history to measure a question's candidates on: as it stood before `before` (the
    replay), else now."""
    if before is None:
        return Counted(post.pk)
    return Raw(Span(before, post_id=post.pk))


def count(now: datetime.datetime | None = None) -> TallyRun:
    """Count everyone's history again (hourly, by the worker): what `Counted` reads.

    The counting reads outside a transaction (each count is bounded by `now`); then only the
    rows that changed since the last count are written, in one short transaction, so SQLite's
    other writers hardly wait."""
    now = now or timezone.now()
    span = Span(now)
    people = Raw(span).people(None)
    person_rows = {
        (pk,): tuple(people[name].get(pk, 0) for name in PEOPLE)
        for pk in set().union(*people.values())
    }
    topics: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for key, n in _accepted_on(span, None).items():
        topics[key]["accepted"] = n
    for key, n in _answers_on(span, None).items():
        topics[key]["answers"] = n
    posts = _posts_on(span, None).values_list("post__author_id", "tag_id")
    for author, tag, n in posts.annotate(n=Count("post_id")).order_by():
        topics[(author, tag)]["posts"] = n
    topic_rows = {
        key: tuple(values.get(name, 0) for name in TOPIC) for key, values in topics.items()
    }
    replies = (
        Comment.objects.filter(
            span.when("created_at"), deleted_at=None, post__community__isnull=False
        )
        .values_list("author_id", "post__community_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    community_rows = {(person, community): (n,) for person, community, n in replies}
    changes = [
        _changes(PersonTally, ("person_id",), PEOPLE, person_rows),
        _changes(TopicTally, ("person_id", "tag_id"), TOPIC, topic_rows),
        _changes(CommunityTally, ("person_id", "community_id"), ("replies",), community_rows),
    ]
    with transaction.atomic():
        for change in changes:
            change.write()
        TallyRun.objects.all().delete()
        total = len(person_rows) + len(topic_rows) + len(community_rows)
        return TallyRun.objects.create(
            counted_at=now, rows=total, written=sum(c.size for c in changes)
        )


@dataclass
class _Changes:
    """What to write so that a tally's rows are what was counted."""

    model: Any
    fields: tuple[str, ...]
    gone: list[Any]
    changed: list[tuple[Any, ...]]
    new: list[Any]

    @property
    def size(self) -> int:
        return len(self.gone) + len(self.changed) + len(self.new)

    def write(self) -> None:
        for start in range(0, len(self.gone), 500):
            self.model.objects.filter(pk__in=self.gone[start : start + 500]).delete()
        update_rows(self.model, self.fields, self.changed)
        self.model.objects.bulk_create(self.new, batch_size=2000)


def _changes(
    model: Any,
    keys: tuple[str, ...],
    fields: tuple[str, ...],
    wanted: dict[Any, Any],
) -> _Changes:
    """The differences between a tally's rows and `wanted` (key columns -> counts)."""
    have = {}
    for pk, *row in model.objects.values_list("pk", *keys, *fields).iterator(chunk_size=5000):
        have[tuple(row[: len(keys)])] = (pk, tuple(row[len(keys) :]))
    return _Changes(
        model,
        fields,
        gone=[pk for key, (pk, _values) in have.items() if key not in wanted],
        changed=[
            (have[key][0], *values)
            for key, values in wanted.items()
            if key in have and have[key][1] != values
        ],
        new=[
            model(**dict(zip(keys, key, strict=True)), **dict(zip(fields, values, strict=True)))
            for key, values in wanted.items()
            if key not in have
        ],
    )
