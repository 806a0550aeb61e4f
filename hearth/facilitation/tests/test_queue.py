"""No black hole: what waits for a response is listed for facilitators, acknowledged, and
escalated to facilitators past the target and to sponsors past twice the target."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from hearth.communities import services as communities
from hearth.conversations import services as talk
from hearth.conversations.models import Post
from hearth.conversations.tests.factories import make_post
from hearth.core.errors import Conflict, Forbidden
from hearth.core.events import events_dispatch
from hearth.facilitation import selectors, services
from hearth.notifications.models import Notification
from hearth.notifications.selectors import decorate


def aged(post, hours: float) -> Post:
    when = timezone.now() - datetime.timedelta(hours=hours)
    Post.objects.filter(pk=post.pk).update(published_at=when, created_at=when)
    return Post.objects.get(pk=post.pk)


def texts_for(person) -> list[str]:
    events_dispatch()
    return [n.text for n in decorate(person, list(Notification.objects.filter(recipient=person)))]


def test_facilitators_see_what_waits_oldest_first_with_questions_apart(company, places):
    old = aged(make_post(company.member, places.open, body="Our router firmware plan"), 30)
    new = make_post(company.manager, places.open, body="Anyone tried the new VPN?")
    question = make_post(
        company.member,
        places.open,
        kind="question",
        title="Who owns DNS?",
        body="Who owns DNS here?",
    )
    queue = selectors.queue_for(company.vp)
    assert [p.pk for p in queue["waiting"]] == [old.pk, new.pk]
    assert [p.pk for p in queue["questions"]] == [question.pk]
    assert queue["waiting"][0].overdue and not queue["waiting"][1].overdue
    assert queue["communities"][0]["waiting"] == 3
    talk.comment_create(actor=company.member, post=new, body="Yes, it works")
    assert new.pk not in [p.pk for p in selectors.queue_for(company.vp)["waiting"]]
    assert selectors.queue_for(company.colleague)["communities"] == []


def test_a_facilitator_acknowledges_and_nobody_else_can(company, places):
    post = make_post(company.member, places.open, body="Our router firmware plan")
    with pytest.raises(Forbidden):
        services.post_acknowledge(actor=company.colleague, post=post)
    services.post_acknowledge(actor=company.vp, post=post)
    assert Post.objects.get(pk=post.pk).acknowledged_at is not None
    own = make_post(company.vp, places.open, body="Victor's own note")
    with pytest.raises(Conflict):
        services.post_acknowledge(actor=company.vp, post=own)


def test_past_the_target_facilitators_hear_and_past_twice_the_target_sponsors(company, places):
    communities.member_add(
        actor=company.manager, community=places.open, person=company.ceo, role="sponsor"
    )
    post = aged(make_post(company.member, places.open, body="Is the Lisbon link flapping?"), 25)
    assert services.waiting_escalate() == {"facilitators": 1, "sponsors": 0}
    assert services.waiting_escalate() == {"facilitators": 0, "sponsors": 0}  # once
    assert texts_for(company.vp) == [
        "“Is the Lisbon link flapping?” has waited 25 hours for a response"
    ]
    assert texts_for(company.ceo) == []
    aged(post, 49)
    assert services.waiting_escalate() == {"facilitators": 0, "sponsors": 1}
    assert texts_for(company.ceo) == [
        "“Is the Lisbon link flapping?” has waited 49 hours for a response"
    ]


def test_the_queue_page_and_api(client, company, places, api_as):
    post = make_post(company.member, places.open, body="Our router firmware plan")
    client.force_login(company.vp)
    page = client.get("/facilitation/")
    assert page.status_code == 200 and b"Our router firmware plan" in page.content
    done = client.post(f"/facilitation/posts/{post.pk}/acknowledge/", follow=True)
    assert b"Acknowledged" in done.content
    client.force_login(company.colleague)
    assert client.get("/facilitation/").status_code == 404
    other = make_post(company.member, places.open, body="Second thought")
    victor = api_as(company.vp)
    queue = victor.get("/api/v1/facilitation/queue").json()
    assert [w["post"] for w in queue["waiting"]] == [other.pk]
    assert victor.post(f"/api/v1/facilitation/posts/{other.pk}/acknowledge").status_code == 200
    assert (
        api_as(company.colleague)
        .post(f"/api/v1/facilitation/posts/{other.pk}/acknowledge")
        .status_code
        == 403
    )


def test_the_queue_costs_the_same_for_few_or_many_posts(client, company, places):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(company.vp)

    def cost() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/facilitation/").status_code == 200
        return len(captured)

    for i in range(2):
        make_post(company.member, places.open, body=f"Thought {i}")
    few = cost()
    for i in range(2, 10):
        make_post(company.member, places.open, body=f"Thought {i}")
    assert cost() == few
