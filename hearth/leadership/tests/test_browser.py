"""In a real browser: Grace lets Ana draft; Ana drafts; Grace edits and approves; readers see
"drafted by Ana Ribeiro, approved by Grace Mensah"."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hearth.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_delegated_drafting_is_labelled(page, browser, live_server, company):
    sign_in(page, "grace@tellall.example")
    page.goto("/leaders/delegation/")
    page.get_by_label("Username").fill("ana")
    page.get_by_role("button", name="Let them draft for me").click()
    expect(page.get_by_text("Ana Ribeiro can now draft posts for your approval.")).to_be_visible()

    context = browser.new_context(base_url=live_server.url)
    ana = context.new_page()
    try:
        sign_in(ana, "ana@tellall.example")
        ana.goto("/leaders/drafts/new/")
        ana.get_by_label("Draft").fill("Thank you all for a record quarter.")
        ana.get_by_role("button", name="Send for approval").click()
        expect(ana.get_by_text("Draft sent to Grace Mensah for approval.")).to_be_visible()
    finally:
        context.close()

    page.goto("/leaders/delegation/")
    page.get_by_role("link", name="Thank you all for a record quarter.").click()
    page.get_by_label("Text").fill("Thank you all for a record quarter. Proud of you.")
    page.get_by_role("button", name="Approve and publish under my name").click()
    expect(page.get_by_text("drafted by Ana Ribeiro, approved by Grace Mensah")).to_be_visible()
    expect(page.get_by_text("Proud of you.")).to_be_visible()
