"""In a real browser: Ana's post earns points; she finds herself on the leaderboard, then
chooses not to appear."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hearth.conftest import sign_in
from hearth.conversations import services as talk
from hearth.conversations.tests.factories import make_post
from hearth.core.events import events_dispatch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_leaderboard_and_leaving_it(page, company, places):
    post = make_post(company.member, places.open, body="Our ring network is now redundant.")
    talk.reaction_set(actor=company.vp, post=post, kind="celebrate")
    events_dispatch()
    sign_in(page, "ana@tellall.example")
    page.locator("details.menu summary").click()
    page.get_by_role("link", name="Leaderboards").click()
    expect(page.get_by_text("You have 3 points in this period.")).to_be_visible()
    expect(page.locator("#leaderboard")).to_contain_text("Ana Ribeiro")
    page.get_by_role("button", name="Do not show me").click()
    expect(page.get_by_text("You no longer appear on leaderboards")).to_be_visible()
    expect(page.locator("#leaderboard")).not_to_contain_text("Ana Ribeiro")


def test_badges_defined_awarded_by_hand_and_shown(page, browser, live_server, company):
    sign_in(page, "admin@tellall.example")
    page.goto("/recognition/")
    page.get_by_role("link", name="Badges").click()
    expect(page.locator("#badge-catalogue")).to_contain_text("Helper")
    page.locator("#new-name").fill("Mentor")
    page.locator("#new-criteria").fill("mentees >= 3")
    page.locator("#new-badge").get_by_role("button", name="Save").click()
    expect(page.get_by_text("there is no measure “mentees”")).to_be_visible()
    expect(page.locator("#new-name")).to_have_value("Mentor")  # what was typed is kept
    page.locator("#new-criteria").fill("")
    # The icon is picked from drawn icons, each with its name, and the choice is kept.
    page.locator("#new-badge").get_by_role("radio", name="Graduation cap").check()
    page.locator("#new-badge").get_by_role("button", name="Save").click()
    expect(page.get_by_text("The badge “Mentor” is saved.")).to_be_visible()
    mentor = page.locator("#badge-catalogue tr", has_text="Mentor").first
    expect(mentor.locator(".badge-icon svg")).to_have_count(1)
    expect(
        page.get_by_role("group", name="Icon").first.get_by_role("radio", checked=True)
    ).to_have_count(1)

    page.goto("/people/ana/")
    page.get_by_label("Badge", exact=True).select_option(label="Mentor")
    page.get_by_label("Why (the person and the audit log see it)").fill("Coached our newcomers")
    page.get_by_role("button", name="Award", exact=True).click()
    expect(page.get_by_text("Ana Ribeiro now holds “Mentor”.")).to_be_visible()
    expect(page.locator("#badges")).to_contain_text("Coached our newcomers")

    context = browser.new_context(base_url=live_server.url)
    ana = context.new_page()
    try:
        sign_in(ana, "ana@tellall.example")
        ana.goto("/recognition/me/")
        expect(ana.locator("#badges")).to_contain_text("Mentor")
        expect(ana.locator("#badges")).to_contain_text("Level 1: Newcomer")
    finally:
        context.close()
