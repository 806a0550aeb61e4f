"""Report -> moderate -> outcome, appeals and suspensions, through the API and the services."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Permission

from hearth.conversations import services as talk
from hearth.conversations.models import Post
from hearth.conversations.tests.factories import make_post
from hearth.core.events import events_dispatch
from hearth.moderation.models import Report


def post_json(client, url: str, payload: dict):
    return client.post(url, json.dumps(payload), content_type="application/json")


def notes(client) -> list[dict]:
    events_dispatch()
    return client.get("/api/v1/notifications").json()["items"]


@pytest.fixture
def flagged(company, places, api, api_as):
    """Maria's post in Network Ops (facilitated by Victor), reported by Ana and by Grace."""
    post = make_post(company.manager, places.open, body="Our rival's prices leaked: CANARY_LEAK")
    first = post_json(api, "/api/v1/reports", {"post": post.pk, "reason": "confidential"})
    assert first.status_code == 201, first.content
    second = post_json(
        api_as(company.ceo),
        "/api/v1/reports",
        {"post": post.pk, "reason": "other", "detail": "Should not be here"},
    )
    assert second.status_code == 201
    return post, first.json()["id"]


def test_reporting_answers_clearly_and_keeps_a_record(api, company, places, flagged):
    post, _ = flagged
    mine = api.get("/api/v1/reports").json()["items"]
    assert [(r["reason"], r["state"], r["outcome"]) for r in mine] == [
        ("confidential", "open", None)
    ]
    again = post_json(api, "/api/v1/reports", {"post": post.pk, "reason": "spam"})
    assert again.status_code == 409
    assert "already reported" in again.json()["detail"]
    comment = talk.comment_create(actor=company.vp, post=post, body="Take it down")
    person = post_json(api, "/api/v1/reports", {"person": "victor", "reason": "harassment"})
    assert person.status_code == 201
    on_comment = post_json(api, "/api/v1/reports", {"comment": comment.pk, "reason": "spam"})
    assert on_comment.status_code == 201
    assert Report.objects.get(pk=on_comment.json()["id"]).community_id == places.open.pk


@pytest.mark.parametrize(
    ("payload", "status", "words"),
    [
        ({"reason": "spam"}, 422, "exactly one"),
        ({"post": "{post}", "person": "victor", "reason": "spam"}, 422, "exactly one"),
        ({"post": "{post}", "reason": "rude"}, 422, "One of"),
        ({"post": "{post}", "reason": "other"}, 422, "Say what is wrong"),
        ({"post": "{post}", "reason": "spam", "detail": "x" * 2001}, 422, "2,000"),
        ({"post": "{own}", "reason": "spam"}, 422, "your own post"),
        ({"person": "ana", "reason": "spam"}, 422, "yourself"),
        ({"person": "nobody", "reason": "spam"}, 404, ""),
        ({"post": "{secret}", "reason": "spam"}, 404, ""),
        ({"post": 999999, "reason": "spam"}, 404, ""),
        ({"post": "{deleted}", "reason": "spam"}, 404, ""),
        ({"comment": 999999, "reason": "spam"}, 404, ""),
    ],
)
def test_bad_reports_are_refused_with_a_reason(api, company, places, payload, status, words):
    ids = {
        "{post}": make_post(company.manager, None, body="Fine").pk,
        "{own}": make_post(company.member, None, body="Mine").pk,
        "{secret}": make_post(company.ceo, places.secret, body="CANARY_SECRET").pk,
        "{deleted}": make_post(company.manager, None, body="Gone").pk,
    }
    talk.post_delete(actor=company.manager, post=Post.objects.get(pk=ids["{deleted}"]))
    payload = {k: ids.get(v, v) if isinstance(v, str) else v for k, v in payload.items()}
    # Carlos was removed from the secret community: reporting its post must not reveal it.
    client = api
    if payload.get("post") == ids["{secret}"]:
        from django.test import Client

        from hearth.people.services import token_create

        raw = token_create(actor=company.colleague, person=company.colleague, name="t")[1]
        client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    response = post_json(client, "/api/v1/reports", payload)
    assert response.status_code == status, response.content
    assert words in response.json().get("detail", "") + json.dumps(response.json())
    assert b"CANARY_SECRET" not in response.content
    assert Report.objects.count() == 0


def test_the_queue_follows_each_moderator_s_scope(api_as, company, places, flagged):
    post, report_id = flagged
    private_post = make_post(company.manager, places.private, body="Pricing")
    post_json(
        api_as(company.member), "/api/v1/reports", {"post": private_post.pk, "reason": "spam"}
    )
    post_json(api_as(company.member), "/api/v1/reports", {"person": "carlos", "reason": "spam"})

    def queue(person) -> list[tuple]:
        items = api_as(person).get("/api/v1/moderation/queue").json()["items"]
        return [(i["target"]["type"], i["target"]["community"]) for i in items]

    # Victor facilitates Network Ops only; Manoj, an administrator, moderates everything.
    assert queue(company.vp) == [("post", "network-ops"), ("post", "network-ops")]
    assert len(queue(company.admin)) == 4
    assert queue(company.member) == []  # moderates nothing
    first = api_as(company.vp).get("/api/v1/moderation/queue").json()["items"][0]
    assert first["reporter"] == "ana" and "CANARY_LEAK" in first["target"]["excerpt"]
    outside = post_json(
        api_as(company.vp),
        "/api/v1/moderation/actions",
        {"report": Report.objects.get(person__isnull=False).pk, "action": "warn", "reason": "x"},
    )
    assert outside.status_code == 404


