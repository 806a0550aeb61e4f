"""Each demo person at work on first sign-in, on two seeds:
- the employee has notifications, an invitation with its reason and an introduction to answer;
- the facilitator's queue holds questions waiting for an answer, and people to introduce;
- the executive has posts of her own, AMA answers, and a scorecard with figures and peers;
- the administrator has reports to moderate, an audit log with history and content filters."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from hearth.communities.models import Invitation, Membership
from hearth.core.events import events_dispatch
from hearth.core.models import Event
from hearth.demo.company import PERSONAS
from hearth.demo.personas import seed_personas
from hearth.demo.roles import seed_roles
from hearth.leadership.scorecard import scorecard_for
from hearth.moderation.models import Report
from hearth.people.models import Person

pytestmark = pytest.mark.django_db


def person(role: str) -> Person:
    return Person.objects.get(display_name=PERSONAS[role][0])


@pytest.mark.parametrize("seed", [42, 7])
def test_each_demo_person_finds_their_pages_full(client, seed):
    call_command("seed", people=150, seed=seed, days=60, stdout=open("/dev/null", "w"))  # noqa: SIM115
    events_dispatch()
    ana, naveen = person("employee"), person("facilitator")
    sent = Event.objects.get(verb="invitation.sent", metadata__invitee=ana.pk)
    invitation = Invitation.objects.get(pk=sent.object_id, state=Invitation.State.SENT)
    assert invitation.reason

    client.force_login(ana)
    assert "bell-count" in client.get("/").content.decode()
    notes = client.get("/notifications/").content.decode()
    assert "invited you" in notes and "Naveen Kumar would like you to meet" in notes
    meet = client.get("/facilitation/meet/").content.decode()
    assert "Ana, meet" in meet and "Yes, introduce us" in meet  # Naveen introduced her

    client.force_login(naveen)
    queue = client.get("/facilitation/").content.decode()
    assert "Which test tools do we use for 5G small cells?" in queue
    led = Membership.objects.filter(person=naveen, role__in=["owner", "facilitator"])
    place = led.filter(community__state="active").order_by("community_id").first().community
    pairs = client.get(f"/facilitation/communities/{place.slug}/pairs/").content.decode()
    assert "Introduce them" in pairs  # people to introduce

    grace = person("executive")
    client.force_login(grace)
    profile = client.get(grace.get_absolute_url()).content.decode()
    assert "Back from Nairobi" in profile
    ama = client.get("/leaders/amas/ask-me-anything/").content.decode()
    assert "Grace Mensah" in ama and "Listen to customers first" in ama  # her answers
    card = client.get("/leaders/scorecard/").content.decode()
    assert "of your executive team" in card  # placed among peers
    assert card.count('<td><a href="/people/') >= 2  # a comparison with peers who share
    card_data = scorecard_for(grace)
    assert card_data["measures"]["personal_posts"] >= 3 and card_data["measures"]["readers"] > 50

    client.force_login(person("administrator"))
    assert "Nothing in the log matches." not in client.get("/moderation/audit/").content.decode()
    moderation = client.get("/moderation/").content.decode()
    assert "Nothing waits for a moderator." not in moderation
    assert Report.objects.filter(state="open").count() >= 2
    assert "customer list export" in client.get("/moderation/filters/").content.decode()

    assert seed_personas() == 0  # run again, nothing new
    assert seed_roles(seed=seed) == 0


@pytest.mark.parametrize("people", [300, 3000])
def test_each_persona_is_the_one_person_of_that_name_with_the_plain_address(people):
    """A bigger company draws its own "Ana Ribeiro" (or an "Ana Paula Ribeiro"): the persona keeps
    the name and the address the README gives, the namesake takes a middle initial."""
    from hearth.demo.company import CompanyGenerator, persona_emails

    employees = CompanyGenerator(people, 42).build()
    names = [e.name for e in employees]
    assert all(names.count(name) == 1 for name, *_rest in PERSONAS.values())
    expected = {
        role: f"{name.lower().replace(' ', '.')}@tellall.example"
        for role, (name, *_rest) in PERSONAS.items()
    }
    assert persona_emails(employees) == expected
    emails = [e.email for e in employees]
    assert len(set(emails)) == len(emails)
