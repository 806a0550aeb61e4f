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
