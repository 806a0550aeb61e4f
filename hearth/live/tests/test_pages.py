"""What an open page fetches when the live stream wakes it: the bell with a toast, new comments."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone

from hearth.conversations import services as talk
from hearth.conversations.tests.factories import make_post
from hearth.core.events import events_dispatch


def test_the_bell_shows_a_toast_for_what_arrived_since_the_page_was_shown(client, company):
    client.force_login(company.member)
    shown = timezone.now().isoformat()
    post = make_post(company.manager, None, body="Thoughts, @ana?")
    events_dispatch()
    html = client.get("/notifications/count/", {"since": shown}).content.decode()
    assert 'class="bell-count">1<' in html
    assert 'id="live-toast"' in html and 'hx-swap-oob="true"' in html
    assert "Maria Lopez mentioned you in" in html
    assert re.search(r'href="/notifications/\d+/"', html)
    # The new bell listens again, from now on: the same notification is not toasted twice.
    later = re.search(r"since=([^\"&]+)", html).group(1)
    again = client.get(f"/notifications/count/?since={later}").content.decode()
    assert 'class="bell-count">1<' in again and "live-toast" not in again
    talk.comment_create(actor=company.vp, post=post, body="@ana look")
    talk.comment_create(actor=company.ceo, post=post, body="@ana and here")
    events_dispatch()
    both = client.get("/notifications/count/", {"since": shown}).content.decode()
    assert "Grace Mensah mentioned you" in both and "and 2 more" in both


def test_the_bell_ignores_a_bad_time_and_never_toasts_what_is_read(client, company):
    client.force_login(company.member)
    make_post(company.manager, None, body="@ana hello")
    events_dispatch()
    assert "live-toast" not in client.get("/notifications/count/?since=yesterday").content.decode()
    client.post("/notifications/read/")
    earlier = (timezone.now() - datetime.timedelta(hours=1)).isoformat()
    html = client.get("/notifications/count/", {"since": earlier}).content.decode()
    assert "live-toast" not in html and "bell-count" not in html


def test_new_comments_and_replies_land_where_they_belong(
    client, company, django_assert_max_num_queries
):
    post = make_post(company.manager, None, body="Plans")
    first = talk.comment_create(actor=company.vp, post=post, body="First")
    client.force_login(company.member)
    page = client.get(post.get_absolute_url()).content.decode()
    assert f'after={first.pk}"' in page
    assert f"?post={post.pk}" in page  # the page listens to this post
    reply = talk.comment_create(actor=company.ceo, post=post, body="A reply", parent=first)
    second = talk.comment_create(actor=company.ceo, post=post, body="Second thought")
    with django_assert_max_num_queries(14):
        html = client.get(f"/posts/{post.pk}/comments/new/?after={first.pk}").content.decode()
    assert f'hx-swap-oob="beforeend:#replies-{first.pk}"' in html
    assert html.index("A reply") < html.index("Second thought")
    assert 'hx-swap-oob="beforeend:#comment-list"' in html
    assert f'id="replies-{second.pk}"' in html  # a new comment can take replies at once
    assert f'after={second.pk}"' in html and "(3)" in html
    assert "First" not in html  # what the page already shows is not sent again
    nothing = client.get(f"/posts/{post.pk}/comments/new/?after={second.pk}").content.decode()
    assert "hx-swap-oob" not in nothing and f'after={second.pk}"' in nothing
    assert reply.pk < second.pk


def test_new_comments_follow_the_reader_s_rights(client, company, places):
    secret = make_post(company.ceo, places.secret, body="CANARY_SECRET")
    talk.comment_create(actor=company.ceo, post=secret, body="CANARY_SECRET reply")
    client.force_login(company.colleague)  # removed from the secret community
    response = client.get(f"/posts/{secret.pk}/comments/new/?after=0")
    assert response.status_code == 404
    assert b"CANARY_SECRET" not in response.content
    client.force_login(company.member)
    assert client.get(f"/posts/{secret.pk}/comments/new/?after=x").status_code == 400


def test_pages_listen_to_what_they_show(client, company):
    assert "sse-connect" not in client.get("/accounts/login/").content.decode()
    client.force_login(company.member)
    home = client.get("/").content.decode()
    assert 'sse-connect="/live/stream/?feed=1"' in home
    assert 'hx-trigger="sse:feed"' in home and 'hx-trigger="sse:notification"' in home
    assert "hx-sse-2" in home  # the extension from django-htmx's bundled copy, no CDN
    people = client.get("/people/").content.decode()
    assert 'sse-connect="/live/stream/?"' in people  # the bell listens on every page
