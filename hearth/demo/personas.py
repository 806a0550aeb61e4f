"""Demo personas at work on first sign-in, whatever the seed: Ana (the employee) has a personal
invitation with its reason waiting in her notifications; Naveen (the facilitator) leads an active
community where recent questions wait for a first answer in his queue. Written through the
services, like anything a person does; run again, it changes nothing."""

from __future__ import annotations

import datetime

from django.db.models import Count
from django.utils import timezone

from hearth.communities.invitations import Target, send
from hearth.communities.models import Community, Membership
from hearth.conversations import services as talk
from hearth.conversations.models import Post
from hearth.core.models import Event
from hearth.core.registry import DemoRun, demo_generator
from hearth.facilitation.selectors import waiting_posts
from hearth.people.models import Person

from .company import PERSONAS

WAITING = [
    ("Which test tools do we use for 5G small cells?", "We start a pilot next month."),
    ("Who owns the fibre rollout map for Porto?", "I need the latest version for a customer."),
    ("Is there a template for a store incident report?", "Mine keeps getting sent back."),
]


def _persona(role: str) -> Person | None:
    return Person.objects.filter(display_name=PERSONAS[role][0], is_active=True).first()


def seed_personas() -> int:
    """Write what the personas need to find; answer how many things were new."""
    ana, naveen = _persona("employee"), _persona("facilitator")
    if ana is None or naveen is None:
        return 0
    return _invitation_for(ana) + _queue_for(naveen)


def _invitation_for(ana: Person) -> int:
    # One sent as a person sends it (with its event, so she is notified): the generator's
    # invented past may hold another, which notified nobody.
    sent = Event.objects.filter(verb="invitation.sent", metadata__invitee=ana.pk)
    if sent.exists():
        return 0
    places = (
        Community.objects.filter(state=Community.State.ACTIVE, privacy=Community.Privacy.OPEN)
        .exclude(memberships__person=ana, memberships__state=Membership.State.ACTIVE)
        .annotate(size=Count("memberships"))
        .order_by("-size", "pk")
    )
    for place in places[:20]:
        lead = (
            Membership.objects.filter(
                community=place,
                state=Membership.State.ACTIVE,
                role__in=[Membership.Role.OWNER, Membership.Role.FACILITATOR],
                person__is_active=True,
            )
            .exclude(person=ana)
            .select_related("person")
            .order_by("pk")
            .first()
        )
        if lead is None:
            continue
        planned = send(
            actor=lead.person,
            community=place,
            target=Target(usernames=[ana.username]),
            template="Hi {first_name}, {reason}: would you join {community}?",
        )
        made = sum(1 for item in planned if not item.skipped)
        if made:  # (skipped where she already had one: then the next place)
            return made
    return 0


def _queue_for(naveen: Person) -> int:
    led = Community.objects.filter(
        state=Community.State.ACTIVE,
        memberships__person=naveen,
        memberships__state=Membership.State.ACTIVE,
        memberships__role__in=[Membership.Role.OWNER, Membership.Role.FACILITATOR],
    ).order_by("pk")
    place = led.first()
    if place is None:
        place = (
            Community.objects.filter(state=Community.State.ACTIVE, privacy="open")
            .order_by("pk")
            .first()
        )
        if place is None:
            return 0
        Membership.objects.update_or_create(
            community=place,
            person=naveen,
            defaults={"role": Membership.Role.FACILITATOR, "state": Membership.State.ACTIVE},
        )
    recent = timezone.now() - datetime.timedelta(days=2)
    if waiting_posts().filter(community=place, published_at__gte=recent).count() >= 2:
        return 0
    askers = list(
        Person.objects.filter(
            is_active=True,
            memberships__community=place,
            memberships__state=Membership.State.ACTIVE,
            memberships__role=Membership.Role.MEMBER,
        ).order_by("pk")[: len(WAITING)]
    )
    made = 0
    for asker, (title, body) in zip(askers, WAITING, strict=False):
        talk.post_create(
            actor=asker,
            data=talk.PostIn(kind=Post.Kind.QUESTION, community=place, title=title, body=body),
        )
        made += 1
    return made


@demo_generator("personas", 50)
def write_personas(run: DemoRun) -> str:
    made = seed_personas()
    return f"Personas: {made} new (an invitation for Ana, questions in Naveen's queue)"
