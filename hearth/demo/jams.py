"""Demo jams: one live whenever the demo starts, one scheduled, one reported.

Dates are relative to now: a second `hearth seed` moves the demo jams back into place (the live
one live again, its forum reopened) instead of creating more.
"""

from __future__ import annotations

import datetime
import random

from django.db import transaction
from django.utils import timezone

from hearth.communities.models import Community
from hearth.conversations import services as talk
from hearth.conversations.models import Comment, Post
from hearth.core.registry import DemoRun, demo_generator
from hearth.jams import clustering, services
from hearth.jams.models import Contribution, Jam, Visit
from hearth.people.models import Person

LIVE, SCHEDULED, REPORTED = "customer-obsession-2027", "network-2030", "hybrid-work-that-works"
# Each jam's themes and the ideas colleagues bring to them.
IDEAS: dict[str, dict[str, list[tuple[str, str]]]] = {
    LIVE: {
        "Reaching us": [
            ("Night chat support", "Answer customers by chat at night, staffed across time zones."),
            (
                "One number for everything",
                "Customers should reach us on one number for all products.",
            ),
            (
                "Chat support in Portuguese",
                "Many customers in the south ask for support in Portuguese.",
            ),
            (
                "Fix it on the first call",
                "Give support agents the tools to fix it on the first call.",
            ),
            (
                "Video calls with store experts",
                "Let customers book a video call with an expert from their nearest store.",
            ),
        ],
        "Keeping customers informed": [
            (
                "Proactive outage texts",
                "Text customers before they notice an outage in their area.",
            ),
            ("Bills in plain words", "Explain every line of the bill in words anyone reads."),
            (
                "Track your installation",
                "Show customers where their fibre installation stands, day by day.",
            ),
            ("Tell them it is fixed", "When we fix a reported fault, tell the customer at once."),
            (
                "A yearly plan check-up",
                "Once a year, tell each customer whether a cheaper plan fits them better.",
            ),
        ],
    },
    SCHEDULED: {"Network": [], "Energy": []},
    REPORTED: {
        "Meetings": [
            (
                "No-meeting Wednesday mornings",
                "Keep Wednesday mornings free of meetings across the company for focused work.",
            ),
            (
                "Write it down first",
                "Share a short written proposal before a meeting, so people far away can weigh in.",
            ),
            (
                "Every room hybrid-ready",
                "A camera, a microphone and a screen in every meeting room, so remote people "
                "are equal.",
            ),
            (
                "Rotate meeting times",
                "Rotate recurring meetings across time zones so the same people are not always "
                "up late.",
            ),
            (
                "Recorded and summarised",
                "Record team meetings and post a five-line summary for whoever missed them.",
            ),
        ],
        "Offices": [
            (
                "Team days, not desk lottery",
                "Book desks by team day, so colleagues who come in actually meet.",
            ),
            ("Quiet floors", "Set aside one quiet floor in each office for focused work."),
            (
                "Office days agreed per team",
                "Each team agrees its own office days instead of one rule for all.",
            ),
            (
                "Better video rooms in small offices",
                "Small offices get the same video rooms as headquarters.",
            ),
            (
                "A travel budget for team days",
                "Fund two trips a year for fully remote people to meet their team.",
            ),
        ],
    },
}
COMMENTS = {
    LIVE: [
        "Yes, customers ask for this every week.",
        "We piloted something similar in Lisbon and complaints went down.",
        "What would it cost, roughly?",
        "Support agents would welcome this.",
        "Count me in for a pilot in my region.",
    ],
    REPORTED: [
        "Our team tried this for a month: fewer meetings, more done.",
        "Would this work for teams spread over three time zones?",
        "Count me in for a pilot.",
        "People in the smaller offices would benefit most.",
        "Simple and cheap: let's just do it.",
    ],
}


def _people(limit: int) -> list[Person]:
    return list(
        Person.objects.filter(is_active=True, is_stand_in=False, is_staff=False).order_by("id")[
            :limit
        ]
    )


def _leaders() -> list[Person]:
    leaders = list(
        Person.objects.filter(is_active=True, is_leader=True).order_by("org_level", "id")[:4]
    )
    return leaders or _people(4)


def _create(title: str, slug: str, starts: datetime.datetime, hours: float, challenge: str) -> Jam:
    leaders = _leaders()
    host = leaders[0]
    facilitators = [p.username for p in (leaders[1:] or leaders)]
    jam = services.jam_create(
        actor=host,
        data=services.JamIn(
            title=title,
            challenge=challenge,
            starts_at=timezone.now() + datetime.timedelta(hours=1),
            ends_at=timezone.now() + datetime.timedelta(hours=1 + hours),
            themes=[
                services.ThemeIn(theme, facilitators=[facilitators[-i]])
                for i, theme in enumerate(IDEAS[slug])
            ],
            hosts=[host.username],
        ),
    )
    Jam.objects.filter(pk=jam.pk).update(
        slug=slug, starts_at=starts, ends_at=starts + datetime.timedelta(hours=hours)
    )
    jam.refresh_from_db()
    return jam


