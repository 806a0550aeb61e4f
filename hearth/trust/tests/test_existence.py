"""Existence is a secret too: a #topic used only in private or secret posts, and a draft
community, answer like names nobody used to everyone who cannot see them."""

from __future__ import annotations

import datetime

from django.test import Client

from hearth.communities import services as communities
from hearth.conversations.tests.factories import make_post


def _signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _declare(person, skill: str) -> None:
    from hearth.people.services import person_update_profile

    person_update_profile(
        actor=person, person=person, display_name=person.display_name, skills=[skill]
    )


def test_a_topic_used_only_in_a_secret_post_answers_like_a_name_nobody_used(
    company, places, api_as
):
    make_post(company.ceo, places.secret, body="Budget cuts #layoffsplan2027")
    outsider, insider = company.manager, company.member
    for name in ("layoffsplan2027", "neverusedanywhere"):
        assert _signed_in(outsider).get(f"/topics/{name}/").status_code == 404
        assert api_as(outsider).get(f"/api/v1/topics/{name}/feed").status_code == 404
        assert api_as(outsider).get(f"/api/v1/insights/experts/{name}").status_code == 404
    assert _signed_in(insider).get("/topics/layoffsplan2027/").status_code == 200
    assert api_as(insider).get("/api/v1/topics/layoffsplan2027/feed").status_code == 200
    # The directory's skill filter lists declared skills and interests, not topics.
    directory = _signed_in(outsider).get("/people/").content.decode()
    assert "layoffsplan2027" not in directory
    from hearth.insights.selectors import experts_on

    assert experts_on(outsider, "layoffsplan2027") == {}
    assert experts_on(insider, "layoffsplan2027")["expert_tag"].name == "layoffsplan2027"


def test_a_declared_skill_is_a_known_topic_even_without_posts(company, api_as):
    _declare(company.member, "Kubernetes")
    assert api_as(company.ceo).get("/api/v1/topics/kubernetes/feed").status_code == 200
    assert "Kubernetes" in _signed_in(company.ceo).get("/people/").content.decode()


def test_the_exact_spelling_wins_between_a_skill_and_a_topic(company, places, api_as):
    """ "Kanban" (a skill) and "kanban" (a topic) are two tags: each name opens its own."""
    _declare(company.member, "Kanban")
    make_post(company.manager, places.open, body="Board news #kanban")
    feed = api_as(company.ceo).get("/api/v1/topics/kanban/feed").json()
    assert [p["body"] for p in feed["items"]] == ["Board news #kanban"]


def test_a_mention_links_no_community_its_readers_may_not_know_of(company, places):
    draft = communities.community_create(
        actor=company.vp,
        name="Quiet reorg",
        kind="purpose",
        state="draft",
        purpose="Plan the reorg",
        business_goal="A leaner org",
        deliverable="A plan",
        starts_on=datetime.date.today(),
        ends_on=datetime.date.today() + datetime.timedelta(60),
    )
    post = make_post(
        company.member,
        None,
        body=f"Ping @{draft.slug}, @{places.secret.slug} and @{places.private.slug}",
    )
    assert f'href="/communities/{draft.slug}/"' not in post.html
    assert f'href="/communities/{places.secret.slug}/"' not in post.html
    assert f'href="/communities/{places.private.slug}/"' in post.html  # known to everyone
