"""Block and mute: what the blocked person can no longer do, and what the blocker stops seeing."""

from __future__ import annotations

import json

from hearth.communities.invitations import Target, plan
from hearth.conversations import services as talk
from hearth.conversations.tests.factories import make_post
from hearth.core.errors import Forbidden
from hearth.core.events import events_dispatch
from hearth.notifications.models import Notification


def test_a_block_stops_mentions_replies_invitations_and_hides_their_content(
    api, api_as, company, places
):
    ana, carlos = company.member, company.colleague
    old = make_post(carlos, None, body="Carlos before the block")
    reply = talk.comment_create(
        actor=carlos, post=make_post(company.vp, None, body="Hi"), body="Carlos replies"
    )
    response = api.post("/api/v1/people/carlos/block")
    assert response.status_code == 200 and response.json() == {"blocked": True, "muted": False}
    assert api.get("/api/v1/me/blocks").json() == {"blocked": ["carlos"], "muted": []}
    # Ana no longer sees what Carlos wrote: feeds, the post itself, comments, search.
    assert api.get(f"/api/v1/posts/{old.pk}").status_code == 404
    assert "Carlos replies" not in json.dumps(
        api.get(f"/api/v1/posts/{reply.post_id}/comments").json()
    )
    assert api.get("/api/v1/search?q=Carlos+before").json()["items"] == []
    # Carlos can no longer reach her.
    mine = make_post(ana, None, body="My post")
    carlos_api = api_as(carlos)
    refused = carlos_api.post(
        f"/api/v1/posts/{mine.pk}/comments",
        json.dumps({"body": "Hey"}),
        content_type="application/json",
    )
    assert refused.status_code == 403 and "cannot reply" in refused.json()["detail"]
    make_post(carlos, None, body="Look at this @ana")
    events_dispatch()
    assert not Notification.objects.filter(recipient=ana).exists()
    # Victor still sees Carlos; only Ana chose not to.
    assert api_as(company.vp).get(f"/api/v1/posts/{old.pk}").status_code == 200
    assert api.delete("/api/v1/people/carlos/block").json() == {"blocked": False, "muted": False}
    assert api.get(f"/api/v1/posts/{old.pk}").status_code == 200


def test_a_blocked_person_cannot_invite_the_blocker(company, places):
    from hearth.trust.services import block_set

    def skipped(usernames):
        target = Target(usernames=usernames)
        rows = plan(actor=company.manager, community=places.open, target=target, template="Hi")
        return {p.person.username: p.skipped for p in rows}

    assert skipped(["grace"]) == {"grace": ""}
    block_set(actor=company.ceo, person=company.manager, blocked=True)
    assert skipped(["grace"]) == {"grace": "does not take invitations from you"}


def test_muting_quiets_feeds_and_notifications_but_blocks_nothing(api, api_as, company):
    ana, victor = company.member, company.vp
    api.post("/api/v1/people/victor/follow")
    post = make_post(victor, None, body="Victor's news")
    assert [p["id"] for p in api.get("/api/v1/feed").json()["items"]] == [post.pk]
    assert api.post("/api/v1/people/victor/mute").json() == {"blocked": False, "muted": True}
    assert api.get("/api/v1/feed").json()["items"] == []
    assert api.get(f"/api/v1/posts/{post.pk}").status_code == 200  # still reachable
    mine = make_post(ana, None, body="Mine")
    talk.comment_create(actor=victor, post=mine, body="A reply @ana")  # allowed
    events_dispatch()
    assert not Notification.objects.filter(recipient=ana).exists()


def test_bad_block_requests(api, company):
    assert api.post("/api/v1/people/ana/block").status_code == 422  # oneself
    assert api.post("/api/v1/people/nobody/block").status_code == 404
    assert api.post("/api/v1/people/ana/mute").status_code == 422
    assert api.post("/api/v1/people/carlos/block").status_code == 200
    assert api.post("/api/v1/people/carlos/block").status_code == 200  # already: no change
    assert api.get("/api/v1/me/blocks").json()["blocked"] == ["carlos"]


def test_the_profile_buttons_and_the_list(client, company):
    client.force_login(company.member)
    page = client.get("/people/carlos/").content.decode()
    assert ">Block</button>" in page and ">Mute</button>" in page
    done = client.post("/moderation/people/carlos/block/", {"on": "1"}, follow=True)
    assert "Carlos Diaz is blocked." in done.content.decode()
    assert ">Unblock</button>" in client.get("/people/carlos/").content.decode()
    listing = client.get("/moderation/blocked/").content.decode()
    assert "Carlos Diaz" in listing
    after = client.post(
        "/moderation/people/carlos/block/",
        {"on": "0", "next": "/moderation/blocked/"},
        follow=True,
    ).content.decode()
    assert "Carlos Diaz is no longer blocked." in after
    assert after.count("Nobody.") == 2
    assert client.post("/moderation/people/nobody/mute/", {"on": "1"}).status_code == 404


def test_replying_to_a_blocker_is_refused_in_the_service_too(company):
    from hearth.trust.services import block_set

    post = make_post(company.member, None, body="Mine")
    block_set(actor=company.member, person=company.colleague, blocked=True)
    try:
        talk.comment_create(actor=company.colleague, post=post, body="Hey")
    except Forbidden as error:
        assert "cannot reply" in error.detail
    else:
        raise AssertionError("the reply went through")