def _fill(jam: Jam, rng: random.Random) -> list[Contribution]:
    people = _people(60)
    rng.shuffle(people)
    made = []
    for theme in jam.themes.all():
        for title, body in IDEAS[jam.slug].get(theme.title, []):
            author = people.pop()
            made.append(
                services.contribution_create(
                    actor=author, jam=jam, theme=theme, kind="idea", title=title, body=body
                )
            )
    voters = _people(200)
    for item in made:
        for voter in rng.sample(voters, k=min(len(voters), rng.randint(2, 25))):
            if voter.pk != item.post.author_id:
                talk.idea_vote(actor=voter, post=item.post)
        for _i in range(rng.randint(0, 3)):
            commenter = rng.choice(voters)
            if commenter.pk != item.post.author_id:
                talk.comment_create(
                    actor=commenter, post=item.post, body=rng.choice(COMMENTS[jam.slug])
                )
    return made


def _spread(jam: Jam, rng: random.Random) -> None:
    """Spread the demo contributions over the jam's hours so far, and add some readers."""

    start = jam.starts_at
    end = min(jam.ends_at, timezone.now())
    span = max((end - start).total_seconds(), 60)
    for post in Post.objects.filter(jam_contribution__jam=jam):
        when = start + datetime.timedelta(seconds=rng.uniform(0, span * 0.8))
        Post.objects.filter(pk=post.pk).update(
            created_at=when, published_at=when, last_activity_at=when
        )
        Contribution.objects.filter(post=post).update(created_at=when)
        for comment in Comment.objects.filter(post=post):
            later = when + datetime.timedelta(seconds=rng.uniform(0, (end - when).total_seconds()))
            Comment.objects.filter(pk=comment.pk).update(created_at=later)
    readers = _people(300)
    Visit.objects.bulk_create(
        [
            Visit(
                jam=jam,
                person=p,
                first_seen_at=start + datetime.timedelta(seconds=rng.uniform(0, span)),
            )
            for p in rng.sample(readers, k=min(len(readers), 90))
        ],
        ignore_conflicts=True,
    )


def _place(jam: Jam, starts: datetime.datetime, hours: float) -> None:
    Jam.objects.filter(pk=jam.pk).update(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=hours)
    )
    if starts + datetime.timedelta(hours=hours) > timezone.now():
        Community.objects.filter(pk=jam.forum_id).update(state="active", archived_at=None)


@transaction.atomic
def seed_jams(*, seed: int = 42) -> int:
    """Create the three demo jams once; later runs put their dates back relative to now."""
    now = timezone.now()
    rng = random.Random(seed)
    existing = {j.slug: j for j in Jam.objects.filter(slug__in=[LIVE, SCHEDULED, REPORTED])}
    if len(existing) == 3:
        _place(existing[LIVE], now - datetime.timedelta(hours=20), 72)
        _place(existing[SCHEDULED], now + datetime.timedelta(days=5), 72)
        return 0
    if Jam.objects.exists() or len(_people(60)) < 20:
        return 0
    live = _create(
        "Customer obsession 2027",
        LIVE,
        now - datetime.timedelta(hours=1),
        72,
        "How do we make every customer feel we are obsessed with them next year?",
    )
    _fill(live, rng)
    _place(live, now - datetime.timedelta(hours=20), 72)
    live.refresh_from_db()
    _spread(live, rng)
    clustering.compute(live)
    _create(
        "Network 2030",
        SCHEDULED,
        now + datetime.timedelta(days=5),
        72,
        "What should our network be able to do in 2030, and what do we start now?",
    )
    done = _create(
        "Hybrid work that works",
        REPORTED,
        now - datetime.timedelta(hours=1),
        72,
        "How do we make hybrid work fair and productive for every team?",
    )
    ideas = _fill(done, rng)
    _place(done, now - datetime.timedelta(days=20), 72)
    services.jam_close_due()
    done.refresh_from_db()
    _spread(done, rng)
    host = done.hosts.first()
    assert host is not None  # a jam has its hosts
    # The two ideas colleagues supported most, by their votes as they stand now.
    votes = dict(
        Post.objects.filter(pk__in=[i.post_id for i in ideas]).values_list("pk", "vote_count")
    )
    picked = sorted(ideas, key=lambda c: (-votes[c.post_id], c.pk))[:2]
    for item in picked:
        services.follow_up_set(
            actor=host,
            contribution=item,
            selected=True,
            owner=item.post.author,
            due_on=(now + datetime.timedelta(days=60)).date(),
        )
    services.report_publish(
        actor=host,
        jam=done,
        summary=(
            f"{len(ideas)} ideas, two pilots: “{picked[0].post.title}” and "
            f"“{picked[1].post.title}”, the two ideas colleagues supported most, start as "
            "pilots next quarter, each with an owner and a date. Thank you to everyone who "
            "took part."
        ),
    )
    clustering.compute(done)
    return 3


@demo_generator("jams", 20)
def jams_write(run: DemoRun) -> str:
    made = seed_jams(seed=run.seed)
    if made:
        return f"Jams: {made} created (live, scheduled, reported)"
    return "Jams: demo jams moved back to now (one live, one scheduled, one reported)"
