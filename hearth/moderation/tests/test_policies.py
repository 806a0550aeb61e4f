"""Content filters (hold or block) and pre-approval, through the API, services and pages."""

from __future__ import annotations

import json

import pytest

from hearth.conversations import services as talk
from hearth.conversations.models import Comment, Post
from hearth.conversations.tests.factories import make_post
from hearth.core.errors import Invalid
from hearth.core.events import events_dispatch
from hearth.moderation import filters
from hearth.moderation.models import Report
from hearth.trust import policies
from hearth.trust.models import AuditEntry, ContentFilter


def post_json(client, url: str, payload: dict):
    return client.post(url, json.dumps(payload), content_type="application/json")


def add(api_client, **payload):
    return post_json(api_client, "/api/v1/moderation/filters", payload)


def test_a_blocking_filter_refuses_the_text_with_its_message(api, api_as, company, places):
    admin = api_as(company.admin)
    message = "Project Falcon is confidential: talk about it in the Falcon room."
    made = add(admin, pattern="Project Falcon", action="block", message=message)
    assert made.status_code == 201, made.content
    refused = post_json(api, "/api/v1/posts", {"body": "Any news on project falcon?"})
    assert refused.status_code == 422
    assert "Falcon is confidential" in refused.json()["detail"]
    assert not Post.objects.exists()
    # Whole words only: "Project Falconry" is fine.
    assert post_json(api, "/api/v1/posts", {"body": "Project Falconry club"}).status_code == 201
    post = Post.objects.get()
    with pytest.raises(Invalid, match="confidential"):
        talk.comment_create(actor=company.member, post=post, body="project FALCON leaks")
    with pytest.raises(Invalid, match="confidential"):
        talk.post_update(actor=company.member, post=post, body="Project Falcon again")
    assert Post.objects.get().body == "Project Falconry club"


def test_a_holding_filter_keeps_the_post_out_until_a_moderator_approves(
    api, api_as, company, places
):
    admin = api_as(company.admin)
    assert add(admin, pattern=r"\bsalar(y|ies)\b", is_regex=True).status_code == 201
    body = "@maria what are the salaries in ops?"
    made = post_json(api, "/api/v1/posts", {"community": places.open.slug, "body": body})
    assert made.status_code == 201
    post = Post.objects.get()
    assert post.held and post.hidden_at is not None
    events_dispatch()
    maria = api_as(company.manager)
    assert maria.get(f"/api/v1/posts/{post.pk}").status_code == 404
    assert maria.get("/api/v1/notifications").json()["items"] == []  # not announced yet
    assert api.get(f"/api/v1/posts/{post.pk}").status_code == 200  # the author sees it
    queue = admin.get("/api/v1/moderation/queue").json()["items"]
    assert [(r["reason"], r["reporter"]) for r in queue] == [("filter", None)]
    approved = post_json(
        admin, "/api/v1/moderation/actions", {"report": queue[0]["id"], "action": "restore"}
    )
    assert approved.status_code == 201, approved.content
    post.refresh_from_db()
    assert not post.held and post.hidden_at is None
    events_dispatch()
    assert maria.get(f"/api/v1/posts/{post.pk}").status_code == 200
    assert [n["verb"] for n in maria.get("/api/v1/notifications").json()["items"]] == ["mention"]


def test_held_comments_count_only_once_released(company, places):
    filters.filter_create(actor=company.admin, pattern="idiot")
    post = make_post(company.manager, places.open, body="Plan for Q3")
    comment = talk.comment_create(actor=company.member, post=post, body="What an idiot plan")
    assert comment.held and Post.objects.get(pk=post.pk).comment_count == 0
    report = Report.objects.get(comment=comment)
    from hearth.moderation import services as moderation_services

    moderation_services.action_take(actor=company.admin, report=report, kind="dismiss")
    assert Post.objects.get(pk=post.pk).comment_count == 1
    assert not Comment.objects.get(pk=comment.pk).held
    # An edit that trips the filter takes a shown comment down again.
    clean = talk.comment_create(actor=company.member, post=post, body="Nice plan")
    talk.comment_update(actor=company.member, comment=clean, body="Nice plan, idiot")
    clean.refresh_from_db()
    assert clean.held and clean.hidden_at is not None
    assert Post.objects.get(pk=post.pk).comment_count == 1


