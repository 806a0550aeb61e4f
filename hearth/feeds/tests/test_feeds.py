"""Feeds: what each one holds, pinned announcements first, new-post counts, constant queries."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hearth.communities.services import community_join
from hearth.conversations import services
from hearth.conversations.tests.factories import make_post
from hearth.core.models import Event
from hearth.feeds.services import person_follow, topic_follow
from hearth.people.tests.factories import PersonFactory


def ids(response) -> list[int]:
    return [item["id"] for item in response.json()["items"]]


def test_the_home_feed_holds_follows_topics_communities_and_company_announcements(
    api, company, places
):
    ana = company.member
    followed = make_post(company.colleague, None, body="From carlos, followed")
    stranger = make_post(company.vp, None, body="From victor, not followed")
    topical = make_post(company.vp, None, body="About #fiber from victor")
    in_community = make_post(company.manager, places.open, body="In a community of mine")
    everyone = make_post(company.admin, None, kind="announcement", body="To everyone")
    own = make_post(ana, None, body="Mine")
    person_follow(actor=ana, person=company.colleague)
    topic_follow(actor=ana, name="fiber")
    feed = ids(api.get("/api/v1/feed"))
    assert feed == [own.pk, everyone.pk, in_community.pk, topical.pk, followed.pk]
    assert stranger.pk not in feed


def test_pinned_announcements_lead_the_first_page_only(api, company, places):
    old = make_post(
        company.manager,
        places.open,
        kind="announcement",
        body="Pinned",
        pinned_until=timezone.now() + datetime.timedelta(days=3),
    )
    newer = [make_post(company.manager, places.open, body=f"Post {i}") for i in range(3)]
    first = api.get("/api/v1/feed", {"limit": 2}).json()
    assert [item["id"] for item in first["items"]][:1] == [old.pk]
    assert [item["id"] for item in first["items"]][1:] == [newer[2].pk, newer[1].pk]
    rest = ids(api.get("/api/v1/feed", {"limit": 2, "cursor": first["next_cursor"]}))
    assert rest == [newer[0].pk]  # the pinned one is not repeated further down


def test_discover_orders_by_latest_activity(api, company, places):
    quiet = make_post(company.manager, places.open, body="Quiet")
    busy = make_post(company.manager, places.open, body="Busy")
    services.comment_create(actor=company.vp, post=quiet, body="Reviving this")
    assert ids(api.get("/api/v1/discover"))[:2] == [quiet.pk, busy.pk]


def test_topic_feeds_and_follows_work_through_the_api(api, company):
    post = make_post(company.vp, None, body="On #Security today")
    assert ids(api.get("/api/v1/topics/security/feed")) == [post.pk]
    assert api.get("/api/v1/topics/unknown/feed").status_code == 404
    assert api.post("/api/v1/topics/security/follow").status_code == 204
    assert api.post("/api/v1/topics/security/follow").status_code == 204  # idempotent
    assert ids(api.get("/api/v1/feed")) == [post.pk]
    assert api.delete("/api/v1/topics/security/follow").status_code == 204
    assert ids(api.get("/api/v1/feed")) == []
    bad = api.post("/api/v1/topics/%20%23%23/follow")
    assert bad.status_code == 422


def test_people_are_followed_and_listed(api, api_as, company):
    assert api.post("/api/v1/people/carlos/follow").status_code == 204
    followers = api.get("/api/v1/people/carlos/followers").json()["items"]
    assert [p["username"] for p in followers] == ["ana"]
    following = api.get("/api/v1/people/ana/following").json()["items"]
    assert [p["username"] for p in following] == ["carlos"]
    assert api.post("/api/v1/people/ana/follow").status_code == 409
    assert api.post("/api/v1/people/fred/follow").status_code == 409
    assert api.post("/api/v1/people/nobody/follow").status_code == 404
    assert api.delete("/api/v1/people/carlos/follow").status_code == 204
    assert api.get("/api/v1/people/carlos/followers").json()["items"] == []
    verbs = Event.objects.filter(verb__startswith="follow.").values_list("verb", flat=True)
    assert list(verbs) == ["follow.created", "follow.removed"]


def test_following_a_community_brings_its_posts_without_joining(api_as, company, places):
    outsider = api_as(company.colleague)
    post = make_post(company.manager, places.open, body="Open news")
    assert outsider.post(f"/api/v1/communities/{places.open.slug}/follow").status_code == 204
    assert ids(outsider.get("/api/v1/feed")) == [post.pk]
    assert outsider.post(f"/api/v1/communities/{places.private.slug}/follow").status_code == 403


def test_the_new_posts_count_counts_others_posts_since_the_page_was_shown(
    member_client, company, places
):
    since = timezone.now().isoformat()
    make_post(company.member, places.open, body="My own")
    assert "new post" not in member_client.get("/feed/new/", {"since": since}).content.decode()
    make_post(company.manager, places.open, body="From maria")
    make_post(company.vp, places.open, body="From victor")
    html = member_client.get("/feed/new/", {"since": since}).content.decode()
    assert "Show 2 new posts" in html
    assert member_client.get("/feed/new/", {"since": "not a date"}).status_code == 200


def test_feed_pages_scroll_with_htmx(member_client, company, places):
    for i in range(25):
        make_post(company.manager, places.open, body=f"Post number {i}")
    first = member_client.get("/").content.decode()
    assert "Post number 24" in first and "Post number 4" not in first
    assert 'hx-trigger="revealed"' in first
    cursor = first.split("?cursor=", 1)[1].split('"', 1)[0].replace("&amp;", "&")
    from urllib.parse import unquote

    more = member_client.get("/", {"cursor": unquote(cursor)}, HTTP_HX_REQUEST="true")
    html = more.content.decode()
    assert "Post number 4" in html and "<html" not in html


def _busy_company(company, places, n, prefix):
    authors = [PersonFactory(username=f"{prefix}{i}") for i in range(n)]
    for index, author in enumerate(authors):
        community_join(actor=author, community=places.open)
        person_follow(actor=company.member, person=author)
        kind = ["update", "question", "poll", "praise", "idea", "article"][index % 6]
        extra = {"praised": ["maria"]} if kind == "praise" else {}
        post = make_post(
            author,
            places.open if index % 2 else None,
            kind=kind,
            body=f"#topic{index} text",
            **extra,
        )
        services.comment_create(actor=company.manager, post=post, body="Nice")
        services.reaction_set(actor=company.member, post=post, kind="like")
        services.bookmark_set(actor=company.member, post=post)


@pytest.mark.parametrize(
    "url", ["/api/v1/feed", "/api/v1/discover", "/", "/discover/", "/api/v1/search?q=text"]
)
def test_feeds_use_a_constant_number_of_queries(member_client, company, places, url):
    _busy_company(company, places, 6, prefix="first")  # one post of each kind
    member_client.get(url)  # what is kept for everyone (trending topics) is kept from now on
    with CaptureQueriesContext(connection) as small:
        assert member_client.get(url).status_code == 200
    _busy_company(company, places, 14, prefix="more")
    with CaptureQueriesContext(connection) as large:
        assert member_client.get(url).status_code == 200
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]


def test_the_post_page_uses_a_constant_number_of_queries(member_client, company, places):
    post = make_post(company.manager, places.open, kind="question", title="Q", body="Why?")
    services.comment_create(actor=company.vp, post=post, body="Because")
    with CaptureQueriesContext(connection) as few:
        member_client.get(post.get_absolute_url())
    for i in range(8):
        author = PersonFactory(username=f"answerer{i}")
        parent = services.comment_create(actor=author, post=post, body=f"Answer {i} @maria")
        services.comment_create(actor=company.vp, post=post, body="Reply", parent=parent)
    with CaptureQueriesContext(connection) as many:
        member_client.get(post.get_absolute_url())
    assert len(many) == len(few)


def test_bad_cursors_in_pages_are_a_404_not_a_500(member_client, company):
    assert member_client.get("/", {"cursor": "nonsense"}).status_code == 404
    assert member_client.get("/discover/", {"cursor": json.dumps([1])}).status_code == 404


def test_a_common_topic_is_read_along_the_date_index_and_holds_the_same_posts(
    company, places, monkeypatch
):
    """A topic on many posts is read newest first along the date index, checking each post's
    topic (pinned with EXPLAIN on SQLite), and holds what a rare topic's way gives: the posts
    the reader may read, newest first."""
    from hearth.conversations.models import Post
    from hearth.feeds import selectors
    from hearth.people.models import Tag

    mine = [
        make_post(company.manager, places.open, body=f"Fiber week {n} #fiber") for n in range(4)
    ]
    make_post(company.ceo, places.secret, body="Fiber in the merger #fiber")  # not Carlos's
    make_post(company.manager, places.open, body="Nothing about it")
    Post.objects.filter(pk=mine[1].pk).update(
        published_at=timezone.now() - datetime.timedelta(days=3)
    )
    topic = Tag.objects.get(name="fiber")
    order = ["-published_at", "-id"]
    rare = list(selectors.topic_feed_for(company.colleague, topic).order_by(*order))
    monkeypatch.setattr(selectors, "COMMON_TOPIC", 2)
    common = selectors.topic_feed_for(company.colleague, topic).order_by(*order)
    assert list(common) == rare
    assert [p.pk for p in rare] == [mine[3].pk, mine[2].pk, mine[0].pk, mine[1].pk]
    if connection.vendor == "sqlite":
        page = selectors.topic_feed_for(company.colleague, topic).order_by(*order)[:20]
        sql, params = page.query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(row[-1] for row in cursor.fetchall())
        assert "USING INDEX post_published" in plan and "TEMP B-TREE" not in plan


def _trending(client) -> list[str]:
    page = client.get("/").content.decode()
    if 'id="trending-heading"' not in page:
        return []
    section = page.split('id="trending-heading"', 1)[1].split("</section>", 1)[0]
    return re.findall(r">#([^<]+)</a>", section)


def test_trending_topics_come_from_posts_everyone_may_read_and_are_the_same_for_everyone(
    client, company, places
):
    for number in range(3):
        make_post(company.manager, places.open, body=f"Splice plan {number} #fiber")
        make_post(company.manager, places.private, body=f"Price grid {number} #falconprice")
        make_post(company.ceo, places.secret, body=f"Term sheet {number} #mergerfalcon")
    make_post(company.colleague, None, body="Roaming notes #roaming")
    client.force_login(company.member)  # Ana reads all three communities
    seen_by_ana = _trending(client)
    assert seen_by_ana[:2] == ["fiber", "roaming"]
    assert "falconprice" not in seen_by_ana and "mergerfalcon" not in seen_by_ana
    client.force_login(company.colleague)  # Carlos was removed from the private and secret ones
    assert _trending(client) == seen_by_ana


def test_a_feed_card_shows_the_first_two_comments_the_reader_may_see(
    member_client, company, places
):
    from hearth.trust.services import block_set

    post = make_post(company.manager, places.open, body="Splicing starts Monday")
    blocked = services.comment_create(actor=company.colleague, post=post, body="Carlos first")
    gone = services.comment_create(actor=company.vp, post=post, body="Victor deleted this")
    first = services.comment_create(actor=company.vp, post=post, body="Victor second")
    services.comment_create(actor=company.manager, post=post, body="Reply", parent=first)
    second = services.comment_create(actor=company.manager, post=post, body="Maria third")
    services.comment_create(actor=company.vp, post=post, body="Victor fourth")
    services.comment_delete(actor=company.vp, comment=gone)
    block_set(actor=company.member, person=company.colleague, blocked=True)
    page = member_client.get(places.open.get_absolute_url()).content.decode()
    card = page.split("Splicing starts Monday", 1)[1].split("</article>", 1)[0]
    shown = [t.strip() for t in re.findall(r"<span class=\"comment-text\">([^<]+)</span>", card)]
    assert shown == [first.body, second.body]
    assert blocked.body not in page and "See all comments" in card
