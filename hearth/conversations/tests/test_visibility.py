"""The visibility matrix: private and secret content never shows where it is not allowed.

Canary strings are written into posts, comments, topics and files of a private and a secret
community; every surface this capability adds is then read by a member, a non-member, a
removed ex-member, a deactivated person and an anonymous visitor.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from hearth.communities.tests.factories import CANARY_PRIVATE, CANARY_SECRET
from hearth.conversations import services
from hearth.conversations.tests.factories import make_post
from hearth.people.services import token_create

pytestmark = pytest.mark.django_db


def _png(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def world(company, places):
    """A public post, and canaries in the private and the secret community."""
    ana = company.member
    public = make_post(ana, places.open, body="Public news about routers #routers")
    hidden = {}
    for place, canary in ((places.private, CANARY_PRIVATE), (places.secret, CANARY_SECRET)):
        topic = canary.lower().replace("-", "")
        post = services.post_create(
            actor=ana,
            data=services.PostIn(
                kind="question",
                title=f"Question {canary}",
                body=f"{canary} body #{topic}",
                community=place,
            ),
            attachments=[_png(f"{canary}.png")],
        )
        services.comment_create(
            actor=company.manager if place == places.private else company.ceo,
            post=post,
            body=f"Answer {canary}",
        )
        services.reaction_set(
            actor=company.manager if place == places.private else company.ceo,
            post=post,
            kind="like",
        )
        hidden[canary] = (post, topic)
    return {"public": public, "hidden": hidden, "places": places}


def _session(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _api(person) -> Client:
    _token, raw = token_create(actor=person, person=person, name="matrix")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def _list_surfaces(canary: str, topic: str, places) -> list[str]:
    """Pages and API lists where a canary could leak through a list, a count or a suggestion."""
    # Search by parts of the canary: a page may echo what was typed, never what was found.
    word, suffix = canary.split("-")[1].lower(), canary.rsplit("-", 1)[1]
    return [
        "/",
        "/discover/",
        f"/topics/{topic}/",
        "/people/ana/",
        "/people/ana/activity/",
        f"/search/?q={suffix}",
        f"/search/?q={word}",
        f"/search/suggest/?q={suffix}",
        f"/posts/similar/?title=Question+{canary}",
        "/communities/",
        "/search/?q=merger&type=community",
        "/feed/new/?since=2000-01-01T00:00:00",
        f"/communities/{places.private.slug}/",
        "/api/v1/feed",
        "/api/v1/discover",
        "/api/v1/people/ana/activity",
        f"/api/v1/topics/{topic}/feed",
        f"/api/v1/search?q={suffix}",
        f"/api/v1/search?q={word}",
        "/api/v1/communities",
        "/api/v1/search?q=merger&type=community",
        "/api/v1/communities/recommended",
        "/api/v1/invitations",
        "/people/grace/",
    ]


def _object_urls(post) -> list[str]:
    attachment = post.attachments.first()
    return [
        post.get_absolute_url(),
        f"/posts/{post.pk}/reactions/",
        attachment.get_absolute_url(),
        f"/api/v1/posts/{post.pk}",
        f"/api/v1/posts/{post.pk}/comments",
        f"/api/v1/posts/{post.pk}/reactions",
    ]


def _get(client_html, client_api, url):
    client = client_api if url.startswith("/api/") else client_html
    return client.get(url)


def test_members_see_private_and_secret_content_everywhere_it_belongs(world, company):
    ana = company.member
    html, api = _session(ana), _api(ana)
    for canary, (post, topic) in world["hidden"].items():
        for url in _object_urls(post):
            assert _get(html, api, url).status_code == 200, url
        for url in [
            "/",
            f"/topics/{topic}/",
            f"/search/?q={canary}",
            "/api/v1/feed",
            f"/api/v1/search?q={canary}",
            "/api/v1/people/ana/activity",
        ]:
            assert canary in _get(html, api, url).content.decode(), url
    assert "Merger Room" in html.get("/communities/").content.decode()


@pytest.mark.parametrize("who", ["outsider", "ex_member"])
def test_non_members_and_removed_members_never_see_it(world, company, who):
    # victor facilitates the open community only; carlos was removed from both.
    person = company.vp if who == "outsider" else company.colleague
    html, api = _session(person), _api(person)
    places = world["places"]
    for canary, (post, topic) in world["hidden"].items():
        for url in _object_urls(post):
            response = _get(html, api, url)
            assert response.status_code == 404, (url, response.status_code)
            assert canary not in response.content.decode()
        for url in _list_surfaces(canary, topic, places):
            response = _get(html, api, url)
            assert response.status_code in (200, 404), (url, response.status_code)
            body = response.content.decode()
            assert canary not in body, url
            assert "Merger Room" not in body, url
            assert "merger-room" not in body, url
        # The "new posts" count counts only the public post, and only for victor who is a member
        # of its open community.
        new = html.get("/feed/new/?since=2000-01-01T00:00:00").content.decode()
        assert ("Show 1 new post" in new) == (who == "outsider"), new
    # The public post stays visible to them: the matrix can tell the difference.
    assert "Public news about routers" in html.get("/discover/").content.decode()
    assert api.get(f"/api/v1/communities/{places.secret.slug}").status_code == 404
    assert api.get(f"/api/v1/communities/{places.private.slug}/feed").status_code == 403


def test_a_removed_member_loses_access_on_the_very_next_request(world, company):
    ana = company.member
    html = _session(ana)
    post, _topic = world["hidden"][CANARY_PRIVATE]
    assert html.get(post.get_absolute_url()).status_code == 200
    from hearth.communities.services import member_remove

    member_remove(actor=company.manager, community=world["places"].private, person=ana)
    assert html.get(post.get_absolute_url()).status_code == 404


def test_deactivated_people_and_anonymous_visitors_see_nothing(world, company):
    former = company.former
    stale_session = Client()
    stale_session.force_login(former)
    _token, raw = token_create(actor=former, person=former, name="old")
    stale_api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    anonymous = Client()
    everything = [world["public"]] + [post for post, _ in world["hidden"].values()]
    for html, api in ((stale_session, stale_api), (anonymous, anonymous)):
        for post in everything:
            for url in (
                _object_urls(post) if post.attachments.exists() else [post.get_absolute_url()]
            ):
                response = _get(html, api, url)
                expected = 401 if url.startswith("/api/") else 302
                assert response.status_code == expected, (url, response.status_code)
        for url in [
            "/",
            "/discover/",
            "/search/?q=router",
            "/api/v1/feed",
            "/api/v1/search?q=router",
        ]:
            response = _get(html, api, url)
            assert response.status_code in (302, 401), url
            assert "router" not in response.content.decode().lower()


@pytest.mark.parametrize("who", ["outsider", "ex_member"])
def test_notifications_and_emails_never_carry_the_canaries_outside(world, company, who, settings):
    """Mentions, replies and reactions inside private and secret content reach nobody outside."""
    from django.core import mail

    from hearth.core.events import events_dispatch
    from hearth.notifications.emails import send_digests, send_immediate

    person = company.vp if who == "outsider" else company.colleague
    for canary, (post, _topic) in world["hidden"].items():
        talk_to = f"{canary} ping @{person.username} @victor @carlos"
        services.comment_create(actor=company.member, post=post, body=talk_to)
    events_dispatch()
    send_immediate()
    import datetime

    for hour in range(24):
        send_digests(now=datetime.datetime(2026, 11, 24, hour, 30, tzinfo=datetime.UTC))
    api = _api(person)
    body = api.get("/api/v1/notifications").content.decode()
    assert all(canary not in body for canary in world["hidden"])
    theirs = [m for m in mail.outbox if person.email in m.to]
    for message in theirs:
        text = message.subject + message.body + "".join(str(a[0]) for a in message.alternatives)
        assert all(canary not in text for canary in world["hidden"]), message.subject
    # Members do hear about it by email (the matrix can tell the difference).
    members = [m for m in mail.outbox if company.member.email in m.to]
    assert any(CANARY_SECRET in m.subject for m in members)
