"""Rate limits: a clear 429 with Retry-After in the API, a friendly message on the page,
stricter for new accounts, and nothing half-done."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from hearth.conversations.models import Comment, Post
from hearth.conversations.tests.factories import make_post


@pytest.fixture
def tight(settings):
    settings.HEARTH_RATE_LIMITS = {
        "post.created": (6, 3600),
        "comment.created": (3, 60),
        "reaction.set": (6, 3600),
        "mention.created": (3, 3600),
    }


def established(person) -> None:
    person.date_joined = timezone.now() - datetime.timedelta(days=400)
    person.save(update_fields=["date_joined"])


def comment(client, post_id: int, body: str = "Yes"):
    return client.post(
        f"/api/v1/posts/{post_id}/comments",
        json.dumps({"body": body}),
        content_type="application/json",
    )


def test_the_api_answers_429_with_retry_after(api, company, tight):
    established(company.member)
    post = make_post(company.vp, None, body="Thoughts?")
    assert [comment(api, post.pk).status_code for _ in range(3)] == [201, 201, 201]
    refused = comment(api, post.pk)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "You can make 3 comments per 1 min" in refused.json()["detail"]
    assert Comment.objects.filter(author=company.member).count() == 3


def test_new_accounts_get_a_third(api, company, tight):
    company.member.date_joined = timezone.now() - datetime.timedelta(days=1)
    company.member.save(update_fields=["date_joined"])
    body = {"kind": "update", "body": "Hello"}
    statuses = [
        api.post("/api/v1/posts", json.dumps(body), content_type="application/json").status_code
        for _ in range(3)
    ]
    assert statuses == [201, 201, 429]
    assert Post.objects.filter(author=company.member).count() == 2


def test_too_many_mentions_refuse_the_whole_post(api, company, tight):
    established(company.member)
    body = {"kind": "update", "body": "@maria @victor @grace @carlos look"}
    response = api.post("/api/v1/posts", json.dumps(body), content_type="application/json")
    assert response.status_code == 429 and "mentions" in response.json()["detail"]
    assert not Post.objects.filter(author=company.member).exists()  # nothing half-done


def test_reactions_are_limited(api, company, settings, tight):
    established(company.member)
    settings.HEARTH_RATE_LIMITS = {**settings.HEARTH_RATE_LIMITS, "post.created": (99, 3600)}
    posts = [make_post(company.vp, None, body=f"P{i}") for i in range(7)]
    codes = [
        api.post(
            f"/api/v1/posts/{p.pk}/reactions",
            json.dumps({"kind": "like"}),
            content_type="application/json",
        ).status_code
        for p in posts
    ]
    assert codes == [200] * 6 + [429]


def test_the_page_shows_a_friendly_message_and_keeps_the_text(client, company, tight):
    established(company.member)
    post = make_post(company.vp, None, body="Thoughts?")
    client.force_login(company.member)
    for _ in range(3):
        client.post(f"/posts/{post.pk}/comment/", {"body": "Yes"})
    page = client.post(f"/posts/{post.pk}/comment/", {"body": "My long considered answer"})
    assert page.status_code == 422
    html = page.content.decode()
    assert "You can make 3 comments per 1 min; please wait" in html
    assert "My long considered answer" in html
