"""The leadership corner, and delegation without ghost-writing: a delegate drafts, only the
leader publishes, and the post says who drafted it."""

from __future__ import annotations

import json

import pytest

from hearth.conversations import services as talk
from hearth.conversations.models import Post
from hearth.conversations.tests.factories import make_post
from hearth.core.errors import Conflict, Forbidden, Invalid
from hearth.core.events import events_dispatch
from hearth.feeds.selectors import home_feed_for
from hearth.leadership import selectors, services
from hearth.leadership.models import Draft
from hearth.notifications.models import Notification
from hearth.notifications.selectors import decorate


def texts_for(person) -> list[str]:
    events_dispatch()
    return [n.text for n in decorate(person, list(Notification.objects.filter(recipient=person)))]


@pytest.fixture
def delegated(company):
    """Grace (CEO) lets Ana draft for her."""
    services.delegate_grant(actor=company.ceo, delegate=company.member)
    return company.ceo, company.member


def test_the_corner_shows_leaders_own_posts_and_can_join_the_home_feed(company, places):
    leader_post = make_post(company.ceo, None, body="Our strategy for 2027")
    make_post(company.member, places.open, body="Not a leader's post")
    assert list(selectors.corner_for(company.colleague)) == [leader_post]
    assert leader_post not in home_feed_for(company.colleague)
    services.corner_follow(actor=company.colleague)
    assert leader_post in home_feed_for(company.colleague)


def test_only_leaders_delegate_and_never_to_themselves(company):
    with pytest.raises(Forbidden):
        services.delegate_grant(actor=company.member, delegate=company.colleague)
    with pytest.raises(Invalid):
        services.delegate_grant(actor=company.ceo, delegate=company.ceo)
    with pytest.raises(Invalid):
        services.delegate_grant(actor=company.ceo, delegate=company.former)


def test_a_draft_is_invisible_until_the_leader_approves_it_then_labelled(company, delegated):
    ceo, ana = delegated
    draft = services.draft_create(
        actor=ana, leader=ceo, kind="update", body="Thank you all for a record quarter."
    )
    assert not Post.objects.filter(body__contains="record quarter").exists()
    assert texts_for(ceo) == ["Ana Ribeiro drafted a post for you to approve"]
    post = services.draft_approve(
        actor=ceo, draft=draft, body="Thank you all for a record quarter. I am proud of this team."
    )
    post.refresh_from_db()
    assert post.author == ceo and post.drafted_by == ana
    assert post.body.endswith("proud of this team.")
    assert texts_for(ana)[-1] == "Grace Mensah approved and published your draft"
    with pytest.raises(Conflict):
        services.draft_approve(actor=ceo, draft=draft)


def test_only_the_leader_approves_and_delegation_can_end(company, delegated):
    ceo, ana = delegated
    draft = services.draft_create(actor=ana, leader=ceo, kind="update", body="Hello team")
    for someone in (ana, company.vp):
        with pytest.raises(Forbidden):
            services.draft_approve(actor=someone, draft=draft)
    services.draft_decline(actor=ceo, draft=draft, note="I will write this one myself")
    assert Draft.objects.get(pk=draft.pk).state == "declined"
    services.delegate_revoke(actor=ceo, delegate=ana)
    with pytest.raises(Forbidden):
        services.draft_create(actor=ana, leader=ceo, kind="update", body="One more")
    with pytest.raises(Forbidden):
        services.draft_create(actor=company.colleague, leader=ceo, kind="update", body="Hi")


def test_replies_written_by_the_leader_carry_no_label(company, delegated, client):
    ceo, ana = delegated
    post = services.draft_approve(
        actor=ceo,
        draft=services.draft_create(
            actor=ana, leader=ceo, kind="update", body="Town hall on Friday"
        ),
    )
    talk.comment_create(actor=ceo, post=post, body="Questions welcome in advance")
    client.force_login(company.vp)
    page = client.get(post.get_absolute_url()).content.decode()
    assert page.count("drafted by Ana Ribeiro, approved by Grace Mensah") == 1
    own = make_post(ceo, None, body="Written by me")
    assert "drafted by" not in client.get(own.get_absolute_url()).content.decode()


def test_bad_drafts_are_refused_and_nothing_is_saved(company, delegated):
    ceo, ana = delegated
    with pytest.raises(Invalid):
        services.draft_create(actor=ana, leader=ceo, kind="poll", body="Vote!")
    with pytest.raises(Invalid):
        services.draft_create(actor=ana, leader=ceo, kind="article", body="No title")
    assert Draft.objects.count() == 0


def test_the_api_drafts_approves_and_shows_the_label(company, delegated, api_as):
    ceo, ana = delegated
    made = api_as(ana).post(
        "/api/v1/leaders/drafts",
        json.dumps({"leader": "grace", "body": "Welcome to our new colleagues"}),
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["state"] == "pending"
    draft_id = made.json()["id"]
    assert (
        api_as(company.vp)
        .post(f"/api/v1/leaders/drafts/{draft_id}/approve", "{}", content_type="application/json")
        .status_code
        == 404
    )
    done = api_as(ceo).post(
        f"/api/v1/leaders/drafts/{draft_id}/approve", "{}", content_type="application/json"
    )
    assert done.status_code == 201
    assert done.json()["author"]["username"] == "grace" and done.json()["drafted_by"] == "ana"
    again = api_as(ceo).post(
        f"/api/v1/leaders/drafts/{draft_id}/approve", "{}", content_type="application/json"
    )
    assert again.status_code == 409
    corner = api_as(company.colleague).get("/api/v1/leaders/feed").json()
    assert corner["items"][0]["drafted_by"] == "ana"


def test_the_pages(client, company, delegated):
    ceo, ana = delegated
    client.force_login(ana)
    bad = client.post(
        "/leaders/drafts/new/",
        {"leader": "grace", "kind": "article", "title": "", "body": "Keep my words"},
    )
    assert bad.status_code == 422 and b"Keep my words" in bad.content
    client.post(
        "/leaders/drafts/new/", {"leader": "grace", "kind": "update", "body": "Quarterly thanks"}
    )
    draft = Draft.objects.get()
    assert (
        client.post(
            f"/leaders/drafts/{draft.pk}/", {"decision": "approve", "body": "Hijack"}
        ).status_code
        == 404
    )
    client.force_login(ceo)
    assert b"Quarterly thanks" in client.get("/leaders/delegation/").content
    done = client.post(
        f"/leaders/drafts/{draft.pk}/",
        {"decision": "approve", "body": "Quarterly thanks, all"},
        follow=True,
    )
    assert b"drafted by Ana Ribeiro, approved by Grace Mensah" in done.content
    client.force_login(company.colleague)
    assert client.get("/leaders/drafts/new/").status_code == 404
    corner = client.get("/leaders/")
    assert corner.status_code == 200 and b"Quarterly thanks, all" in corner.content


def test_drafting_is_for_leaders_and_their_delegates(client, company, delegated):
    ceo, ana = delegated
    for person, status in ((ceo, 200), (ana, 200), (company.colleague, 404), (company.admin, 404)):
        client.force_login(person)
        assert client.get("/leaders/delegation/").status_code == status, person.username
    services.delegate_revoke(actor=ceo, delegate=ana)
    client.force_login(ana)
    assert client.get("/leaders/delegation/").status_code == 404
