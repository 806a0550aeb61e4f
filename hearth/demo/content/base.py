"""The generator's state and the helpers every part of the plan shares: when things happen,
how text renders, the events and points awards planned alongside."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Callable, Iterator
from typing import Any

from django.utils import timezone

from hearth.conversations import text
from hearth.core.bulk import insert_rows
from hearth.core.models import Event

from .words import CITIES, DAYS, EVENT_FIELDS, POSTS_PER_PERSON_YEAR, SUBJECTS, TOPIC_SUBJECTS


class PlannedComment:
    """A comment as the generator plans it (lighter than a model instance, a million times)."""

    __slots__ = ("pk", "post_id", "parent_id", "author_id", "body", "html", "created_at")

    def __init__(self, pk, post_id, parent_id, author_id, body, html, created_at):
        self.pk, self.post_id, self.parent_id, self.author_id = pk, post_id, parent_id, author_id
        self.body, self.html, self.created_at = body, html, created_at


class Plan:
    """What the plan knows while it runs (set by `ContentGenerator.run`) and its helpers."""

    # Set as the plan runs (`ContentGenerator.run`, `_follows`, `_comments`).
    ids: list[int]
    weight: dict[int, float]
    contributors: list[int]
    usernames: dict[int, str]
    departments: dict[int, int | None]
    zones: dict[int, dt.tzinfo]
    experts: dict[str, set[int]]
    known: dict[int, list[str]]
    points_state: dict
    event_ids: Iterator[int]
    comment_ids: Iterator[int]
    topic_ids: dict[str, int]  # tag id per topic
    threads: dict[int, list[PlannedComment]]

    def __init__(
        self,
        seed: int,
        *,
        days: int = DAYS,
        posts_per_person: float | None = None,
        progress: Callable[[str], None] | None = None,
        bar: Callable[[int], Any] | None = None,
    ) -> None:
        self.random = random.Random(seed)
        self.days = days
        self.posts_per_person = (
            POSTS_PER_PERSON_YEAR * days / 365 if posts_per_person is None else posts_per_person
        )
        self.progress = progress or (lambda message: None)
        self.bar = bar  # called with the number of posts to write; gets update(n) and close()
        self.now = timezone.now().replace(microsecond=0)
        self.events: list[tuple[Any, ...]] = []
        self.awards: list[tuple] = []
        self.pool_sets: dict[int | None, set[int]] = {}
        self.expert_pools: dict[tuple[str, int | None], list[int]] = {}
        self.rendered: dict[str, str] = {}
        self.plain: dict[str, str] = {}
        self._cumulative_cache: dict[tuple[int, float], tuple[list[int], list[float]]] = {}

    # --- helpers ---------------------------------------------------------------------------
    def _age(self) -> float:
        """How many days ago: twice as much happens now as three years ago (adoption grew)."""
        a, b = self.random.random(), self.random.random()
        return self.days * (a if b < 0.5 else 1 - math.sqrt(1 - a))

    def _when(
        self,
        after: dt.datetime | None = None,
        *,
        age: float | None = None,
        zone: dt.tzinfo | None = None,
    ) -> dt.datetime:
        """A moment with the weekday and working-hours rhythm of an office, in `zone`."""
        r = self.random
        if after is not None:
            minutes = r.expovariate(1 / 240)
            if after + dt.timedelta(minutes=minutes) <= self.now:
                return after + dt.timedelta(minutes=minutes)
            # Not in the future, and not all piled up on this very moment either: somewhere
            # between `after` and now, placed by the same draw.
            return after + (self.now - after) * (1 - math.exp(-minutes / 240))
        # A fixed number of draws per call, whatever today is: the same seed writes the same
        # content on any day. Most weekend moments move to the Friday before (the weekly rhythm).
        zone = zone or dt.UTC
        day = (self.now - dt.timedelta(days=self._age() if age is None else age)).astimezone(zone)
        hour = min(23, max(0, int(r.gauss(13, 3.5))))
        minute, second, keep_weekend = r.randrange(60), r.randrange(60), r.random() < 0.15
        if day.weekday() >= 5 and not keep_weekend:
            day -= dt.timedelta(days=day.weekday() - 4)
        moment = dt.datetime.combine(day.date(), dt.time(hour, minute, second), tzinfo=zone)
        moment = moment.astimezone(dt.UTC)
        if moment > self.now:  # later today: the same hour a week earlier
            moment -= dt.timedelta(days=7)
        return moment

    def _render(self, body: str) -> str:
        """The HTML of a body (the same sentences recur: rendered once each)."""
        html = self.rendered.get(body)
        if html is None:
            html = text.render(body, known_usernames=set())
            if len(self.rendered) < 100_000:
                self.rendered[body] = html
        return html

    def _plain(self, html: str) -> str:
        plain = self.plain.get(html)
        if plain is None:
            plain = text.plain_text(html)
            if len(self.plain) < 100_000:
                self.plain[html] = plain
        return plain

    def _words(self, topic: str | None = None) -> dict[str, str]:
        """What a post is about: one subject (one of its topic's, if it has one) and one city,
        kept for its whole thread."""
        city = self.random.choice(CITIES)
        subjects = TOPIC_SUBJECTS[topic] if topic else SUBJECTS
        return {"city": city, "subject": self.random.choice(subjects).format(city=city)}

    def _fill(self, template: str, words: dict[str, str] | None = None) -> str:
        return template.format(**(words or self._words()))

    def _event(
        self,
        actor_id,
        verb,
        object_type,
        object_id,
        when,
        community_id=None,
        *,
        target=("", None),
        **meta,
    ) -> tuple[int, dt.datetime]:
        """Plan one event of the log; returns (id, when) for the awards it earns."""
        pk = next(self.event_ids)
        self.events.append(
            (pk, actor_id, verb, object_type, object_id, *target, community_id, meta, when)
        )
        return pk, when

    # --- the plan --------------------------------------------------------------------------

    def _write_events(self) -> int:
        """Write the planned events; how many."""
        written, self.events = insert_rows(Event, EVENT_FIELDS, self.events), []
        return written

    def _award(self, event, person_id, code, source, community_id, reactor_id=None) -> None:
        """Plan a points award for `event` (written after it, under the ledger's caps)."""
        pk, when = event
        self.awards.append(
            (
                pk,
                when,
                person_id,
                self.departments.get(person_id),
                code,
                source,
                community_id,
                reactor_id,
            )
        )

    def _cumulative(self, pool: list[int], power: float = 1.0) -> list[float]:
        """Cumulative activity weights of a pool, computed once per pool (pools are reused)."""
        key = (id(pool), power)
        if key not in self._cumulative_cache:
            total, cumulative = 0.0, []
            for pid in pool:
                total += self.weight[pid] ** power
                cumulative.append(total)
            # The pool is kept with its weights: its id stays its own while it is cached.
            self._cumulative_cache[key] = (pool, cumulative)
        return self._cumulative_cache[key][1]

    def _author(self, pool: list[int]) -> int:
        return self.random.choices(pool, cum_weights=self._cumulative(pool))[0]
