"""Demo roles at work on first sign-in, whatever the seed (after `personas`):

- Grace (the executive) has written posts herself, recently, with readers, reactions and
  replies, answers under one of them, and shares her scorecard with her executive team;
- Ana (the employee) has an introduction from Naveen (the facilitator) to answer;
- Manoj (the administrator) has reports waiting in the moderation queue and content filters.

Written through the services, like anything a person does; run again, it changes nothing."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from hearth.communities.models import Community, Membership
from hearth.conversations import services as talk
from hearth.conversations.models import Comment, Post, PostView
from hearth.core.registry import DemoRun, demo_generator
from hearth.facilitation import services as facilitation
from hearth.facilitation.models import Introduction
from hearth.facilitation.selectors import people_to_meet
from hearth.leadership import scorecard
from hearth.moderation import services as moderation
from hearth.moderation.filters import filter_create
from hearth.moderation.models import Report
from hearth.people.models import Person
from hearth.trust.models import ContentFilter

from .company import PERSONAS

# What the executive wrote herself: days ago, the post, what colleagues said under it, and her
# reply to the first of them.
EXECUTIVE_POSTS = [
    (
        2,
        "Back from Nairobi: the store team there cut waiting times in half by answering "
        "customers' most common question before they ask it, on a screen by the door. I want "
        "every country to try it this quarter. Who is in?",
        ["We can start in Lisbon next week.", "Count the Madrid stores in, too."],
        "Wonderful. Post what you learn here, so the next country goes faster.",
    ),
    (
        9,
        "Thank you to the 600 of you who took part in the customer jam. The two pilots start "
        "next quarter, each with an owner and a date; I will report on both here.",
        ["Great to see the ideas turn into pilots.", "When will we hear about the next jam?"],
        "Network 2030 opens in a few days: the date is on the Jams page.",
    ),
    (
        20,
        "What I heard in our 20 countries this year, in three words: simpler, faster, closer. "
        "Simpler offers, faster fixes, closer to customers. That is our plan for next year.",
        ["Simpler offers would help our stores most.", "Closer to customers: yes, please."],
        "Thank you. The stores will get a say in the simpler offers, starting in January.",
    ),
]
SPAM = (
    "Selling two concert tickets for Saturday, cheap! Send me a message before they go.",
    "A sale in a work community: not what this place is for.",
)
RUDE = "This is the worst plan I have read all year. Whoever approved it should be ashamed."
FILTERS = [
    ("customer list export", False, "hold", ""),
    (
        r"\b(?:\d[ -]?){13,16}\b",
        True,
        "block",
        "Card numbers may not be posted. Remove the number and try again.",
    ),
]


def _persona(role: str) -> Person | None:
    return Person.objects.filter(display_name=PERSONAS[role][0], is_active=True).first()


def seed_roles(*, seed: int = 42) -> int:
    """Write what the executive, the employee and the administrator need to find; answer how
    many things were new."""
    rng = random.Random(seed)
    made = 0
    grace, ana = _persona("executive"), _persona("employee")
    naveen, manoj = _persona("facilitator"), _persona("administrator")
    if grace is not None:
        made += _executive(grace, rng)
    if ana is not None and naveen is not None:
        made += _introduction(ana, naveen)
    if manoj is not None:
        made += _moderation(manoj, rng)
    return made


def _colleagues(rng: random.Random, count: int, *, exclude: set[int]) -> list[Person]:
    people = list(
        Person.objects.filter(is_active=True, is_stand_in=False, is_staff=False)
        .exclude(pk__in=exclude)
        .order_by("pk")[:400]
    )
    return rng.sample(people, k=min(count, len(people)))


def _executive(grace: Person, rng: random.Random) -> int:
    if Post.objects.filter(author=grace, body=EXECUTIVE_POSTS[0][1]).exists():
        return 0
    now = timezone.now()
    for days, body, said, reply in EXECUTIVE_POSTS:
        post = talk.post_create(actor=grace, data=talk.PostIn(body=body))
        when = now - datetime.timedelta(days=days, hours=rng.randint(1, 6))
        Post.objects.filter(pk=post.pk).update(
            created_at=when, published_at=when, last_activity_at=when
        )
        readers = _colleagues(rng, rng.randint(60, 140), exclude={grace.pk})
        PostView.objects.bulk_create(
            [PostView(post=post, person=p, first_seen_at=when) for p in readers],
            ignore_conflicts=True,
        )
        for person in readers[:12]:
            talk.reaction_set(actor=person, post=post, kind=rng.choice(["like", "celebrate"]))
        first = None
        for person, text in zip(readers[12:], said, strict=False):
            comment = talk.comment_create(actor=person, post=post, body=text)
            first = first or comment
        if first is not None:
            answer = talk.comment_create(actor=grace, post=post, body=reply, parent=first)
            Comment.objects.filter(pk__in=[first.pk, answer.pk]).update(
                created_at=when + datetime.timedelta(hours=2)
            )
    # She compares herself with her executive team, and some of them with her.
    scorecard.sharing_set(actor=grace, shared=True)
    team = Person.objects.filter(is_active=True, is_leader=True, org_level=1).order_by("pk")
    for leader in team[:6]:
        scorecard.sharing_set(actor=leader, shared=True)
    return len(EXECUTIVE_POSTS)


def _led_by(naveen: Person) -> Community | None:
    return (
        Community.objects.filter(
            state=Community.State.ACTIVE,
            memberships__person=naveen,
            memberships__state=Membership.State.ACTIVE,
            memberships__role__in=[Membership.Role.OWNER, Membership.Role.FACILITATOR],
        )
        .order_by("pk")
        .first()
    )


def _introduction(ana: Person, naveen: Person) -> int:
    if Introduction.objects.filter(first=ana, introduced_by=naveen).exists():
        return 0
    place = _led_by(naveen)
    match = next((m for m in people_to_meet(ana, limit=6) if m["person"] != naveen), None)
    if place is None or match is None:
        return 0
    shared = ", ".join(match["shared"])
    facilitation.introduction_create(
        actor=naveen,
        first=ana,
        second=match["person"],
        note=(
            f"Ana, meet {match['person'].name}: you both care about {shared}. "
            "A coffee would do you both good."
        ),
        reason=f"You both care about {shared}",
        community=place,
    )
    return 1


def _moderation(manoj: Person, rng: random.Random) -> int:
    made = 0
    if not Report.objects.filter(detail=SPAM[1]).exists():
        place = (
            Community.objects.filter(state=Community.State.ACTIVE, privacy="open")
            .order_by("-member_count", "pk")
            .first()
        )
        members = list(
            Person.objects.filter(
                is_active=True,
                is_staff=False,
                memberships__community=place,
                memberships__state=Membership.State.ACTIVE,
                memberships__role=Membership.Role.MEMBER,
            ).order_by("pk")[:50]
        )
        if place is not None and len(members) >= 4:
            seller, reporter, author, other = rng.sample(members, k=4)
            post = talk.post_create(actor=seller, data=talk.PostIn(community=place, body=SPAM[0]))
            moderation.report_create(actor=reporter, reason="other", detail=SPAM[1], post=post)
            target = (
                Post.objects.filter(community=place, kind="update", deleted_at__isnull=True)
                .exclude(author__in=[author, other])
                .order_by("-published_at")
                .first()
            )
            if target is not None:
                rude = talk.comment_create(actor=author, post=target, body=RUDE)
                moderation.report_create(
                    actor=other,
                    reason="harassment",
                    detail="Aimed at a colleague, not at the plan.",
                    post=target,
                    comment=rude,
                )
            made += 1
    for pattern, is_regex, action, message in FILTERS:
        if not ContentFilter.objects.filter(pattern=pattern).exists():
            filter_create(
                actor=manoj, pattern=pattern, is_regex=is_regex, action=action, message=message
            )
            made += 1
    return made


@demo_generator("roles", 60)
def write_roles(run: DemoRun) -> str:
    made = seed_roles(seed=run.seed)
    return f"Roles: {made} new (Grace's posts, Ana's introduction, Manoj's reports and filters)"
