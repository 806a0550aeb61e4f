"""Give the demo company a living network: communities, posts of every kind, comment threads,
reactions, polls, praise and follows, deterministic for a given seed.

Participation is heavy-tailed like real networks (the 90-9-1 shape): each person gets an activity
weight from a Pareto draw, so a few people write most posts while most mostly read and react.
Three years of history by default, growing as the network was adopted, with the weekly rhythm of
an office and working hours in each author's own time zone. At 30,000 people that is about
400,000 posts, 800,000 comments, 2,400,000 reactions and 3,000,000 follows.

Rows are written with bulk inserts (like the HR import), a few thousand posts at a time with their
threads, and the derived data a service would keep (counts, acknowledgement, the search index,
the event log and the points ledger) is written alongside.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
import zoneinfo
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from hearth.communities.decisions import tally
from hearth.communities.models import (
    Community,
    Invitation,
    KeyResult,
    KeyResultUpdate,
    Membership,
    Proposal,
    ProposalVote,
)
from hearth.conversations import text
from hearth.conversations.models import (
    Comment,
    IdeaVote,
    Poll,
    PollOption,
    PollVote,
    Post,
    Reaction,
)
from hearth.core.bulk import analyze, insert_rows, next_ids, reset_sequences, update_rows
from hearth.core.events import consumer_skip_to_latest
from hearth.core.models import Event
from hearth.facilitation.services import maturity_refresh
from hearth.feeds.models import Follow
from hearth.people.models import Person, Tag
from hearth.recognition.points import MIN_TEXT, award_history
from hearth.search.models import SearchDocument

BATCH = 5000
EVENT_FIELDS = [
    "id",
    "actor",
    "verb",
    "object_type",
    "object_id",
    "target_type",
    "target_id",
    "community_id",
    "metadata",
    "created_at",
]
COMMENT_FIELDS = ["id", "post", "parent", "author", "body", "html", "created_at"]
DOCUMENT_FIELDS = [
    "key",
    "kind",
    "post_id",
    "comment_id",
    "community_id",
    "author_id",
    "post_kind",
    "title",
    "body",
    "published_at",
    "answered",
]
DAYS = 3 * 365  # three years of history
POSTS_PER_PERSON_YEAR = 4.45  # 400,000 posts for 30,000 people over three years
CHUNK = 4000  # posts written at a time, with their threads (bounded memory)

COMMUNITY_THEMES = [
    ("5G Rollout", "purpose", "Bring 5G to every city office by the end of the year."),
    ("Customer Churn Task Force", "purpose", "Halve churn among small-business customers."),
    ("Fiber to the Home", "purpose", "Connect two million homes with fiber."),
    ("Cloud Migration", "purpose", "Move the billing platform to the cloud safely."),
    ("Retail Store Excellence", "interest", "Share what works in our shops."),
    ("Network Operations", "interest", "Keep the network running; share incidents and fixes."),
    ("Women in Tech", "interest", "Support and celebrate women across Tell All."),
    ("Data & AI Guild", "interest", "Learn and apply data science and machine learning."),
    ("Security Champions", "interest", "Make security everyone's job."),
    ("Sustainability", "purpose", "Cut our energy use per subscriber by 20%."),
    ("New Joiners", "interest", "Welcome and help people who just arrived."),
    ("Running Club", "interest", "Run together, wherever we are."),
    ("Photography", "interest", "Share pictures from our 20 countries."),
    ("Pricing Strategy", "purpose", "Design next year's consumer price plans."),
    ("Developer Experience", "interest", "Faster builds, better tools, happier engineers."),
    ("Customer Voice", "interest", "What customers tell us, and what we do about it."),
    ("Leadership Circle", "interest", "Managers learning from each other."),
    ("Mobile App Redesign", "purpose", "Ship the new self-care app with a 4.5-star rating."),
    ("IoT Partnerships", "purpose", "Sign five industrial IoT partners."),
    ("Book Club", "interest", "One book a month, any language."),
]
SUBJECTS = [
    "the new billing release",
    "the 5G site in {city}",
    "our churn numbers",
    "the fiber rollout",
    "the customer app",
    "the outage last night",
    "the training budget",
    "the Q3 roadmap",
    "the help desk queue",
    "the roaming tariffs",
    "the store opening in {city}",
    "the security audit",
    "the data platform",
    "the onboarding checklist",
    "the partner portal",
    "the network dashboard",
    "our NPS survey",
    "the cloud migration",
    "the sales kick-off",
]
UPDATES = [
    "Quick update on {subject}: we are on track and the team did great work this week.",
    "We just finished {subject}. Lessons learned: start small, measure, share early.",
    "Sharing the slides from today's review of {subject}. Comments welcome!",
    "Heads-up: {subject} moves to next sprint. Happy to explain why.",
    "Customers in {city} noticed {subject} already. Real feedback beats any dashboard.",
]
QUESTIONS = [
    ("Who knows how to get access to {subject}?", "I need it for a customer demo next week."),
    ("What is the best way to report problems with {subject}?", "Is there a queue or a person?"),
    ("Has anyone measured the impact of {subject}?", "Looking for numbers before Friday."),
    (
        "How do other countries handle {subject}?",
        "We do it by hand in {city}; there must be a better way.",
    ),
    ("Where can I find the documentation for {subject}?", "The wiki link seems broken."),
]
ARTICLES = [
    ("What we learned from {subject}", "Three months ago we started working on {subject}. "),
    ("Five tips about {subject}", "After many conversations with colleagues about {subject}, "),
    ("Why {subject} matters for customers", "Every week customers ask us about {subject}. "),
]
IDEAS = [
    ("Automate {subject}", "We spend hours every week on {subject}. A small script would help."),
    ("Open office hours for {subject}", "Once a week, experts answer anything about {subject}."),
    ("A shared checklist for {subject}", "Every team reinvents it; let's write it once."),
]
POLLS = [
    ("Which day works best for the {subject} workshop?", ["Monday", "Wednesday", "Friday"]),
    ("How do you mostly follow {subject}?", ["Email", "This network", "Meetings", "I don't"]),
    ("Should we record the sessions about {subject}?", ["Yes", "No", "Only the demos"]),
]
PRAISE = [
    "Huge thanks for the help with {subject}. You saved the week!",
    "Thank you for staying late to fix {subject}. Customers never noticed a thing.",
    "Shout-out for explaining {subject} so clearly to the whole team.",
]
ANSWERS = [
    "I had the same problem; ask the platform team, they fixed it for us.",
    "There is a guide on the intranet, I'll share the link.",
    "We measured it last quarter: about 12% better. Happy to walk you through it.",
    "In our country we use a shared mailbox; it works well.",
    "Good question. Following this thread.",
    "Try restarting the process; it worked for me.",
    "Great post, thanks for sharing!",
    "Agreed. Let's discuss it at the next sync.",
    "Could you share the numbers behind this?",
    "We tried something similar in {city} and it worked.",
]
TOPICS = [
    "5g",
    "fiber",
    "customers",
    "security",
    "cloud",
    "data",
    "retail",
    "innovation",
    "sustainability",
    "onboarding",
]
CITIES = [
    "Lisbon",
    "Madrid",
    "London",
    "Nairobi",
    "Mumbai",
    "São Paulo",
    "Berlin",
    "Lagos",
    "Manila",
    "Mexico City",
    "Warsaw",
    "Jakarta",
]
REACTIONS = ["like"] * 6 + ["celebrate", "insightful", "insightful", "support", "thanks", "thanks"]


class PlannedComment:
    """A comment as the generator plans it (lighter than a model instance, a million times)."""

    __slots__ = ("pk", "post_id", "parent_id", "author_id", "body", "html", "created_at")

    def __init__(self, pk, post_id, parent_id, author_id, body, html, created_at):
        self.pk, self.post_id, self.parent_id, self.author_id = pk, post_id, parent_id, author_id
        self.body, self.html, self.created_at = body, html, created_at


class ContentGenerator:
    """Plan and write the network's content for the people already in the database."""

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

    def _fill(self, template: str) -> str:
        city = self.random.choice(CITIES)
        subject = self.random.choice(SUBJECTS).format(city=city)
        return template.format(subject=subject, city=city)

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
    def run(self) -> dict[str, Any]:
        people = list(
            Person.objects.filter(is_active=True).values_list(
                "id",
                "department_id",
                "org_level",
                "manager_id",
                "is_leader",
                "username",
                "time_zone",
            )
        )
        if not people:
            return {}
        r = self.random
        self.ids = [p[0] for p in people]
        # Activity weights follow the 90-9-1 shape: about 1% heavy contributors, 9% occasional
        # ones, and a majority who mostly read (and now and then write), each with some spread.
        self.weight = {}
        for pid in self.ids:
            draw = r.random()
            base = 60.0 if draw < 0.01 else 6.0 if draw < 0.10 else 0.012
            self.weight[pid] = base * r.paretovariate(3.0)
        self.contributors = [pid for pid in self.ids if self.weight[pid] >= 6.0] or self.ids
        leaders = [p[0] for p in people if p[4]] or self.ids[:10]
        self.usernames = {p[0]: p[5] for p in people}
        self.departments = {p[0]: p[1] for p in people}
        zones: dict[str, dt.tzinfo] = {}
        for name in {p[6] for p in people}:
            try:
                zones[name] = zoneinfo.ZoneInfo(name)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                zones[name] = dt.UTC
        self.zones = {p[0]: zones[p[6]] for p in people}
        # People whose skills match a topic answer its questions more often (expert routing
        # is evaluated against that, so the demo should behave like a real company).
        self.experts: dict[str, set[int]] = {topic: set() for topic in TOPICS}
        for pid, name in Person.skills.through.objects.values_list("person_id", "tag__name"):
            words = name.lower().replace("/", " ").split()
            for topic in TOPICS:
                if any(word == topic or word[:3] == topic[:3] for word in words):
                    self.experts[topic].add(pid)
        totals = {"posts": 0, "comments": 0, "reactions": 0, "events": 0, "points": 0}
        self.points_state: dict = {}
        with transaction.atomic():
            self.event_ids, self.comment_ids = next_ids(Event), next_ids(Comment)
            communities = self._communities(people, leaders)
            self.progress(f"{len(communities)} communities")
            follows = self._follows(people, leaders)
            self.progress(f"{follows} follows")
            live = [c for c in communities if c.state != "draft"]  # drafts have no posts yet
            total = int(len(self.ids) * self.posts_per_person)
            # When each post is written, drawn first so posts go out oldest first, in chunks.
            ages = sorted((self._age() for _ in range(total)), reverse=True)
            bar = self.bar(total) if self.bar else None
            for start in range(0, total, CHUNK):
                posts = self._posts(live, ages[start : start + CHUNK])
                totals["posts"] += len(posts)
                totals["comments"] += self._comments(posts)
                totals["reactions"] += self._reactions(posts)
                self._polls_and_ideas(posts)
                self._index(posts)
                totals["events"] += self._write_events()
                totals["points"] += award_history(self.awards, self.points_state)
                self.awards = []
                if bar is not None:
                    bar.update(len(posts))
            if bar is not None:
                bar.close()
            self._purpose(communities)
            totals["events"] += self._write_events()
            reset_sequences(Event, Comment)
            analyze()
            # The demo's invented past notifies nobody and its points are written above;
            # what people do next is handled as it happens.
            for name in ("notifications", "points", "badges"):
                consumer_skip_to_latest(name)
        maturity_refresh(communities=communities)
        return {"communities": len(communities), "follows": follows, **totals}

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

    def _communities(self, people, leaders) -> list[Any]:
        r = self.random
        count = max(40, len(people) // 25)
        by_department = defaultdict(list)
        for pid, department, *_rest in people:
            by_department[department].append(pid)
        rows, used = [], set()
        for index in range(count):
            name, kind, purpose = COMMUNITY_THEMES[index % len(COMMUNITY_THEMES)]
            if index >= len(COMMUNITY_THEMES):
                name = f"{name} {r.choice(CITIES)} {index // len(COMMUNITY_THEMES)}"
            slug = slugify(name)[:70]
            if slug in used or Community.objects.filter(slug=slug).exists():
                continue
            used.add(slug)
            privacy = r.choices(["open", "private", "secret"], weights=[75, 20, 5])[0]
            starts = (self.now - dt.timedelta(days=r.randint(30, max(200, self.days)))).date()
            if kind == "purpose":
                state = r.choices(["draft", "active", "delivered", "archived"], [8, 62, 18, 12])[0]
            else:
                state = r.choices(["active", "archived"], [90, 10])[0]
            rows.append(
                Community(
                    state=state,
                    activated_at=None if state == "draft" else self.now,
                    delivered_at=self.now - dt.timedelta(days=r.randint(1, 20))
                    if state in ("delivered", "archived") and kind == "purpose"
                    else None,
                    archived_at=self.now if state == "archived" else None,
                    outcome_summary="Delivered as planned; the results are on the intranet."
                    if state in ("delivered", "archived") and kind == "purpose"
                    else "",
                    retrospective="Start with a pilot; involve the sponsor early."
                    if state in ("delivered", "archived") and kind == "purpose"
                    else "",
                    slug=slug,
                    name=name,
                    kind=kind,
                    privacy=privacy,
                    purpose=purpose,
                    business_goal="Grow revenue and keep customers" if kind == "purpose" else "",
                    deliverable="A measurable result, shared company-wide"
                    if kind == "purpose"
                    else "",
                    starts_on=starts if kind == "purpose" else None,
                    ends_on=(starts + dt.timedelta(days=r.randint(90, 240)))
                    if kind == "purpose"
                    else None,
                    created_by_id=r.choice(leaders),
                )
            )
        Community.objects.bulk_create(rows, batch_size=BATCH)
        communities: list[Any] = list(Community.objects.filter(slug__in=used).order_by("pk"))
        members: dict[int, dict[int, str]] = {}
        departments = list(by_department.values())
        n = len(self.ids)
        for community in communities:
            chosen: dict[Any, str] = {community.created_by_id: "owner"}
            facilitators = r.sample(self.ids, k=min(2, len(self.ids)))
            for pid in facilitators:
                chosen.setdefault(pid, "facilitator")
            if community.kind == "purpose":
                chosen.setdefault(r.choice(leaders), "sponsor")
            # Members come mostly from one department, plus people from everywhere.
            home = r.choice(departments)
            size = min(len(self.ids), max(5, int(r.paretovariate(1.3) * 12)))
            for pid in r.sample(home, k=min(len(home), size // 2 + 1)):
                chosen.setdefault(pid, "member")
            for pid in r.choices(self.ids, k=size // 2):
                chosen.setdefault(pid, "member")
            # The people who write most belong to many communities.
            for pid in r.sample(self.contributors, k=min(len(self.contributors), 3)):
                chosen.setdefault(pid, "member")
            members[community.pk] = chosen
        # A few connectors, the most active writers, belong to a hundred communities.
        connectors = sorted(self.ids, key=lambda pid: -self.weight[pid])[: max(3, n // 1000)]
        for pid in connectors:
            for community in r.sample(communities, k=min(100, len(communities) // 2)):
                members[community.pk].setdefault(pid, "member")
        Membership.objects.bulk_create(
            (
                Membership(community_id=cid, person_id=pid, role=role)
                for cid, chosen in members.items()
                for pid, role in chosen.items()
            ),
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        for community in communities:
            community.member_count = len(members[community.pk])
            community.members = list(members[community.pk])
            community.leads = [p for p, role in members[community.pk].items() if role != "member"]
        update_rows(Community, ["member_count"], [(c.pk, c.member_count) for c in communities])
        return communities

    def _follows(self, people, leaders) -> int:
        """Follows with a long tail: a median near 30 a person at Tell All's size, a few people
        following hundreds, and leaders and the most active writers followed by thousands."""
        r = self.random
        n = len(self.ids)
        leader_set = set(leaders)
        # Leaders draw about a quarter of all follows between them; others by their activity.
        others = sum(self.weight[pid] ** 0.5 for pid in self.ids if pid not in leader_set)
        boost = others / 3 / max(1, len(leader_set))
        cumulative, total = [], 0.0
        for pid in self.ids:
            total += self.weight[pid] ** 0.5 + (boost if pid in leader_set else 0.0)
            cumulative.append(total)
        median, most = min(34.0, max(3.0, n / 20)), max(5, min(3000, n // 5))
        batch, written = list[Any](), 0
        existing = defaultdict(set)  # (a second run after content was removed)
        for follower, person in Follow.objects.filter(person__isnull=False).values_list(
            "follower_id", "person_id"
        ):
            existing[follower].add(person)
        for pid, _department, _level, manager_id, _leader, _name, _zone in people:
            chosen = {manager_id} if manager_id else set()
            chosen.update(r.choices(leaders, k=min(2, len(leaders))))
            k = min(most, int(r.lognormvariate(math.log(median), 1.6)))
            chosen.update(r.choices(self.ids, cum_weights=cumulative, k=k))
            chosen.discard(pid)
            chosen -= existing.get(pid, set())
            batch.extend((pid, target, self.now) for target in sorted(chosen))
            if len(batch) >= 20 * BATCH:
                written += insert_rows(Follow, ["follower", "person", "created_at"], batch)
                batch = []
        written += insert_rows(Follow, ["follower", "person", "created_at"], batch)
        topics = {name: Tag.objects.get_or_create(name=name)[0].pk for name in TOPICS}
        topic_follows = [
            Follow(follower_id=pid, topic_id=topics[r.choice(TOPICS)])
            for pid in self.ids
            if r.random() < 0.3
        ]
        Follow.objects.bulk_create(topic_follows, batch_size=BATCH, ignore_conflicts=True)
        self.topic_ids = topics
        return written + len(topic_follows)

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

    def _posts(self, communities, ages: list[float]) -> list[Any]:
        """One post per age (days ago), in its author's working hours."""
        r = self.random
        kinds = (
            ["update"] * 40
            + ["question"] * 22
            + ["article"] * 6
            + ["poll"] * 6
            + ["praise"] * 12
            + ["idea"] * 10
            + ["announcement"] * 4
        )
        values = settings.HEARTH_COMPANY_VALUES
        posts = []
        for age in ages:
            kind = r.choice(kinds)
            community = r.choice(communities) if r.random() < 0.8 else None
            if kind == "announcement":
                community = community or r.choice(communities)
                author = r.choice(community.leads)
            else:
                author = self._author(community.members if community else self.ids)
            title, body = "", self._fill(r.choice(UPDATES))
            if kind == "question":
                title, body = (self._fill(part) for part in r.choice(QUESTIONS))
            elif kind == "article":
                title, start = (self._fill(part) for part in r.choice(ARTICLES))
                body = start + " ".join(self._fill(r.choice(UPDATES)) for _ in range(8))
            elif kind == "idea":
                title, body = (self._fill(part) for part in r.choice(IDEAS))
            elif kind == "poll":
                body, options = r.choice(POLLS)
                body = self._fill(body)
            elif kind == "praise":
                body = self._fill(r.choice(PRAISE))
            elif kind == "announcement":
                title = "Important: " + self._fill("{subject}")
            topic = r.choice(TOPICS) if r.random() < 0.35 else None
            if topic:
                body += f" #{topic}"
            when = self._when(age=age, zone=self.zones[author])
            html = self._render(body)
            post: Any = Post(  # with its `plan` for the steps that follow
                kind=kind,
                author_id=author,
                community_id=community.pk if community else None,
                title=title,
                body=body,
                html=html,
                excerpt=text.excerpt(html),
                created_at=when,
                published_at=when,
                last_activity_at=when,
                praise_value=r.choice(values) if kind == "praise" and values else "",
            )
            thanked = None
            while kind == "praise" and thanked in (None, author) and len(self.ids) > 1:
                thanked = r.choice(self.ids)
            post.plan = {
                "options": options if kind == "poll" else None,
                "community": community,
                "topic": topic,
                "praised": thanked,
            }
            posts.append(post)
        posts.sort(key=lambda p: p.created_at)
        Post.objects.bulk_create(posts, batch_size=BATCH)
        through, praise_rows = [], []
        # (Topics and praise travel with each post's plan: the sort above reorders posts.)
        praised = [post.plan["praised"] for post in posts]
        topics = [post.plan["topic"] for post in posts]
        for post, person, topic in zip(posts, praised, topics, strict=True):
            if topic:
                through.append(Post.topics.through(post_id=post.pk, tag_id=self.topic_ids[topic]))
            if person:
                praise_rows.append(Post.praised.through(post_id=post.pk, person_id=person))
            event = self._event(
                post.author_id,
                "post.created",
                "conversations.post",
                post.pk,
                post.created_at,
                post.community_id,
                kind=post.kind,
                draft=False,
                praised=[person] if person else [],
            )
            if len(f"{post.title} {post.body}".strip()) >= MIN_TEXT:
                self._award(event, post.author_id, "post", f"post:{post.pk}", post.community_id)
            if person and person != post.author_id:
                self._award(event, person, "praise_received", f"post:{post.pk}", post.community_id)
        Post.topics.through.objects.bulk_create(through, batch_size=BATCH)
        Post.praised.through.objects.bulk_create(praise_rows, batch_size=BATCH)
        return posts

    def _comments(self, posts: list[Any]) -> int:
        r = self.random
        rows: list[PlannedComment] = []
        by_post: dict[int, list[PlannedComment]] = {}
        pool_sets, expert_pools = self.pool_sets, self.expert_pools  # kept across chunks
        for post in posts:
            community = post.plan["community"]
            pool = community.members if community else self.ids
            count = min(40, int(r.expovariate(1 / 2.5)))  # about 2 replies per post
            if post.kind == "question":
                count = max(count, 1 if r.random() < 0.8 else 0)
            last, thread = post.created_at, list[Any]()
            topic = post.plan.get("topic")
            experts = []
            if topic and post.kind == "question":
                key = community.pk if community else None
                if key not in pool_sets:
                    pool_sets[key] = set(pool)
                if (topic, key) not in expert_pools:  # kept: `_author` caches by the list
                    expert_pools[(topic, key)] = sorted(self.experts[topic] & pool_sets[key])
                experts = expert_pools[(topic, key)]
            for index in range(count):
                author = self._author(pool)
                if index == 0 and post.kind == "question" and experts and r.random() < 0.7:
                    author = self._author(experts)  # the active experts answer most
                last = self._when(after=last)
                body = self._fill(r.choice(ANSWERS))
                parent_index = r.randrange(index) if index and r.random() < 0.3 else None
                parent = thread[parent_index] if parent_index is not None else None
                comment = PlannedComment(
                    next(self.comment_ids),
                    post.pk,
                    parent and (parent.parent_id or parent.pk),
                    author,
                    body,
                    self._render(body),
                    last,
                )
                thread.append(comment)
                rows.append(comment)
            by_post[post.pk] = thread
        insert_rows(
            Comment,
            COMMENT_FIELDS,
            (
                (c.pk, c.post_id, c.parent_id, c.author_id, c.body, c.html, c.created_at)
                for c in rows
            ),
        )
        for post in posts:
            thread = by_post.get(post.pk, [])
            post.comment_count = len(thread)
            if thread:
                post.last_activity_at = max(c.created_at for c in thread)
                others = [c.created_at for c in thread if c.author_id != post.author_id]
                post.acknowledged_at = min(others) if others else None
                if post.kind == "question" and r.random() < 0.6:
                    answers = [c for c in thread if c.author_id != post.author_id]
                    post.accepted_comment_id = answers[0].pk if answers else None
            for comment in thread:
                event = self._event(
                    comment.author_id,
                    "comment.created",
                    "conversations.comment",
                    comment.pk,
                    comment.created_at,
                    post.community_id,
                    post_author=post.author_id,
                    kind=post.kind,
                )
                if comment.author_id != post.author_id and len(comment.body.strip()) >= MIN_TEXT:
                    top = comment.parent_id is None
                    code = "answer" if post.kind == "question" and top else "comment"
                    self._award(
                        event, comment.author_id, code, f"comment:{comment.pk}", post.community_id
                    )
            if post.accepted_comment_id:
                answer = next(c for c in thread if c.pk == post.accepted_comment_id)
                event = self._event(
                    post.author_id,
                    "answer.accepted",
                    "conversations.comment",
                    answer.pk,
                    self._when(after=answer.created_at),
                    post.community_id,
                    target=("conversations.post", post.pk),
                    answerer=answer.author_id,
                )
                self._award(
                    event,
                    answer.author_id,
                    "accepted_answer",
                    f"comment:{answer.pk}",
                    post.community_id,
                )
        self.threads = by_post
        return len(rows)

    def _reactions(self, posts: list[Any]) -> int:
        r = self.random
        rows = []
        for post in posts:
            community = post.plan["community"]
            pool = community.members if community else self.ids
            count = min(len(pool), int(r.expovariate(1 / 16.0)))  # about 6 a post, deduplicated
            # Reading and reacting is less skewed than writing: a flatter weight.
            weights = self._cumulative(pool, 0.8)
            people = {
                p for p in r.choices(pool, cum_weights=weights, k=count) if p != post.author_id
            }
            counts: dict[str, int] = defaultdict(int)
            for pid in people:
                kind = r.choice(REACTIONS)
                when = self._when(after=post.created_at)
                rows.append((post.pk, pid, kind, when))
                counts[kind] += 1
                if post.acknowledged_at is None or when < post.acknowledged_at:
                    post.acknowledged_at = when
                event = self._event(
                    pid,
                    "reaction.set",
                    "conversations.post",
                    post.pk,
                    when,
                    post.community_id,
                    kind=kind,
                    previous=None,
                    post_author=post.author_id,
                )
                source = f"reaction:{post.pk}:{pid}"
                self._award(
                    event,
                    post.author_id,
                    "reaction_received",
                    source,
                    post.community_id,
                    reactor_id=pid,
                )
            order = ("like", "celebrate", "insightful", "support", "thanks")
            post.reaction_counts = {k: counts[k] for k in order if k in counts}
        insert_rows(Reaction, ["post", "person", "kind", "created_at"], rows)
        fields = [
            "comment_count",
            "last_activity_at",
            "acknowledged_at",
            "accepted_comment",
            "reaction_counts",
        ]
        update_rows(
            Post,
            fields,
            [
                (
                    p.pk,
                    p.comment_count,
                    p.last_activity_at,
                    p.acknowledged_at,
                    p.accepted_comment_id,
                    p.reaction_counts,
                )
                for p in posts
            ],
        )
        return len(rows)

    def _polls_and_ideas(self, posts: list[Any]) -> None:
        r = self.random
        polls = [Poll(post_id=p.pk, multiple=r.random() < 0.3) for p in posts if p.kind == "poll"]
        Poll.objects.bulk_create(polls, batch_size=BATCH)
        options = []
        planned = {p.pk: p.plan["options"] for p in posts if p.kind == "poll"}
        for poll in polls:
            for position, label in enumerate(planned[poll.post_id]):
                options.append(PollOption(poll_id=poll.pk, label=label, position=position))
        PollOption.objects.bulk_create(options, batch_size=BATCH)
        by_poll = defaultdict(list)
        for option in options:
            by_poll[option.poll_id].append(option)
        votes = []
        posts_by_id = {p.pk: p for p in posts}
        for poll in polls:
            post = posts_by_id[poll.post_id]
            pool = post.plan["community"].members if post.plan["community"] else self.ids
            voters = r.sample(pool, k=min(len(pool), int(r.expovariate(1 / 8.0))))
            for pid in voters:
                option = r.choice(by_poll[poll.pk])
                option.vote_count += 1
                votes.append(
                    PollVote(
                        poll_id=poll.pk,
                        option_id=option.pk,
                        person_id=pid,
                        created_at=self._when(after=post.created_at),
                    )
                )
            poll.voter_count = len(voters)
        PollVote.objects.bulk_create(votes, batch_size=BATCH)
        update_rows(PollOption, ["vote_count"], [(o.pk, o.vote_count) for o in options])
        update_rows(Poll, ["voter_count"], [(p.pk, p.voter_count) for p in polls])
        ideas, idea_votes = [], []
        for post in posts:
            if post.kind != "idea":
                continue
            pool = post.plan["community"].members if post.plan["community"] else self.ids
            backers = {
                p
                for p in r.sample(pool, k=min(len(pool), int(r.expovariate(1 / 5.0))))
                if p != post.author_id
            }
            for pid in backers:
                when = self._when(after=post.created_at)
                idea_votes.append(IdeaVote(post_id=post.pk, person_id=pid, created_at=when))
            post.vote_count = len(backers)
            ideas.append(post)
        IdeaVote.objects.bulk_create(idea_votes, batch_size=BATCH)
        update_rows(Post, ["vote_count"], [(p.pk, p.vote_count) for p in ideas])

    def _purpose(self, communities) -> None:
        """Key results with progress, personal invitations and proposals with votes."""
        r = self.random
        results, updates, invitations, proposals, votes = [], [], [], [], []
        titles = [
            ("Customers reached", 5000, ""),
            ("Churn rate", 5, "%"),
            ("Stores live", 40, ""),
            ("NPS", 45, "points"),
            ("Cost saved", 2, "M€"),
        ]
        for community in communities:
            if community.kind == "purpose":
                for position, (title, target, unit) in enumerate(
                    r.sample(titles, k=r.randint(1, 3))
                ):
                    done = community.state in ("delivered", "archived")
                    current = round(
                        target * (r.uniform(0.8, 1.1) if done else r.uniform(0.1, 0.7)), 1
                    )
                    results.append(
                        KeyResult(
                            community_id=community.pk,
                            title=title,
                            target=target,
                            unit=unit,
                            current=current,
                            position=position,
                        )
                    )
            if community.state == "draft" or r.random() > 0.35:
                continue
            inviter = r.choice(community.leads)
            members = set(community.members)
            for invitee in r.sample(self.ids, k=min(len(self.ids), r.randint(3, 12))):
                if invitee in members:
                    continue
                sent = self._when()
                state = r.choices(["sent", "seen", "joined", "contributed"], [40, 25, 20, 15])[0]
                seen = sent + dt.timedelta(hours=r.randint(1, 48)) if state != "sent" else None
                joined = seen + dt.timedelta(hours=1) if seen and state != "seen" else None
                invitations.append(
                    Invitation(
                        community_id=community.pk,
                        inviter_id=inviter,
                        invitee_id=invitee,
                        message=f"Hi, I'm inviting you to {community.name}: your view would help.",
                        reason="your experience would help",
                        state=state,
                        sent_at=sent,
                        seen_at=seen,
                        joined_at=joined,
                        contributed_at=(joined + dt.timedelta(days=1))
                        if joined is not None and state == "contributed"
                        else None,
                    )
                )
            if community.state != "active":
                continue
            for number in range(r.randint(1, 2)):
                created = self._when()
                is_open = number == 0 and r.random() < 0.5
                proposal: Any = Proposal(  # with its planned `voters`
                    community_id=community.pk,
                    author_id=r.choice(community.members),
                    kind="decision",
                    title=r.choice(
                        [
                            "Move the weekly sync to Thursdays",
                            "Run a hackathon next quarter",
                            "Publish our notes on the intranet",
                        ]
                    ),
                    body="Let's decide together.",
                    created_at=created,
                    closes_at=self.now + dt.timedelta(days=5)
                    if is_open
                    else created + dt.timedelta(days=7),
                )
                voters = r.sample(community.members, k=min(len(community.members), r.randint(1, 8)))
                choices = [r.choice(["yes", "yes", "no", "abstain"]) for _ in voters]
                proposal.yes, proposal.no = choices.count("yes"), choices.count("no")
                proposal.abstain = choices.count("abstain")
                if not is_open:
                    proposal.electorate = len(community.members)
                    proposal.state = tally(proposal, proposal.electorate)
                    proposal.decided_at = proposal.closes_at
                    proposal.outcome = (
                        f"{proposal.get_state_display()} ({proposal.yes} yes, {proposal.no} no)"
                    )
                proposal.voters = list(zip(voters, choices, strict=True))
                proposals.append(proposal)
        KeyResult.objects.bulk_create(results, batch_size=BATCH)
        for result in results:
            for step in range(r.randint(1, 3)):
                value = round(result.current * (step + 1) / 3, 1)
                updates.append(
                    KeyResultUpdate(
                        key_result_id=result.pk,
                        value=value,
                        note="Monthly check-in",
                        created_at=self._when(),
                    )
                )
        KeyResultUpdate.objects.bulk_create(updates, batch_size=BATCH)
        Invitation.objects.bulk_create(invitations, batch_size=BATCH)
        Proposal.objects.bulk_create(proposals, batch_size=BATCH)
        for proposal in proposals:
            for person, choice in proposal.voters:
                votes.append(
                    ProposalVote(
                        proposal_id=proposal.pk,
                        person_id=person,
                        choice=choice,
                        created_at=proposal.created_at,
                    )
                )
        ProposalVote.objects.bulk_create(votes, batch_size=BATCH, ignore_conflicts=True)

    def _index(self, posts: list[Any]) -> None:
        documents = []
        for post in posts:
            answered = post.accepted_comment_id is not None
            documents.append(
                (
                    f"post:{post.pk}",
                    "post",
                    post.pk,
                    None,
                    post.community_id,
                    post.author_id,
                    post.kind,
                    post.title,
                    self._plain(post.html),
                    post.published_at,
                    answered,
                )
            )
            for comment in self.threads.get(post.pk, []):
                documents.append(
                    (
                        f"comment:{comment.pk}",
                        "comment",
                        post.pk,
                        comment.pk,
                        post.community_id,
                        comment.author_id,
                        post.kind,
                        "",
                        self._plain(comment.html),
                        comment.created_at,
                        answered,
                    )
                )
        insert_rows(SearchDocument, DOCUMENT_FIELDS, documents)


def seed_content(
    *,
    seed: int,
    progress: Callable[[str], None] | None = None,
    bar: Callable[[int], Any] | None = None,
    days: int = DAYS,
) -> dict[str, Any]:
    """Fill the network with `days` of content once; a second run leaves existing content
    alone."""
    if Post.objects.exists():
        return {}
    started = time.monotonic()
    result = ContentGenerator(seed, days=days, progress=progress, bar=bar).run()
    result["seconds"] = round(time.monotonic() - started, 1)
    return result
