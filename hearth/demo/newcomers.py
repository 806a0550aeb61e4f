"""Demo newcomers find their feet: most of those who joined in the last year asked a question in
their first weeks and accepted a colleague's answer, and facilitators introduced some of them to
a colleague. The value report's newcomer figures count this. A second `hearth seed` writes
nothing twice."""

from __future__ import annotations

import datetime
import random

from django.db.models import Q
from django.utils import timezone

from hearth.communities.models import Community, Membership
from hearth.conversations import services as talk
from hearth.conversations.models import Comment, Post
from hearth.core.models import Event
from hearth.core.registry import DemoRun, demo_generator
from hearth.facilitation import services as facilitation
from hearth.facilitation.models import Introduction
from hearth.people.models import Person

# What a newcomer asks in their first weeks, and what a colleague answers.
QUESTIONS = [
    (
        "Where do I find the expense policy for travel?",
        "I am new in the team and have my first customer visit next week. Which rules apply?",
        "The travel policy is on the finance pages; book through the travel desk and keep "
        "every receipt. Ask me if the visit is abroad.",
    ),
    (
        "Who approves access to the billing system?",
        "I started this month and need read access to billing for a customer case.",
        "Your manager asks IT through the access form; it usually takes a day. Mention the "
        "case number, it goes faster.",
    ),
    (
        "Is there a checklist for a first network change?",
        "I have my first maintenance window soon. Is there a checklist people use?",
        "Yes: the change checklist in the operations community. Pair with someone on your "
        "first one, we all did.",
    ),
    (
        "How do we quote a business fibre line?",
        "A customer asked me for a quote on my second week here. Where do I start?",
        "Use the quoting tool and the price grid of this quarter; send me the draft and I "
        "will check it with you.",
    ),
    (
        "Which training should I take first?",
        "There are many courses in the learning portal. Which ones matter in the first month?",
        "Security awareness first, then the product basics. The rest can wait until you "
        "know your customers.",
    ),
]
INTRODUCTION = (
    "{first}, meet {second}: you both care about {shared}. A coffee would help you start."
)
ASKING, INTRODUCED = 0.75, 0.5
MAX_NEWCOMERS = 150  # a large demo company welcomes a sample (each story goes through services)


def _at(hired: datetime.date, days: float, now: datetime.datetime) -> datetime.datetime:
    start = datetime.datetime.combine(hired, datetime.time(9), tzinfo=datetime.UTC)
    return min(start + datetime.timedelta(days=days), now - datetime.timedelta(hours=2))


def _backdate_post(question: Post, answer: Comment, asked: datetime.datetime, rng) -> None:
    answered = min(asked + datetime.timedelta(hours=rng.uniform(1, 30)), timezone.now())
    Post.objects.filter(pk=question.pk).update(
        created_at=asked, published_at=asked, last_activity_at=answered
    )
    Comment.objects.filter(pk=answer.pk).update(created_at=answered)
    Event.objects.filter(object_type="conversations.post", object_id=question.pk).update(
        created_at=asked
    )
    Event.objects.filter(
        Q(object_type="conversations.comment", object_id=answer.pk)
        | Q(verb="answer.accepted", target_id=question.pk)
    ).update(created_at=answered)


def welcome_newcomers(*, seed: int) -> tuple[int, int]:
    """Questions answered and introductions made for the year's newcomers; (0, 0) when a
    previous run wrote them."""
    rng = random.Random(seed)
    now = timezone.now()
    today = now.date()
    newcomers = list(
        Person.objects.filter(
            is_active=True,
            is_stand_in=False,
            hire_date__gte=today - datetime.timedelta(days=365),
            hire_date__lt=today - datetime.timedelta(days=3),
        ).order_by("pk")[:MAX_NEWCOMERS]
    )
    titles = [title for title, _body, _answer in QUESTIONS]
    if Post.objects.filter(author__in=newcomers, title__in=titles).exists():
        return 0, 0
    colleagues = list(
        Person.objects.filter(is_active=True, is_stand_in=False, is_staff=False)
        .exclude(pk__in=[p.pk for p in newcomers])
        .order_by("pk")
    )
    leading = list(
        Membership.objects.filter(
            state=Membership.State.ACTIVE,
            role__in=[Membership.Role.OWNER, Membership.Role.FACILITATOR],
            community__state=Community.State.ACTIVE,
            community__privacy=Community.Privacy.OPEN,
        )
        .select_related("person", "community")
        .order_by("pk")
    )
    asked = introduced = 0
    for person in newcomers:
        if rng.random() < ASKING and colleagues:
            title, body, said = rng.choice(QUESTIONS)
            question = talk.post_create(
                actor=person, data=talk.PostIn(kind=Post.Kind.QUESTION, title=title, body=body)
            )
            helper = rng.choice(colleagues)
            answer = talk.comment_create(actor=helper, post=question, body=said)
            talk.answer_accept(actor=person, post=question, comment=answer)
            _backdate_post(question, answer, _at(person.hire_date, rng.uniform(2, 45), now), rng)
            asked += 1
        lead = rng.choice(leading) if leading else None
        if rng.random() < INTRODUCED and lead and colleagues and lead.person_id != person.pk:
            other = rng.choice([c for c in colleagues if c.pk != lead.person_id])
            intro = facilitation.introduction_create(
                actor=lead.person,
                first=person,
                second=other,
                note=INTRODUCTION.format(
                    first=person.name, second=other.name, shared=lead.community.name
                ),
                reason=lead.community.name,
                community=lead.community,
            )
            facilitation.introduction_answer(actor=person, introduction=intro, accept=True)
            facilitation.introduction_answer(actor=other, introduction=intro, accept=True)
            made = _at(person.hire_date, rng.uniform(3, 60), now)
            connected = min(made + datetime.timedelta(days=rng.uniform(0.2, 4)), now)
            Introduction.objects.filter(pk=intro.pk).update(created_at=made, connected_at=connected)
            Event.objects.filter(
                object_type="facilitation.introduction", object_id=intro.pk
            ).update(created_at=connected)
            introduced += 1
    return asked, introduced


@demo_generator("newcomers", 62)
def newcomers_write(run: DemoRun) -> str:
    asked, introduced = welcome_newcomers(seed=run.seed)
    return f"Newcomers: {asked} first questions answered, {introduced} introductions"
