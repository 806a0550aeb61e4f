"""Endorsements, people to meet, double opt-in introductions, and a newcomer's first steps."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from hearth.core.errors import Conflict, Forbidden, Invalid
from hearth.core.events import events_dispatch
from hearth.facilitation import selectors, services
from hearth.facilitation.models import Introduction
from hearth.feeds import services as feeds
from hearth.notifications.models import Notification
from hearth.notifications.selectors import decorate
from hearth.people.models import Person
from hearth.people.services import tags_from_names
from hearth.people.tests.factories import PersonFactory


def texts_for(person) -> list[str]:
    events_dispatch()
    return [n.text for n in decorate(person, list(Notification.objects.filter(recipient=person)))]


def test_colleagues_endorse_skills_people_list(company, client):
    ana = company.member
    ana.skills.set(tags_from_names(["Python", "Kubernetes"]))
    services.skill_endorse(actor=company.manager, person=ana, skill="python")
    services.skill_endorse(actor=company.manager, person=ana, skill="Python")  # once
    assert selectors.endorsements_of(ana) == {ana.skills.get(name="Python").pk: 1}
    assert texts_for(ana) == ["Maria Lopez endorsed you for Python"]
    with pytest.raises(Invalid, match="yourself"):
        services.skill_endorse(actor=ana, person=ana, skill="Python")
    with pytest.raises(Invalid, match="profile"):
        services.skill_endorse(actor=company.manager, person=ana, skill="Cobol")
    client.force_login(company.ceo)
    page = client.get("/people/ana/")
    assert b"</svg> Endorse</button>" in page.content
    client.post("/facilitation/people/ana/endorse/", {"skill": "Kubernetes"})
    assert b"Endorsed" in client.get("/people/ana/").content


def test_endorsements_through_the_api(company, api_as):
    company.member.skills.set(tags_from_names(["Python"]))
    maria = api_as(company.manager)
    done = maria.post(
        "/api/v1/people/ana/endorsements",
        json.dumps({"skill": "Python"}),
        content_type="application/json",
    )
    assert done.json() == [{"skill": "Python", "endorsements": 1, "by_me": True}]
    bad = maria.post(
        "/api/v1/people/ana/endorsements",
        json.dumps({"skill": "Cobol"}),
        content_type="application/json",
    )
    assert bad.status_code == 422


@pytest.fixture
def kindred(company):
    """Ana (Engineering) and Lea (Lisbon, another department) both like sailing."""
    company.member.interests.set(tags_from_names(["Sailing"]))
    lea = PersonFactory(username="lea", display_name="Lea Lopes", country="PT")
    lea.interests.set(tags_from_names(["Sailing"]))
    return lea


def test_people_who_share_interests_and_never_met_are_suggested(company, kindred):
    suggested = selectors.people_to_meet(company.member)
    assert [(s["person"].username, s["shared"]) for s in suggested] == [("lea", ["Sailing"])]
    feeds.person_follow(actor=company.member, person=kindred)
    assert selectors.people_to_meet(company.member) == []


def test_an_introduction_needs_both_to_say_yes(company, kindred):
    intro = services.introduction_create(
        actor=company.member, first=company.member, second=kindred, note="Fellow sailor!"
    )
    assert intro.state == "pending" and intro.first_answer == "accepted"
    assert texts_for(kindred) == ["Ana Ribeiro would like to meet you"]
    services.introduction_answer(actor=kindred, introduction=intro, accept=True)
    intro.refresh_from_db()
    assert intro.state == "connected" and intro.connected_at
    assert "You and Lea Lopes are connected: say hello" in texts_for(company.member)
    with pytest.raises(Conflict):
        services.introduction_answer(actor=kindred, introduction=intro, accept=False)
    with pytest.raises(Conflict, match="already introduced"):
        services.introduction_create(actor=company.member, first=kindred, second=company.member)


def test_bad_introductions_are_refused(company, kindred, places):
    with pytest.raises(Invalid) as caught:
        services.introduction_create(
            actor=company.member, first=company.member, second=company.member
        )
    assert caught.value.errors[0].message == "Introduce two different people."
    with pytest.raises(Invalid):
        services.introduction_create(
            actor=company.member, first=company.member, second=company.former
        )
    with pytest.raises(Forbidden):
        services.introduction_create(actor=company.colleague, first=company.member, second=kindred)
    made = services.introduction_create(
        actor=company.vp, first=company.member, second=kindred, community=places.open
    )
    assert made.first_answer == made.second_answer == "pending"
    assert Introduction.objects.count() == 1


def test_an_unanswered_introduction_is_followed_up_once(company, kindred):
    intro = services.introduction_create(actor=company.member, first=company.member, second=kindred)
    Introduction.objects.filter(pk=intro.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=8)
    )
    assert services.introductions_follow_up() == 1
    assert services.introductions_follow_up() == 0
    assert "Ana Ribeiro is waiting for your answer to an introduction" in texts_for(kindred)


def test_introductions_through_pages_and_the_api(client, company, kindred, api_as):
    client.force_login(company.member)
    page = client.get("/facilitation/meet/")
    assert b"Lea Lopes" in page.content and b"Introduce me" in page.content
    client.post("/facilitation/introduce/", {"first": "ana", "second": "lea"})
    intro = Introduction.objects.get()
    lea = api_as(kindred)
    mine = lea.get("/api/v1/introductions").json()
    assert mine[0]["state"] == "pending" and mine[0]["my_answer"] == "pending"
    answered = lea.post(
        f"/api/v1/introductions/{intro.pk}/answer",
        json.dumps({"accept": True}),
        content_type="application/json",
    )
    assert answered.json()["state"] == "connected"
    self_intro = api_as(company.member).post(
        "/api/v1/introductions",
        json.dumps({"first": "ana", "second": "ana"}),
        content_type="application/json",
    )
    assert self_intro.status_code == 422


def test_facilitators_see_pairs_to_introduce_in_their_community(client, company, places, kindred):
    from hearth.communities import services as communities

    communities.community_join(actor=kindred, community=places.open)
    pairs = selectors.pairs_in(places.open)
    assert {(p["first"].username, p["second"].username) for p in pairs} & {
        ("ana", "lea"),
        ("lea", "ana"),
    }
    client.force_login(company.vp)
    assert (
        b"Lea Lopes" in client.get(f"/facilitation/communities/{places.open.slug}/pairs/").content
    )
    client.force_login(company.colleague)
    assert client.get(f"/facilitation/communities/{places.open.slug}/pairs/").status_code == 404


def test_a_newcomer_gets_a_checklist_and_facilitators_welcome_their_hello(client, company, places):
    newcomer = PersonFactory(username="nina", display_name="Nina New", department=None)
    from hearth.communities import services as communities

    communities.community_join(actor=newcomer, community=places.open)
    client.force_login(newcomer)
    home = client.get("/")
    assert b"Welcome! Your first steps" in home.content and b"1/4" in home.content
    bad = client.post("/facilitation/hello/", {"community": places.open.slug, "body": ""})
    assert bad.status_code == 422
    client.post(
        "/facilitation/hello/",
        {"community": places.open.slug, "body": "I join the network team in Porto."},
    )
    assert "Nina New is new and said hello: welcome them" in texts_for(company.vp)
    assert selectors.welcome(newcomer)["steps"]["introduction"]
    Person.objects.filter(pk=company.member.pk).update(
        date_joined=timezone.now() - datetime.timedelta(days=90)
    )
    client.force_login(Person.objects.get(pk=company.member.pk))
    assert b"Welcome! Your first steps" not in client.get("/").content


def test_expert_settings_page_and_api(client, company, api):
    client.force_login(company.member)
    far = (timezone.localdate() + datetime.timedelta(days=500)).isoformat()
    bad = client.post("/facilitation/expert-settings/", {"away_until": far})
    assert bad.status_code == 422 and far.encode() in bad.content
    client.post("/facilitation/expert-settings/", {"opted_out": "on"})
    assert selectors.preference_of(company.member).opted_out
    assert api.get("/api/v1/me/expert-preferences").json()["opted_out"] is True
    assert api.get("/api/v1/me/welcome").json()["newcomer"] in (True, False)


def test_the_pairs_page_costs_the_same_for_few_or_many_members(client, company, places):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hearth.communities import services as communities

    client.force_login(company.vp)
    url = f"/facilitation/communities/{places.open.slug}/pairs/"

    def join(n: int, start: int) -> None:
        for i in range(start, start + n):
            person = PersonFactory(username=f"sailor{i}", country="PT" if i % 2 else "ES")
            person.interests.set(tags_from_names(["Sailing"]))
            communities.community_join(actor=person, community=places.open)

    def cost() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    join(3, 0)
    few = cost()
    join(12, 3)
    assert cost() == few
