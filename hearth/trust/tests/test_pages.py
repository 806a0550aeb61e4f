"""The moderation pages: forms keep what was typed, scopes hold, authors see why."""

from __future__ import annotations

import pytest

from hearth.conversations.tests.factories import make_post
from hearth.moderation import services as moderation_services
from hearth.moderation.models import ModerationAction, Report


@pytest.fixture
def reported(company, places):
    post = make_post(company.manager, places.open, body="Leaked numbers")
    report = moderation_services.report_create(
        actor=company.member, post=post, reason="confidential"
    )
    return post, report


def test_reporting_from_a_post_keeps_what_was_typed(client, company, places):
    post = make_post(company.manager, places.open, body="Leaked numbers")
    client.force_login(company.member)
    page = client.get(post.get_absolute_url()).content.decode()
    assert f'href="/moderation/report/?post={post.pk}"' in page
    form = client.get(f"/moderation/report/?post={post.pk}").content.decode()
    assert "Leaked numbers" in form and "The author never learns who reported." in form
    response = client.post("/moderation/report/", {"post": post.pk, "detail": "Page 3 of the deck"})
    assert response.status_code == 422
    assert "Page 3 of the deck" in response.content.decode()  # kept
    assert Report.objects.count() == 0
    done = client.post(
        "/moderation/report/",
        {"post": post.pk, "reason": "confidential", "detail": "Page 3"},
        follow=True,
    )
    assert "you will be told the outcome" in done.content.decode()
    assert Report.objects.get().detail == "Page 3"
    assert client.get("/moderation/report/?post=abc").status_code == 404
    assert client.get("/moderation/report/").status_code == 404


def test_the_queue_is_for_moderators_and_a_decision_needs_a_reason(client, company, reported):
    post, report = reported
    client.force_login(company.member)
    assert client.get("/moderation/").status_code == 404
    assert client.get(f"/moderation/reports/{report.pk}/").status_code == 404
    assert 'href="/moderation/"' not in client.get("/").content.decode()
    client.force_login(company.vp)  # facilitator of Network Ops
    assert 'href="/moderation/"' in client.get("/").content.decode()
    queue = client.get("/moderation/").content.decode()
    assert "Leaked numbers" in queue and "Confidential information" in queue
    review = client.get(f"/moderation/reports/{report.pk}/").content.decode()
    assert "Ana Ribeiro" in review  # moderators see who reported
    assert 'name="days"' not in review  # suspending is for company moderators
    refused = client.post(f"/moderation/reports/{report.pk}/", {"action": "hide"})
    assert refused.status_code == 422
    assert "Give the reason the author will read." in refused.content.decode()
    done = client.post(
        f"/moderation/reports/{report.pk}/",
        {"action": "hide", "reason": "Confidential"},
        follow=True,
    )
    assert "The people concerned are told." in done.content.decode()
    assert "Nothing waits for a moderator." in done.content.decode()


def test_the_author_sees_why_and_appeals(client, company, reported):
    post, report = reported
    moderation_services.action_take(
        actor=company.vp, report=report, kind="hide", reason="Confidential"
    )
    client.force_login(company.member)
    assert client.get(post.get_absolute_url()).status_code == 404
    client.force_login(company.manager)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Moderators hid this post: only you can see it." in page
    mine = client.get("/moderation/mine/").content.decode()
    assert "Reason: Confidential" in mine
    action = ModerationAction.objects.get()
    empty = client.post(f"/moderation/actions/{action.pk}/appeal/", {"text": ""})
    assert empty.status_code == 422
    sent = client.post(f"/moderation/actions/{action.pk}/appeal/", {"text": "It was public"})
    assert sent.status_code == 302
    assert "Appeal: Waiting for a moderator" in client.get("/moderation/mine/").content.decode()
    client.force_login(company.member)
    assert client.get(f"/moderation/actions/{action.pk}/appeal/").status_code == 404
    reports = client.get("/moderation/reports/").content.decode()
    assert "Acted on (Hide)" in reports


def test_an_appeal_is_decided_by_another_company_moderator(client, company, reported):
    post, report = reported
    action = moderation_services.action_take(
        actor=company.vp, report=report, kind="hide", reason="No"
    )
    appeal = moderation_services.appeal_create(
        actor=company.manager, action=action, text="Public data"
    )
    client.force_login(company.admin)
    assert "Public data" in client.get("/moderation/").content.decode()
    missing = client.post(f"/moderation/appeals/{appeal.pk}/", {"decision": "overturn"})
    assert missing.status_code == 422
    client.post(f"/moderation/appeals/{appeal.pk}/", {"decision": "overturn", "reason": "Public"})
    client.force_login(company.member)
    assert client.get(post.get_absolute_url()).status_code == 200  # restored


def test_the_queue_costs_the_same_for_many_reports_and_keeps_secrets_in_scope(
    client, api_as, company, places
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    secret = make_post(company.ceo, places.secret, body="CANARY_SECRET")
    moderation_services.report_create(actor=company.member, post=secret, reason="spam")

    def cost(path: str, viewer) -> int:
        client.force_login(viewer)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    def report_some(n: int) -> None:
        for i in range(n):
            post = make_post(company.manager, places.open, body=f"Post {i}")
            moderation_services.report_create(actor=company.member, post=post, reason="spam")

    report_some(2)
    page, api = cost("/moderation/", company.vp), cost("/api/v1/moderation/queue", company.vp)
    report_some(6)
    assert cost("/moderation/", company.vp) == page
    assert cost("/api/v1/moderation/queue", company.vp) == api
    # Victor facilitates Network Ops only: the secret community's report is not his to see.
    client.force_login(company.vp)
    assert b"CANARY_SECRET" not in client.get("/moderation/").content
    assert b"CANARY_SECRET" not in api_as(company.vp).get("/api/v1/moderation/queue").content
    secret_report = Report.objects.get(post=secret)
    assert client.get(f"/moderation/reports/{secret_report.pk}/").status_code == 404
    client.force_login(company.admin)  # a company moderator handles it
    assert b"CANARY_SECRET" in client.get("/moderation/").content