def test_pre_approval_holds_members_posts_not_leaders(api, api_as, company, places):
    maria = api_as(company.manager)  # owner of Network Ops
    patch = maria.patch(
        f"/api/v1/communities/{places.open.slug}",
        json.dumps({"preapprove_posts": True}),
        content_type="application/json",
    )
    assert patch.status_code == 200 and patch.json()["preapprove_posts"] is True
    assert AuditEntry.objects.filter(action="community.updated").exists()
    post_json(api, "/api/v1/posts", {"community": places.open.slug, "body": "Member idea"})
    post_json(maria, "/api/v1/posts", {"community": places.open.slug, "body": "Owner news"})
    held = {p.body: p.held for p in Post.objects.all()}
    assert held == {"Member idea": True, "Owner news": False}
    queue = api_as(company.vp).get("/api/v1/moderation/queue").json()["items"]  # facilitator
    assert [r["reason"] for r in queue] == ["approval"]
    rejected = post_json(
        api_as(company.vp),
        "/api/v1/moderation/actions",
        {"report": queue[0]["id"], "action": "delete", "reason": "Duplicate of last week's thread"},
    )
    assert rejected.status_code == 201
    assert Post.objects.get(body="Member idea").deleted_at is not None


@pytest.mark.parametrize(
    ("payload", "field", "words"),
    [
        ({"pattern": "(unclosed", "is_regex": True}, "pattern", "Not a valid regular expression"),
        ({"pattern": "x*", "is_regex": True}, "pattern", "matches empty text"),
        ({"pattern": "   "}, "pattern", "Give a word"),
        ({"pattern": "a" * 501}, "pattern", "At most 500"),
        ({"pattern": "spam", "action": "block"}, "message", "Tell writers why"),
    ],
)
def test_bad_filters_are_refused_clearly(api_as, company, payload, field, words):
    response = add(api_as(company.admin), **payload)
    assert response.status_code == 422
    body = response.json()
    assert words in json.dumps(body)
    assert field in {e["field"] for e in body["errors"]}
    assert not ContentFilter.objects.exists()


def test_who_may_manage_filters(api, api_as, company, places):
    assert add(api, pattern="spam").status_code == 403  # Ana leads nothing
    maria = api_as(company.manager)
    assert add(maria, pattern="spam").status_code == 403  # not company-wide
    own = add(maria, pattern="spam", community=places.open.slug)
    assert own.status_code == 201
    assert add(maria, pattern="spam", community=places.secret.slug).status_code == 404
    assert [f["pattern"] for f in api.get("/api/v1/moderation/filters").json()] == []
    removed = maria.delete(f"/api/v1/moderation/filters/{own.json()['id']}")
    assert removed.status_code == 204
    audited = AuditEntry.objects.filter(action__startswith="filter.").order_by("id")
    assert [(e.action, e.actor) for e in audited] == [
        ("filter.created", company.manager),
        ("filter.deleted", company.manager),
    ]


def test_a_pattern_that_runs_too_long_holds_instead_of_stalling(monkeypatch, company, places):
    # The `regex` module stops a search at the time limit (made tiny here so that this
    # backtracking-heavy pattern hits it for sure).
    monkeypatch.setattr(policies, "TIMEOUT_SECONDS", 1e-6)
    filters.filter_create(actor=company.admin, pattern=r"(.*a){30}", is_regex=True)
    post = make_post(company.member, places.open, body="a" * 29 + "x" * 40)
    assert post.held  # the filter timed out: a human looks instead


def test_the_filters_page_keeps_what_was_typed(client, company, places):
    client.force_login(company.admin)
    page = client.post(
        "/moderation/filters/", {"pattern": "([bad", "is_regex": "on", "action": "hold"}
    )
    assert page.status_code == 422
    body = page.content.decode()
    assert "Not a valid regular expression" in body and 'value="([bad"' in body
    ok = client.post("/moderation/filters/", {"pattern": "rival", "action": "hold"})
    assert ok.status_code == 302
    assert "rival" in client.get("/moderation/filters/").content.decode()
    client.force_login(company.member)
    assert client.get("/moderation/filters/").status_code == 404
