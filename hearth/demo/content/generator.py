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
import time
import zoneinfo
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction

from hearth.conversations import text
from hearth.conversations.models import (
    Comment,
    Post,
)
from hearth.core.bulk import analyze, insert_rows, next_ids, reset_sequences
from hearth.core.events import consumer_skip_to_latest
from hearth.core.models import Event
from hearth.core.registry import DemoRun, demo_generator
from hearth.facilitation.services import maturity_refresh
from hearth.people.models import Department, Person
from hearth.recognition.points import MIN_TEXT, award_history
from hearth.search.analysis import analyse
from hearth.search.models import SearchDocument

from .places import Places
from .threads import Threads
from .words import (
    ARTICLES,
    BATCH,
    CHUNK,
    DAYS,
    DEPARTMENT_TOPICS,
    DOCUMENT_FIELDS,
    IDEAS,
    POLLS,
    PRAISE,
    QUESTIONS,
    TOPICS,
    UPDATES,
)


class ContentGenerator(Places, Threads):
    """Plan and write the network's content for the people already in the database."""

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
        self.experts = self._expertise()
        self.known = {pid: sorted(t for t in TOPICS if pid in self.experts[t]) for pid in self.ids}
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
            # The demo's invented past notifies nobody, calls no webhook, and its points are
            # written above; what people do next is handled as it happens.
            for name in ("notifications", "points", "badges", "webhooks"):
                consumer_skip_to_latest(name)
        maturity_refresh(communities=communities)
        return {"communities": len(communities), "follows": follows, **totals}

    def _expertise(self) -> dict[str, set[int]]:
        """Who really knows each topic, which nobody reads directly: the work of their
        department (most of its people), a skill they list (often, not always: profiles
        overstate), now and then a subject of their own. What they know shows in what they
        write and answer; expert routing has only that history and the profiles to go by."""
        r = self.random
        experts: dict[str, set[int]] = {topic: set() for topic in TOPICS}
        names = dict(Department.objects.values_list("id", "name"))
        for pid in self.ids:
            for topic in DEPARTMENT_TOPICS.get(names.get(self.departments[pid] or 0, ""), []):
                if r.random() < 0.6:
                    experts[topic].add(pid)
            if r.random() < 0.1:
                experts[r.choice(TOPICS)].add(pid)
        for pid, name in Person.skills.through.objects.values_list("person_id", "tag__name"):
            words = name.lower().replace("/", " ").split()
            for topic in TOPICS:
                matches = any(word == topic or word[:3] == topic[:3] for word in words)
                if matches and r.random() < 0.5:
                    experts[topic].add(pid)
        return experts

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
            # People write about what they know; a question may be on any subject.
            topic = None
            if r.random() < (0.6 if kind == "question" else 0.35):
                known = self.known.get(author) if kind != "question" else None
                topic = r.choice(known) if known and r.random() < 0.7 else r.choice(TOPICS)
            # One subject and city for the post and everything said under it.
            words, answers = self._words(topic), None
            title, body = "", self._fill(r.choice(UPDATES), words)
            if kind == "question":
                title, body, answers = r.choice(QUESTIONS)
                title, body = self._fill(title, words), self._fill(body, words)
            elif kind == "article":
                title, body = (self._fill(part, words) for part in r.choice(ARTICLES))
            elif kind == "idea":
                title, body = (self._fill(part, words) for part in r.choice(IDEAS))
            elif kind == "poll":
                body, options = r.choice(POLLS)
                body = self._fill(body, words)
            elif kind == "praise":
                body = self._fill(r.choice(PRAISE), words)
            elif kind == "announcement":
                title = "Important: " + self._fill("{subject}", words)
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
                "words": words,
                "answers": answers,
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

    def _index(self, posts: list[Any]) -> None:
        documents = []
        for post in posts:
            answered = post.accepted_comment_id is not None
            body = self._plain(post.html)
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
                    body,
                    post.published_at,
                    answered,
                    *analyse(post.title, body),
                )
            )
            for comment in self.threads.get(post.pk, []):
                text = self._plain(comment.html)
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
                        text,
                        comment.created_at,
                        answered,
                        *analyse("", text),
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


@demo_generator("content", 10)
def content_write(run: DemoRun) -> str:
    """Communities, follows, posts, threads and reactions: the network's three years."""
    run.say("Writing communities, posts, comments and reactions...")
    content = seed_content(seed=run.seed, progress=run.say, bar=run.bar, days=run.days)
    if not content:
        return "Content already present; left as it is."
    return (
        "Content: {communities} communities, {follows} follows, {posts} posts, "
        "{comments} comments, {reactions} reactions, {points} point awards, "
        "{events} events ({seconds} s)".format(**content)
    )
