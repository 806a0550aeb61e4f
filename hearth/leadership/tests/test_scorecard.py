"""The leader scorecard: written personally (drafted posts apart), responsiveness to questions
addressed to the leader or asked where they sponsor, reach, sponsored communities' health, the
position among at least 5 peers, an opt-in ranked comparison, and concrete suggestions."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from hearth.communities.models import Membership
from hearth.conversations import services as talk
from hearth.conversations.models import Comment, Post
from hearth.conversations.tests.factories import make_post
from hearth.core.errors import Forbidden
from hearth.leadership import scorecard as cards
from hearth.leadership import services
from hearth.people.services import org_recompute
from hearth.people.tests.factories import PersonFactory

LONG = "A question long enough to be a real question for a leader?"


@pytest.fixture
def peers(company):
    """Victor (VP, level 1) and five more leaders at his level."""
    others = [
        PersonFactory(
            username=f"lead{i}",
            display_name=f"Leader {i}",
            manager=company.ceo,
            leader_override=True,
        )
        for i in range(5)
    ]
    org_recompute()
    for person in [company.vp, *others]:
        person.refresh_from_db()
    assert {p.org_level for p in others} == {company.vp.org_level}
    return others


def _ago(post_or_comment, **delta):
    when = timezone.now() - datetime.timedelta(**delta)
    if isinstance(post_or_comment, Post):
        Post.objects.filter(pk=post_or_comment.pk).update(created_at=when, published_at=when)
    else:
        Comment.objects.filter(pk=post_or_comment.pk).update(created_at=when)


@pytest.fixture
def victor_active(company, places, peers):
    """Victor writes two posts himself, publishes one a delegate drafted, answers a question
    addressed to him three hours after it was asked, and leaves one in a community he sponsors
    waiting for three days."""
    vp = company.vp
    Membership.objects.filter(community=places.open, person=vp).update(role="sponsor")
    make_post(vp, places.open, body="Our network plan for next year, in my own words.")
    make_post(vp, None, body="What I learnt visiting the Madrid team this week.")
    services.delegate_grant(actor=vp, delegate=company.member)
    draft = services.draft_create(
        actor=company.member,
        leader=vp,
        kind="update",
        body="A draft Ana wrote for Victor to approve.",
    )
    services.draft_approve(actor=vp, draft=draft)
    asked = make_post(
        company.member, places.open, kind="question", title="Budget?", body=f"@victor {LONG}"
    )
    _ago(asked, hours=5)
    answer = talk.comment_create(actor=vp, post=asked, body="Yes: the budget is approved.")
    _ago(answer, hours=2)
    waiting = make_post(
        company.manager, places.open, kind="question", title="Lab access?", body=LONG
    )
    _ago(waiting, days=3)
    return vp


def test_measures_separate_personal_from_drafted_and_time_the_answers(victor_active):
    m = cards.measures([victor_active.pk])[victor_active.pk]
    assert (m["personal_posts"], m["drafted_posts"], m["replies"]) == (2, 1, 1)
    assert (m["questions"], m["answered"], m["answered_share"]) == (2, 1, 0.5)
    assert m["median_response_hours"] == 3.0


def test_the_scorecard_places_the_leader_among_peers_and_suggests(victor_active):
    card = cards.scorecard_for(victor_active)
    assert card["peers"] == 6
    assert card["position"]["stars"] == 5 and card["position"]["percentile"] >= 80
    texts = [t["text"] for t in card["suggestions"]]
    assert "1 question to you is waiting for more than 2 days." in texts
    assert any("Host an Ask Me Anything" in t for t in texts)
    assert [row["community"].slug for row in card["communities"]] == ["network-ops"]


def test_no_position_with_fewer_than_five_peers(company):
    card = cards.scorecard_for(company.ceo)  # the top, with a one-VP executive team
    assert card["peers"] == 2 and card["position"] is None


def test_the_head_of_the_organisation_is_compared_with_the_executive_team(company, peers, client):
    """Alone at level 0, the chief executive is placed among the leaders one level down; those
    leaders are still compared among themselves only."""
    make_post(company.ceo, None, body="What I heard from customers in Nairobi this week.")
    card = cards.scorecard_for(company.ceo)
    assert card["peers"] == 7 and card["position"] is not None
    assert cards.scorecard_for(company.vp)["peers"] == 6
    client.force_login(company.ceo)
    page = client.get("/leaders/scorecard/").content.decode()
    assert "of your executive team (7 leaders, you included)" in page


def test_the_comparison_is_only_between_leaders_who_opt_in(company, victor_active, peers):
    assert cards.comparison_for(victor_active) is None
    cards.sharing_set(actor=victor_active, shared=True)
    rows = cards.comparison_for(victor_active)
    assert [r["person"].username for r in rows] == ["victor"]
    cards.sharing_set(actor=peers[0], shared=True)
    from django.core.cache import cache

    cache.clear()
    rows = cards.comparison_for(victor_active)
    assert [r["person"].username for r in rows] == ["victor", "lead0"]
    assert rows[0]["rank"] == 1 and rows[0]["stars"] >= rows[1]["stars"]
    with pytest.raises(Forbidden):
        cards.sharing_set(actor=company.member, shared=True)


def test_the_api(company, victor_active, api, api_as):
    assert api.get("/api/v1/leaders/scorecard").status_code == 403
    victor = api_as(victor_active)
    card = victor.get("/api/v1/leaders/scorecard").json()
    assert card["measures"]["personal_posts"] == 2 and card["position"]["stars"] == 5
    assert card["suggestions"][0]["url"].startswith("http")
    assert victor.get("/api/v1/leaders/scorecard/peers").status_code == 403
    shared = victor.put(
        "/api/v1/leaders/scorecard/sharing", {"shared": True}, content_type="application/json"
    )
    assert shared.json() == {"shared": True}
    rows = victor.get("/api/v1/leaders/scorecard/peers").json()
    assert rows[0]["leader"] == "victor" and rows[0]["rank"] == 1
    bad = victor.put(
        "/api/v1/leaders/scorecard/sharing", {"shared": "perhaps"}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert (
        api.put(
            "/api/v1/leaders/scorecard/sharing", {"shared": True}, content_type="application/json"
        ).status_code
        == 403
    )


def test_the_page_is_the_leaders_alone(company, victor_active, client):
    client.force_login(company.member)
    assert client.get("/leaders/scorecard/").status_code == 404
    client.force_login(victor_active)
    page = client.get("/leaders/scorecard/").content.decode()
    assert "1 question to you is waiting for more than 2 days." in page
    assert "Posts drafted by a delegate" in page and "Network Ops" in page
    assert client.post("/leaders/scorecard/", {"shared": "1"}).status_code == 302
    assert 'id="comparison"' in client.get("/leaders/scorecard/").content.decode()
