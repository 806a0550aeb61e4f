"""In a real browser: Manoj, an administrator, connects the company's chat bridge: a refused
private address keeps what he typed, then the webhook, its secret, a test event delivered, and
Ana's post arriving signed at the receiver."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from standardwebhooks.webhooks import Webhook

from hearth.conftest import sign_in
from hearth.conversations.tests.factories import make_post
from hearth.webhooks.models import Subscription

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_connects_a_webhook_and_sees_it_deliver(page, company, places, receiver):
    sign_in(page, "admin@tellall.example")
    page.locator("details.menu summary").click()
    page.get_by_role("link", name="Webhooks").click()
    page.get_by_label("Send to (URL)").fill("https://10.20.30.40/hooks")
    page.get_by_label("What it is for").fill("Chat bridge")
    page.get_by_label("A post is published").check()
    page.get_by_role("button", name="Save webhook").click()
    expect(page.get_by_text("inside a private network")).to_be_visible()
    expect(page.get_by_label("What it is for")).to_have_value("Chat bridge")
    expect(page.get_by_label("A post is published")).to_be_checked()
    assert not Subscription.objects.exists()

    page.get_by_label("Send to (URL)").fill(receiver.url)
    page.get_by_role("button", name="Save webhook").click()
    expect(page.get_by_text("Webhook saved.")).to_be_visible()
    secret = page.locator("#webhook-secret").inner_text()
    assert secret.startswith("whsec_")
    page.get_by_role("button", name="Send a test event").click()
    expect(page.locator("#deliveries tr.delivery-delivered")).to_have_count(1)
    expect(page.locator("#deliveries")).to_contain_text("webhook.test")

    post = make_post(company.member, places.open, body="The ring network is live in Porto")
    expect(page.locator("#deliveries tr.delivery-delivered")).to_have_count(2, timeout=30_000)
    payloads = [Webhook(secret).verify(body, headers) for headers, body in receiver.requests]
    assert [p["type"] for p in payloads] == ["webhook.test", "post.created"]
    assert payloads[1]["data"]["post"]["id"] == post.pk
