"""In a real browser: Ana reports a post, Victor (its community's facilitator) hides it, Ana is
told the outcome, and Maria, the author, sees why and appeals."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from hearth.conftest import sign_in
from hearth.conversations.tests.factories import make_post
from hearth.core.events import events_dispatch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_report_moderate_outcome_and_appeal(page, browser, live_server, company, places):
    post = make_post(company.manager, places.open, body="Q3 prices of our rival: CANARY_LEAK")
    sign_in(page, "ana@tellall.example")
    page.goto(post.get_absolute_url())
    page.get_by_role("link", name="Report").first.click()
    page.get_by_label("Confidential information").check()
    page.get_by_label("Details for the moderators").fill("Copied from a customer deck")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("you will be told the outcome")).to_be_visible()

    context = browser.new_context(base_url=live_server.url)
    victor = context.new_page()
    try:
        sign_in(victor, "victor@tellall.example")
        victor.locator("details.menu summary").click()
        victor.get_by_role("link", name="Moderation").click()
        expect(victor.get_by_text("CANARY_LEAK")).to_be_visible()
        victor.get_by_role("link", name="Review").click()
        expect(victor.get_by_text("Copied from a customer deck")).to_be_visible()
        victor.get_by_label("Hide").check()
        victor.get_by_role("button", name="Decide").click()
        expect(victor.get_by_text("Give the reason the author will read.")).to_be_visible()
        victor.get_by_label("Hide").check()
        victor.get_by_label("Reason (the author reads it)").fill("Customer documents stay private")
        victor.get_by_role("button", name="Decide").click()
        expect(victor.get_by_text("Nothing waits for a moderator.")).to_be_visible()
    finally:
        context.close()

    events_dispatch()
    page.goto("/notifications/")
    expect(page.get_by_text("Your report was reviewed: it is hidden")).to_be_visible()
    page.goto(post.get_absolute_url())
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()

    page.context.clear_cookies()
    sign_in(page, "maria@tellall.example")
    page.goto(post.get_absolute_url())
    expect(page.get_by_text("Moderators hid this post: only you can see it.")).to_be_visible()
    page.get_by_role("link", name="See why, or appeal").click()
    expect(page.get_by_text("Reason: Customer documents stay private")).to_be_visible()
    page.get_by_role("link", name="Appeal").click()
    page.get_by_label("Why should it be looked at again?").fill("The deck was public")
    page.get_by_role("button", name="Send the appeal").click()
    page.wait_for_url(re.compile(r"/moderation/mine/$"))
    expect(page.get_by_text("Appeal: Waiting for a moderator")).to_be_visible()