def test_hiding_tells_reporters_and_author_and_hides_it_everywhere(
    api, api_as, company, places, flagged
):
    post, report_id = flagged
    victor = api_as(company.vp)
    response = post_json(
        victor,
        "/api/v1/moderation/actions",
        {"report": report_id, "action": "hide", "reason": "Confidential figures"},
    )
    assert response.status_code == 201, response.content
    assert len(response.json()["reports"]) == 2  # both reports answered by one decision
    assert victor.get("/api/v1/moderation/queue").json()["items"] == []
    # Readers and search no longer see it; the author still does, with the reason.
    assert api.get(f"/api/v1/posts/{post.pk}").status_code == 404
    assert api.get("/api/v1/search?q=CANARY_LEAK").json()["items"] == []
    maria = api_as(company.manager)
    assert maria.get(f"/api/v1/posts/{post.pk}").status_code == 200
    texts = [n["text"] for n in notes(api)]
    assert texts == ["Your report was reviewed: it is hidden"]
    author = notes(maria)
    assert author[0]["text"] == (
        "Moderators hid your post “Our rival's prices leaked: CANARY_LEAK”: Confidential figures"
    )
    assert author[0]["actor"] is None  # neither who reported nor who decided is named
    assert "Ana" not in json.dumps(author) and "Victor" not in json.dumps(author)
    assert api.get("/api/v1/reports").json()["items"][0]["outcome"] == "hide"
    late = {"report": report_id, "action": "warn", "reason": "x"}
    assert post_json(victor, "/api/v1/moderation/actions", late).status_code == 409
    restored = post_json(
        victor, "/api/v1/moderation/actions", {"report": report_id, "action": "restore"}
    )
    assert restored.status_code == 201
    assert api.get(f"/api/v1/posts/{post.pk}").status_code == 200
    assert len(api.get("/api/v1/search?q=CANARY_LEAK").json()["items"]) == 1


def test_hidden_comments_leave_the_thread_but_not_their_author(api, api_as, company, flagged):
    post, _ = flagged
    comment = talk.comment_create(actor=company.vp, post=post, body="Rude words here")
    report = post_json(api, "/api/v1/reports", {"comment": comment.pk, "reason": "harassment"})
    admin = api_as(company.admin)
    post_json(
        admin,
        "/api/v1/moderation/actions",
        {"report": report.json()["id"], "action": "hide", "reason": "Be kind"},
    )
    bodies = [c["body"] for c in api.get(f"/api/v1/posts/{post.pk}/comments").json()["items"]]
    assert bodies == []
    assert api.get(f"/api/v1/posts/{post.pk}").json()["comment_count"] == 0
    own = api_as(company.vp).get(f"/api/v1/posts/{post.pk}/comments").json()["items"]
    assert [c["body"] for c in own] == ["Rude words here"]
    assert notes(api_as(company.vp))[0]["text"].startswith("Moderators hid your comment in")


def test_nobody_moderates_their_own_content(api_as, company, places):
    post = make_post(company.manager, places.open, body="Mine")  # Maria owns Network Ops
    report = post_json(
        api_as(company.member), "/api/v1/reports", {"post": post.pk, "reason": "spam"}
    )
    response = post_json(
        api_as(company.manager),
        "/api/v1/moderation/actions",
        {"report": report.json()["id"], "action": "dismiss"},
    )
    assert response.status_code == 403
    assert "Another moderator" in response.json()["detail"]


@pytest.mark.parametrize(
    ("payload", "status", "words"),
    [
        ({"action": "hide"}, 422, "reason the author will read"),
        ({"action": "ban", "reason": "x"}, 422, "One of"),
        ({"action": "suspend", "reason": "x", "days": -3}, 422, "Between 1 and 365"),
        ({"action": "suspend", "reason": "x"}, 422, "Between 1 and 365"),
        ({"action": "restore"}, 422, "nothing to restore"),
        ({"action": "suspend", "reason": "x", "days": 3, "as": "vp"}, 403, "company moderators"),
    ],
)
def test_bad_actions_change_nothing(api, api_as, company, flagged, payload, status, words):
    post, report_id = flagged
    who = company.vp if payload.pop("as", None) else company.admin
    response = post_json(
        api_as(who), "/api/v1/moderation/actions", {"report": report_id, **payload}
    )
    assert response.status_code == status, response.content
    assert words in json.dumps(response.json())
    assert Report.objects.filter(state="open").count() == 2
    assert api.get(f"/api/v1/posts/{post.pk}").status_code == 200


