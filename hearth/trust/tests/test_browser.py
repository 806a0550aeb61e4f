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


def test_anonymous_post_moderated_blind_then_revealed_by_two_admins(
    settings, page, browser, live_server, company, places
):
    from hearth.moderation import services as moderation_services
    from hearth.people.tests.factories import PersonFactory

    settings.HEARTH_ANONYMOUS_MIN_MEMBERS = 3
    settings.HEARTH_ANONYMOUS_DELAY_MINUTES = (0, 0)
    places.open.allow_anonymous = True
    places.open.save(update_fields=["allow_anonymous"])
    PersonFactory(username="li", display_name="Li Admin", email="li@tellall.example", is_staff=True)

    sign_in(page, "ana@tellall.example")
    page.goto(f"/posts/new/?community={places.open.slug}")
    page.get_by_label("Message").fill("The night shift rota is unsafe, and nobody listens.")
    page.get_by_label("Post as “Anonymous colleague”").check()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Posted as “Anonymous colleague”")).to_be_visible()
    expect(page.get_by_text("only you see this note")).to_be_visible()
    post_url = page.url

    from hearth.conversations.models import Post

    post = Post.objects.get(anonymous=True)
    moderation_services.report_create(actor=company.manager, reason="harassment", post=post)

    def as_person(email: str):
        context = browser.new_context(base_url=live_server.url)
        other = context.new_page()
        sign_in(other, email)
        return context, other

    context, victor = as_person("victor@tellall.example")
    try:
        victor.goto("/moderation/")
        expect(victor.get_by_text("The night shift rota is unsafe")).to_be_visible()
        expect(victor.get_by_text("Ana Ribeiro")).to_have_count(0)
        victor.get_by_role("link", name="Review").click()
        expect(victor.get_by_text("Anonymous colleague").first).to_be_visible()
        expect(victor.locator("body")).not_to_contain_text("Ana Ribeiro")
        victor.get_by_label("Warn the author").check()
        victor.get_by_label("Reason (the author reads it)").fill("Be kind")
        victor.get_by_role("button", name="Decide").click()
        expect(victor.get_by_text("The author is anonymous and stays so")).to_be_visible()
        victor.get_by_label("Hide").check()
        victor.get_by_label("Reason (the author reads it)").fill("Names a colleague")
        victor.get_by_role("button", name="Decide").click()
        expect(victor.get_by_text("Nothing waits for a moderator.")).to_be_visible()
    finally:
        context.close()

    context, manoj = as_person("admin@tellall.example")
    try:
        manoj.goto(post_url)
        manoj.get_by_role("link", name="Ask to reveal the author").click()
        manoj.get_by_label("Why must the author be revealed?").fill("Too short")
        manoj.get_by_role("button", name="Ask a second administrator").click()
        expect(manoj.get_by_text("At least 20 characters.")).to_be_visible()
        expect(manoj.get_by_label("Why must the author be revealed?")).to_have_value("Too short")
        manoj.get_by_label("Why must the author be revealed?").fill(
            "Security incident SEC-88: the post names a colleague at risk."
        )
        manoj.get_by_role("button", name="Ask a second administrator").click()
        expect(manoj.get_by_text("you cannot approve your own request")).to_be_visible()
        request_url = manoj.url
    finally:
        context.close()

    context, li = as_person("li@tellall.example")
    try:
        li.goto(request_url)
        expect(li.get_by_text("Security incident SEC-88")).to_be_visible()
        li.get_by_label("Approve: reveal the author to both of us").check()
        li.get_by_label("Your reason").fill("Confirmed with the security team today.")
        li.get_by_role("button", name="Decide").click()
        expect(li.locator("#revealed")).to_contain_text("Ana Ribeiro (@ana)")
    finally:
        context.close()

    events_dispatch()
    page.goto("/notifications/")
    expect(page.get_by_text("Two administrators revealed that you wrote")).to_be_visible()
