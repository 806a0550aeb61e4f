"""In a real browser: Maria answers Ana's idea from its page (a refusal first keeps what she
typed); the idea moves to "Planned" on "you said, we did", and Ana hears of it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hearth.conftest import sign_in
from hearth.conversations.tests.factories import make_post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_leader_answers_an_idea_and_its_author_hears(page, browser, live_server, company):
    from hearth.communities.tests.factories import make_places

    places = make_places(company)
    idea = make_post(
        company.member,
        places.open,
        kind="idea",
        title="Open office hours",
        body="Let us run a monthly open office hour for every team to meet the network group.",
    )
    sign_in(page, "maria@tellall.example")
    page.goto(idea.get_absolute_url())
    panel = page.locator("#idea-status")
    expect(panel.get_by_text("have not answered yet")).to_be_visible()
    panel.get_by_text("Answer this idea").click()
    panel.get_by_label("Status").select_option("declined")
    panel.get_by_label("Reason or note").fill("Too soon")
    panel.get_by_role("button", name="Save the status").click()
    expect(page.get_by_text("Say why the idea is declined")).to_be_visible()
    expect(page.get_by_label("Reason or note")).to_have_value("Too soon")
    page.get_by_label("Status").select_option("planned")
    page.get_by_label("Reason or note").fill("We start in January, one hour a month.")
    page.get_by_role("button", name="Save the status").click()
    expect(page.get_by_text("The idea's status is saved")).to_be_visible()
    expect(page.locator("#idea-status .idea-status")).to_have_text("Planned")

    page.goto("/ideas/")
    page.get_by_role("link", name="Planned").click()
    expect(page.locator(".idea-row")).to_have_count(1)
    expect(page.locator(".idea-row")).to_contain_text("We start in January")
    # Its card in the community's feed says so too.
    page.goto(places.open.get_absolute_url())
    expect(page.locator(f"#post-{idea.pk} .card-marks")).to_have_text("Planned")

    context = browser.new_context(base_url=live_server.url)
    ana = context.new_page()
    try:
        from hearth.core.events import events_dispatch

        events_dispatch()
        sign_in(ana, "ana@tellall.example")
        ana.goto("/notifications/")
        expect(
            ana.get_by_text("What became of the idea “Open office hours”: Planned")
        ).to_be_visible()
    finally:
        context.close()