def test_dismissing_tells_the_reporters_it_stays(api, api_as, company, flagged):
    post, report_id = flagged
    post_json(
        api_as(company.vp), "/api/v1/moderation/actions", {"report": report_id, "action": "dismiss"}
    )
    assert [n["text"] for n in notes(api)] == [
        "Your report was reviewed: no rule was broken, so it stays"
    ]
    assert notes(api_as(company.manager)) == []  # nothing happened to the author


def test_a_suspension_stops_posting_until_an_appeal_overturns_it(api, api_as, company, flagged):
    post, report_id = flagged
    admin = api_as(company.admin)
    action = post_json(
        admin,
        "/api/v1/moderation/actions",
        {"report": report_id, "action": "suspend", "reason": "Leaking twice", "days": 3},
    )
    assert action.status_code == 201
    maria = api_as(company.manager)
    blocked = post_json(maria, "/api/v1/posts", {"kind": "update", "body": "Hello"})
    assert blocked.status_code == 403
    assert "suspended until" in blocked.json()["detail"]
    assert post_json(maria, f"/api/v1/posts/{post.pk}/comments", {"body": "x"}).status_code == 403
    action_id = action.json()["id"]
    # Only the author appeals, once, with a reason.
    assert (
        post_json(
            api, f"/api/v1/moderation/actions/{action_id}/appeal", {"text": "Not me"}
        ).status_code
        == 404
    )
    assert (
        post_json(
            maria, f"/api/v1/moderation/actions/{action_id}/appeal", {"text": "  "}
        ).status_code
        == 422
    )
    appeal = post_json(
        maria, f"/api/v1/moderation/actions/{action_id}/appeal", {"text": "The figures were public"}
    )
    assert appeal.status_code == 201
    assert (
        post_json(
            maria, f"/api/v1/moderation/actions/{action_id}/appeal", {"text": "Again"}
        ).status_code
        == 409
    )
    appeal_id = appeal.json()["id"]
    # The moderator who acted does not decide the appeal; another company moderator does.
    assert admin.get("/api/v1/moderation/appeals").json()["items"] == []
    decision = f"/api/v1/moderation/appeals/{appeal_id}/decision"
    assert post_json(admin, decision, {"decision": "overturn", "reason": "x"}).status_code == 404
    company.ceo.user_permissions.add(Permission.objects.get(codename="moderate"))
    grace = api_as(company.ceo)
    assert [a["id"] for a in grace.get("/api/v1/moderation/appeals").json()["items"]] == [appeal_id]
    assert post_json(grace, decision, {"decision": "overturn"}).status_code == 422
    assert post_json(grace, decision, {"decision": "maybe", "reason": "x"}).status_code == 422
    done = post_json(grace, decision, {"decision": "overturn", "reason": "They were public"})
    assert done.status_code == 200 and done.json()["state"] == "overturned"
    assert post_json(grace, decision, {"decision": "uphold", "reason": "x"}).status_code == 404
    assert post_json(maria, "/api/v1/posts", {"kind": "update", "body": "Back"}).status_code == 201
    texts = [n["text"] for n in notes(maria)]
    assert texts[0] == "Your appeal was accepted: They were public"
    assert "You are suspended from posting: Leaking twice" in texts


def test_statistics_and_repeat_offenders(api, api_as, company, places):
    admin = api_as(company.admin)
    for body in ("One", "Two"):
        post = make_post(company.manager, places.open, body=body)
        report = post_json(api, "/api/v1/reports", {"post": post.pk, "reason": "spam"})
        post_json(
            admin,
            "/api/v1/moderation/actions",
            {"report": report.json()["id"], "action": "hide", "reason": "Spam"},
        )
    stats = admin.get("/api/v1/moderation/stats").json()
    assert stats["open"] == 0 and stats["handled"] == 2
    assert stats["median_hours"] is not None and stats["median_hours"] < 1
    assert stats["repeat_offenders"] == [{"username": "maria", "name": "Maria Lopez", "count": 2}]
    assert api.get("/api/v1/moderation/stats").json()["repeat_offenders"] == []


def test_the_author_is_emailed_the_reason_and_nobody_is_named(api_as, company, mailoutbox, flagged):
    from hearth.notifications.emails import send_immediate

    post, report_id = flagged
    hide = {"report": report_id, "action": "hide", "reason": "Confidential figures"}
    post_json(api_as(company.vp), "/api/v1/moderation/actions", hide)
    events_dispatch()
    mailoutbox.clear()
    assert send_immediate() == 1  # the author (moderation comes at once); reporters in digests
    message = mailoutbox[0]
    assert message.to == [company.manager.email]
    text = message.body + message.alternatives[0][0]
    assert "Confidential figures" in text and "/moderation/mine/" in text
    for name in ("Ana", "Grace", "Victor"):
        assert name not in text
    assert not message.reply_to  # a reply must not turn into a comment on the hidden post
