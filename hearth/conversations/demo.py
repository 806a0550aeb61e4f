"""Give the demo company a living network: communities, posts of every kind, comment threads,
reactions, polls, praise and follows, deterministic for a given seed.

Participation is heavy-tailed like real networks (the 90-9-1 shape): each person gets an activity
weight from a Pareto draw, so a few people write most posts while most mostly read and react.
Rows are written with bulk inserts (like the HR import) and the derived data a service would keep
(counts, acknowledgement, the search index and the event log) is written alongside.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Callable

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
)  # fmt: skip
from hearth.communities.services import maturity_refresh
from hearth.core.bulk import update_rows
from hearth.core.events import consumer_skip_to_latest, events_record_many
from hearth.core.models import Event
from hearth.feeds.models import Follow
from hearth.people.models import Person, Tag
from hearth.search.models import SearchDocument

from . import text
from .models import Comment, IdeaVote, Poll, PollOption, PollVote, Post, Reaction

BATCH = 5000

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
    ("How do other countries handle {subject}?", "We do it by hand in {city}; there must be a "
                                                 "better way."),
    ("Where can I find the documentation for {subject}?", "The wiki link seems broken."),
]  # fmt: skip
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
TOPICS = ["5g", "fiber", "customers", "security", "cloud", "data", "retail", "innovation",
          "sustainability", "onboarding"]  # fmt: skip
CITIES = ["Lisbon", "Madrid", "London", "Nairobi", "Mumbai", "São Paulo", "Berlin", "Lagos",
          "Manila", "Mexico City", "Warsaw", "Jakarta"]  # fmt: skip
REACTIONS = ["like"] * 6 + ["celebrate", "insightful", "insightful", "support", "thanks", "thanks"]


class ContentGenerator:
    """Plan and write the network's content for the people already in the database."""

    def __init__(self, seed: int, *, days: int = 120, posts_per_person: float = 2.0,
                 progress: Callable[[str], None] | None = None) -> None:  # fmt: skip
        self.random = random.Random(seed)
        self.days = days
        self.posts_per_person = posts_per_person
        self.progress = progress or (lambda message: None)
        self.now = timezone.now().replace(microsecond=0)
        self.events: list[Event] = []
        self._cumulative_cache: dict[tuple[int, float], list[float]] = {}

    # --- helpers ---------------------------------------------------------------------------
    def _when(self, after: dt.datetime | None = None) -> dt.datetime:
        """A moment with the weekday and working-hours rhythm of an office."""
        r = self.random
        if after is not None:
            delay = dt.timedelta(minutes=r.expovariate(1 / 240))
            return min(after + delay, self.now)
        # A fixed number of draws per call, whatever today is: the same seed writes the same
        # content on any day. Most weekend moments move to the Friday before (the weekly rhythm).
        day = self.now - dt.timedelta(days=r.uniform(0, self.days))
        hour = min(23, max(0, int(r.gauss(13, 3.5))))
        minute, second, keep_weekend = r.randrange(60), r.randrange(60), r.random() < 0.15
        if day.weekday() >= 5 and not keep_weekend:
            day -= dt.timedelta(days=day.weekday() - 4)
        moment = day.replace(hour=hour, minute=minute, second=second)
        return min(moment, self.now)

    def _fill(self, template: str) -> str:
        city = self.random.choice(CITIES)
        subject = self.random.choice(SUBJECTS).format(city=city)
        return template.format(subject=subject, city=city)

    def _event(self, actor_id, verb, object_type, object_id, when, community_id=None, **meta):
        self.events.append(Event(
            actor_id=actor_id, verb=verb, object_type=object_type, object_id=object_id,
            community_id=community_id, metadata=meta, created_at=when,
        ))  # fmt: skip

    # --- the plan --------------------------------------------------------------------------
    def run(self) -> dict[str, int]:
        people = list(
            Person.objects.filter(is_active=True).values_list("id", "department_id", "org_level",
                                                              "manager_id", "is_leader", "username")
        )  # fmt: skip
        if not people:
            return {}
        r = self.random
        self.ids = [p[0] for p in people]
        # Activity weights follow the 90-9-1 shape: about 1% heavy contributors, 9% occasional
        # ones, and a majority who mostly read (and now and then write), each with some spread.
        self.weight = {}
        for pid in self.ids:
            draw = r.random()
            base = 60.0 if draw < 0.01 else 6.0 if draw < 0.10 else 0.08
            self.weight[pid] = base * r.paretovariate(3.0)
        self.contributors = [pid for pid in self.ids if self.weight[pid] >= 6.0] or self.ids
        leaders = [p[0] for p in people if p[4]] or self.ids[:10]
        self.usernames = {p[0]: p[5] for p in people}
        # People whose skills match a topic answer its questions more often (expert routing
        # is evaluated against that, so the demo should behave like a real company).
        self.experts: dict[str, set[int]] = {topic: set() for topic in TOPICS}
        for pid, name in Person.skills.through.objects.values_list("person_id", "tag__name"):
            words = name.lower().replace("/", " ").split()
            for topic in TOPICS:
                if any(word == topic or word[:3] == topic[:3] for word in words):
                    self.experts[topic].add(pid)
        with transaction.atomic():
            communities = self._communities(people, leaders)
            self.progress(f"{len(communities)} communities")
            self._follows(people, leaders)
            posts = self._posts(communities)
            self.progress(f"{len(posts)} posts")
            comments = self._comments(posts)
            self.progress(f"{comments} comments")
            reactions = self._reactions(posts)
            self.progress(f"{reactions} reactions")
            self._polls_and_ideas(posts)
            self._index(posts)
            self._purpose(communities)
            events_record_many(self.events)
            # The demo's invented past does not notify anyone; what people do next does.
            consumer_skip_to_latest("notifications")
        maturity_refresh(communities=communities)
        return {"communities": len(communities), "posts": len(posts), "comments": comments,
                "reactions": reactions, "events": len(self.events)}  # fmt: skip

    def _communities(self, people, leaders) -> list[dict]:
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
            starts = (self.now - dt.timedelta(days=r.randint(30, 200))).date()
            if kind == "purpose":
                state = r.choices(["draft", "active", "delivered", "archived"], [8, 62, 18, 12])[0]
            else:
                state = r.choices(["active", "archived"], [90, 10])[0]
            rows.append(Community(
                state=state, activated_at=None if state == "draft" else self.now,
                delivered_at=self.now - dt.timedelta(days=r.randint(1, 20))
                if state in ("delivered", "archived") and kind == "purpose" else None,
                archived_at=self.now if state == "archived" else None,
                outcome_summary="Delivered as planned; the results are on the intranet."
                if state in ("delivered", "archived") and kind == "purpose" else "",
                retrospective="Start with a pilot; involve the sponsor early."
                if state in ("delivered", "archived") and kind == "purpose" else "",
                slug=slug, name=name, kind=kind, privacy=privacy, purpose=purpose,
                business_goal="Grow revenue and keep customers" if kind == "purpose" else "",
                deliverable="A measurable result, shared company-wide" if kind == "purpose" else "",
                starts_on=starts if kind == "purpose" else None,
                ends_on=(starts + dt.timedelta(days=r.randint(90, 240))) if kind == "purpose"
                else None,
                created_by_id=r.choice(leaders),
            ))  # fmt: skip
        Community.objects.bulk_create(rows, batch_size=BATCH)
        communities = list(Community.objects.filter(slug__in=used).order_by("pk"))
        members: dict[int, dict[int, str]] = {}
        departments = list(by_department.values())
        for community in communities:
            chosen: dict[int, str] = {community.created_by_id: "owner"}
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
        Membership.objects.bulk_create(
            (Membership(community_id=cid, person_id=pid, role=role)
             for cid, chosen in members.items() for pid, role in chosen.items()),
            batch_size=BATCH, ignore_conflicts=True,
        )  # fmt: skip
        for community in communities:
            community.member_count = len(members[community.pk])
            community.members = list(members[community.pk])
            community.leads = [p for p, role in members[community.pk].items() if role != "member"]
        update_rows(Community, ["member_count"], [(c.pk, c.member_count) for c in communities])
        return communities

    def _follows(self, people, leaders) -> None:
        r = self.random
        follows = set()
        average = min(30, max(5, len(people) // 10))
        for pid, _department, _level, manager_id, _leader, _name in people:
            if manager_id:
                follows.add((pid, manager_id))
            for target in r.choices(leaders, k=min(3, len(leaders))):
                follows.add((pid, target))
            for target in r.choices(self.ids, k=r.randint(0, average)):
                follows.add((pid, target))
        follows = {(a, b) for a, b in follows if a != b}
        Follow.objects.bulk_create(
            (Follow(follower_id=a, person_id=b) for a, b in sorted(follows)),
            batch_size=BATCH, ignore_conflicts=True,
        )  # fmt: skip
        topics = {name: Tag.objects.get_or_create(name=name)[0].pk for name in TOPICS}
        topic_follows = [
            Follow(follower_id=pid, topic_id=topics[r.choice(TOPICS)])
            for pid in self.ids if r.random() < 0.3
        ]  # fmt: skip
        Follow.objects.bulk_create(topic_follows, batch_size=BATCH, ignore_conflicts=True)
        self.topic_ids = topics

    def _cumulative(self, pool: list[int], power: float = 1.0) -> list[float]:
        """Cumulative activity weights of a pool, computed once per pool (pools are reused)."""
        key = (id(pool), power)
        if key not in self._cumulative_cache:
            total, cumulative = 0.0, []
            for pid in pool:
                total += self.weight[pid] ** power
                cumulative.append(total)
            self._cumulative_cache[key] = cumulative
        return self._cumulative_cache[key]

    def _author(self, pool: list[int]) -> int:
        return self.random.choices(pool, cum_weights=self._cumulative(pool))[0]

    def _posts(self, communities) -> list[Post]:
        r = self.random
        communities = [c for c in communities if c.state != "draft"]  # drafts have no posts yet
        total = int(len(self.ids) * self.posts_per_person)
        kinds = ["update"] * 40 + ["question"] * 22 + ["article"] * 6 + ["poll"] * 6 + \
            ["praise"] * 12 + ["idea"] * 10 + ["announcement"] * 4  # fmt: skip
        values = settings.HEARTH_COMPANY_VALUES
        posts = []
        for _ in range(total):
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
            when = self._when()
            html = text.render(body, known_usernames=set())
            post = Post(
                kind=kind, author_id=author, community_id=community.pk if community else None,
                title=title, body=body, html=html, excerpt=text.excerpt(html), created_at=when,
                published_at=when, last_activity_at=when,
                praise_value=r.choice(values) if kind == "praise" and values else "",
            )  # fmt: skip
            thanked = None
            while kind == "praise" and thanked in (None, author) and len(self.ids) > 1:
                thanked = r.choice(self.ids)
            post.plan = {"options": options if kind == "poll" else None, "community": community,
                         "topic": topic, "praised": thanked}  # fmt: skip
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
            self._event(post.author_id, "post.created", "conversations.post", post.pk,
                        post.created_at, post.community_id, kind=post.kind, draft=False,
                        praised=[person] if person else [])  # fmt: skip
        Post.topics.through.objects.bulk_create(through, batch_size=BATCH)
        Post.praised.through.objects.bulk_create(praise_rows, batch_size=BATCH)
        return posts

    def _comments(self, posts: list[Post]) -> int:
        r = self.random
        rows: list[tuple[Post, Comment, int | None]] = []
        pool_sets: dict[int | None, set[int]] = {}
        expert_pools: dict[tuple[str, int | None], list[int]] = {}
        for post in posts:
            community = post.plan["community"]
            pool = community.members if community else self.ids
            count = min(40, int(r.expovariate(1 / 2.0)))  # about 2 replies per post
            if post.kind == "question":
                count = max(count, 1 if r.random() < 0.8 else 0)
            last = post.created_at
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
                comment = Comment(post_id=post.pk, author_id=author, body=body, created_at=last,
                                  html=text.render(body, known_usernames=set()))  # fmt: skip
                parent_index = r.randrange(index) if index and r.random() < 0.3 else None
                rows.append((post, comment, parent_index))
        by_post = defaultdict(list)
        for post, comment, parent_index in rows:
            by_post[post.pk].append((comment, parent_index))
        Comment.objects.bulk_create([c for _, c, _ in rows], batch_size=BATCH)
        replies = []
        for post in posts:
            thread = by_post.get(post.pk, [])
            for comment, parent_index in thread:
                if parent_index is not None:
                    parent = thread[parent_index][0]
                    comment.parent_id = parent.parent_id or parent.pk
                    replies.append(comment)
            post.comment_count = len(thread)
            if thread:
                post.last_activity_at = max(c.created_at for c, _ in thread)
                others = [c.created_at for c, _ in thread if c.author_id != post.author_id]
                post.acknowledged_at = min(others) if others else None
                if post.kind == "question" and r.random() < 0.6:
                    answers = [c for c, _ in thread if c.author_id != post.author_id]
                    post.accepted_comment_id = answers[0].pk if answers else None
            for comment, _ in thread:
                self._event(comment.author_id, "comment.created", "conversations.comment",
                            comment.pk, comment.created_at, post.community_id,
                            post_author=post.author_id, kind=post.kind)  # fmt: skip
        update_rows(Comment, ["parent"], [(c.pk, c.parent_id) for c in replies])
        self.threads = by_post
        return len(rows)

    def _reactions(self, posts: list[Post]) -> int:
        r = self.random
        rows = []
        for post in posts:
            community = post.plan["community"]
            pool = community.members if community else self.ids
            count = min(len(pool), int(r.expovariate(1 / 6.0)))  # about 3 per comment-thread
            # Reading and reacting is less skewed than writing: a flatter weight.
            weights = self._cumulative(pool, 0.8)
            people = {
                p for p in r.choices(pool, cum_weights=weights, k=count) if p != post.author_id
            }
            counts: dict[str, int] = defaultdict(int)
            for pid in people:
                kind = r.choice(REACTIONS)
                when = self._when(after=post.created_at)
                rows.append(Reaction(post_id=post.pk, person_id=pid, kind=kind, created_at=when))
                counts[kind] += 1
                if post.acknowledged_at is None or when < post.acknowledged_at:
                    post.acknowledged_at = when
                self._event(pid, "reaction.set", "conversations.post", post.pk, when,
                            post.community_id, kind=kind, previous=None,
                            post_author=post.author_id)  # fmt: skip
            order = ("like", "celebrate", "insightful", "support", "thanks")
            post.reaction_counts = {k: counts[k] for k in order if k in counts}
        Reaction.objects.bulk_create(rows, batch_size=BATCH)
        fields = ["comment_count", "last_activity_at", "acknowledged_at", "accepted_comment",
                  "reaction_counts"]  # fmt: skip
        update_rows(Post, fields, [
            (p.pk, p.comment_count, p.last_activity_at, p.acknowledged_at, p.accepted_comment_id,
             p.reaction_counts) for p in posts
        ])  # fmt: skip
        return len(rows)

    def _polls_and_ideas(self, posts: list[Post]) -> None:
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
                votes.append(PollVote(poll_id=poll.pk, option_id=option.pk, person_id=pid,
                                      created_at=self._when(after=post.created_at)))  # fmt: skip
            poll.voter_count = len(voters)
        PollVote.objects.bulk_create(votes, batch_size=BATCH)
        update_rows(PollOption, ["vote_count"], [(o.pk, o.vote_count) for o in options])
        update_rows(Poll, ["voter_count"], [(p.pk, p.voter_count) for p in polls])
        ideas, idea_votes = [], []
        for post in posts:
            if post.kind != "idea":
                continue
            pool = post.plan["community"].members if post.plan["community"] else self.ids
            voters = {p for p in r.sample(pool, k=min(len(pool), int(r.expovariate(1 / 5.0))))
                      if p != post.author_id}  # fmt: skip
            for pid in voters:
                when = self._when(after=post.created_at)
                idea_votes.append(IdeaVote(post_id=post.pk, person_id=pid, created_at=when))
            post.vote_count = len(voters)
            ideas.append(post)
        IdeaVote.objects.bulk_create(idea_votes, batch_size=BATCH)
        update_rows(Post, ["vote_count"], [(p.pk, p.vote_count) for p in ideas])

    def _purpose(self, communities) -> None:
        """Key results with progress, personal invitations and proposals with votes."""
        r = self.random
        results, updates, invitations, proposals, votes = [], [], [], [], []
        titles = [("Customers reached", 5000, ""), ("Churn rate", 5, "%"), ("Stores live", 40, ""),
                  ("NPS", 45, "points"), ("Cost saved", 2, "M€")]  # fmt: skip
        for community in communities:
            if community.kind == "purpose":
                for position, (title, target, unit) in enumerate(
                    r.sample(titles, k=r.randint(1, 3))
                ):
                    done = community.state in ("delivered", "archived")
                    current = round(
                        target * (r.uniform(0.8, 1.1) if done else r.uniform(0.1, 0.7)), 1
                    )
                    results.append(KeyResult(
                        community_id=community.pk, title=title, target=target, unit=unit,
                        current=current, position=position,
                    ))  # fmt: skip
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
                joined = (
                    seen + dt.timedelta(hours=1) if state in ("joined", "contributed") else None
                )
                invitations.append(Invitation(
                    community_id=community.pk, inviter_id=inviter, invitee_id=invitee,
                    message=f"Hi, I'm inviting you to {community.name}: your view would help.",
                    reason="your experience would help", state=state, sent_at=sent, seen_at=seen,
                    joined_at=joined,
                    contributed_at=(joined + dt.timedelta(days=1)) if state == "contributed"
                    else None,
                ))  # fmt: skip
            if community.state != "active":
                continue
            for number in range(r.randint(1, 2)):
                created = self._when()
                is_open = number == 0 and r.random() < 0.5
                proposal = Proposal(
                    community_id=community.pk, author_id=r.choice(community.members),
                    kind="decision", title=r.choice(["Move the weekly sync to Thursdays",
                                                      "Run a hackathon next quarter",
                                                      "Publish our notes on the intranet"]),
                    body="Let's decide together.", created_at=created,
                    closes_at=self.now + dt.timedelta(days=5) if is_open
                    else created + dt.timedelta(days=7),
                )  # fmt: skip
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
                updates.append(KeyResultUpdate(
                    key_result_id=result.pk, value=value, note="Monthly check-in",
                    created_at=self._when(),
                ))  # fmt: skip
        KeyResultUpdate.objects.bulk_create(updates, batch_size=BATCH)
        Invitation.objects.bulk_create(invitations, batch_size=BATCH)
        Proposal.objects.bulk_create(proposals, batch_size=BATCH)
        for proposal in proposals:
            for person, choice in proposal.voters:
                votes.append(ProposalVote(proposal_id=proposal.pk, person_id=person, choice=choice,
                                          created_at=proposal.created_at))  # fmt: skip
        ProposalVote.objects.bulk_create(votes, batch_size=BATCH, ignore_conflicts=True)

    def _index(self, posts: list[Post]) -> None:
        documents = []
        for post in posts:
            documents.append(SearchDocument(
                key=f"post:{post.pk}", kind="post", post_id=post.pk,
                community_id=post.community_id, author_id=post.author_id, post_kind=post.kind,
                title=post.title, body=text.plain_text(post.html), published_at=post.published_at,
                answered=post.accepted_comment_id is not None,
            ))  # fmt: skip
            for comment, _ in self.threads.get(post.pk, []):
                documents.append(SearchDocument(
                    key=f"comment:{comment.pk}", kind="comment", post_id=post.pk,
                    comment_id=comment.pk, community_id=post.community_id,
                    author_id=comment.author_id, post_kind=post.kind, title="",
                    body=text.plain_text(comment.html), published_at=comment.created_at,
                    answered=post.accepted_comment_id is not None,
                ))  # fmt: skip
        SearchDocument.objects.bulk_create(documents, batch_size=BATCH)


def seed_content(*, seed: int, progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Fill the network with content once; a second run leaves existing content alone."""
    if Post.objects.exists():
        return {}
    started = time.monotonic()
    result = ContentGenerator(seed, progress=progress).run()
    result["seconds"] = round(time.monotonic() - started, 1)
    return result
