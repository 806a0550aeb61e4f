"""Demo AMAs: one live whenever the demo starts, and a past one with questions left
unanswered. A second `hearth seed` moves the live one back around now instead of adding more."""

from __future__ import annotations

import datetime
import random

from django.db.models import Count
from django.utils import timezone

from hearth.conversations.models import Post
from hearth.core.registry import DemoRun, demo_generator
from hearth.leadership import services as leadership_services
from hearth.leadership.models import Ama
from hearth.people.models import Person

from .company import PERSONAS

LIVE, PAST = "ask-me-anything", "ask-me-about-the-network-plan"
# question -> the host's answer (None: left for later, "not yet answered")
QUESTIONS = {
    "What is the one thing you want every team to do differently next year?": (
        "Listen to customers first: every team should spend a day with them this year."
    ),
    "Will we open new offices, or keep growing hybrid?": (
        "Hybrid is here to stay; we will invest in the offices people actually use."
    ),
    "How will the jam ideas be funded?": (
        "Every selected idea gets an owner and a budget line; the jam report lists them."
    ),
    "What does the merger mean for customer support?": None,
    "Can engineers spend time on open-source work?": (
        "Yes: up to a day a month, agreed with your manager. The policy is coming in January."
    ),
    "How do you decide which countries get new network investment?": None,
    "What did you learn from the last engagement survey?": None,
}


def _place(ama: Ama, starts: datetime.datetime, hours: float) -> None:
    Ama.objects.filter(pk=ama.pk).update(
        starts_at=starts, ends_at=starts + datetime.timedelta(hours=hours)
    )


def seed_amas(*, seed: int = 42) -> int:
    now = timezone.now()
    existing = {a.slug: a for a in Ama.objects.filter(slug__in=[LIVE, PAST])}
    if LIVE in existing:
        _place(existing[LIVE], now - datetime.timedelta(minutes=30), 3)
        return 0
    # The two leaders who write most, senior first (hosting is not their first contribution,
    # so the demo keeps its 90-9-1 shape).
    leaders = list(
        Person.objects.filter(is_active=True, is_leader=True, is_stand_in=False)
        .annotate(written=Count("posts"))
        .order_by("-written", "org_level", "id")[:2]
    )
    # The demo's executive hosts the live one: their AMA answers are on their first sign-in.
    executive = Person.objects.filter(
        display_name=PERSONAS["executive"][0], is_active=True, is_leader=True
    ).first()
    if executive is not None:
        leaders = [executive, *[p for p in leaders if p.pk != executive.pk]][:2]
    leaders.sort(key=lambda p: (p.org_level, p.pk))
    # Askers come from people who already write, so the demo keeps its 90-9-1 shape.
    people = list(
        Person.objects.filter(is_active=True, is_stand_in=False, is_leader=False)
        .annotate(written=Count("posts"))
        .order_by("-written", "id")[:40]
    )
    if len(leaders) < 2 or len(people) < 20:
        return 0
    rng = random.Random(seed)
    made = 0
    for slug, host, title, answered in (
        (LIVE, leaders[0], "Ask me anything", 3),
        (PAST, leaders[1], "Ask me about the network plan", 2),
    ):
        ama = leadership_services.ama_create(
            actor=host,
            data=leadership_services.AmaIn(
                title=title,
                starts_at=now - datetime.timedelta(minutes=30),
                ends_at=now + datetime.timedelta(hours=3),
                description="Nothing is off limits: vote up what matters most to you.",
                allow_anonymous=True,
            ),
        )
        Ama.objects.filter(pk=ama.pk).update(slug=slug)
        ama.refresh_from_db()
        askers = rng.sample(people, k=len(QUESTIONS))
        questions = [
            leadership_services.question_ask(actor=person, ama=ama, body=text)
            for person, text in zip(askers, QUESTIONS, strict=True)
        ]
        for minutes, question in enumerate(questions):  # asked over the first half hour
            when = now - datetime.timedelta(minutes=30 - 4 * minutes)
            Post.objects.filter(pk=question.post_id).update(
                created_at=when, published_at=when, last_activity_at=when
            )
        for question in questions:
            for voter in rng.sample(people, k=rng.randint(0, min(30, len(people)))):
                if voter.pk != question.post.author_id:
                    leadership_services.question_vote(actor=voter, question=question)
        ranked = sorted(questions, key=lambda q: -q.vote_count)
        replies = [(q, QUESTIONS[q.post.body] or "") for q in ranked if QUESTIONS[q.post.body]]
        for question, text in replies[:answered]:
            leadership_services.question_answer(actor=host, question=question, body=text)
        if slug == PAST:
            _place(ama, now - datetime.timedelta(days=10), 2)
        made += 1
    return made


@demo_generator("amas", 30)
def amas_write(run: DemoRun) -> str:
    made = seed_amas(seed=run.seed)
    return (
        f"AMAs: {made} created (one live now, one past)"
        if made
        else ("AMAs: the live AMA moved back to now")
    )
