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


def test_an_ask_me_anything_from_question_to_live_answer(page, browser, live_server, company):
    import datetime

    from django.utils import timezone

    from hearth.leadership import services as leadership_services
    from hearth.leadership.models import Ama

    sign_in(page, "grace@tellall.example")
    page.goto("/leaders/")
    page.get_by_role("link", name="Ask Me Anything").click()
    page.get_by_role("link", name="Host an AMA").click()
    now = timezone.localtime(timezone.now())
    page.get_by_label("Title").fill("Ask Grace about 2027")
    page.get_by_label("Starts (your time)").fill(
        (now - datetime.timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_label("Ends (your time)").fill(
        (now - datetime.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_role("button", name="Open for questions").click()
    expect(page.get_by_text("The end is in the past.")).to_be_visible()  # refused, form kept
    expect(page.get_by_label("Title")).to_have_value("Ask Grace about 2027")
    page.get_by_label("Ends (your time)").fill(
        (now + datetime.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_role("button", name="Open for questions").click()
    expect(page.get_by_text("Your AMA is open for questions.")).to_be_visible()
    ama = Ama.objects.get()
    leadership_services.question_ask(
        actor=company.colleague, ama=ama, body="Will Sales get a new CRM next year?"
    )

    context = browser.new_context(base_url=live_server.url)
    ana = context.new_page()
    try:
        sign_in(ana, "ana@tellall.example")
        ana.goto(ama.get_absolute_url())
        ana.get_by_label("Your question").fill("Can engineers work four days a week?")
        ana.get_by_role("button", name="Ask").click()
        expect(ana.get_by_text("Your question is in.")).to_be_visible()
        expect(ana.locator(".ama-tally")).to_contain_text("2 not yet answered")
        crm = ana.locator("article.ama-question", has_text="new CRM")
        crm.get_by_role("button", name="Vote up").click()
        expect(crm.get_by_role("button", name="Voted")).to_be_visible()
        expect(crm.locator(".ama-votes strong")).to_have_text("1")

        page.goto(ama.get_absolute_url())
        four_days = page.locator("article.ama-question", has_text="four days")
        four_days.get_by_label("Your answer").fill("We will pilot it in Lisbon this spring.")
        four_days.get_by_role("button", name="Answer").click()
        expect(page.get_by_text("Answered: the asker is told.")).to_be_visible()

        ana.reload()
        expect(ana.get_by_text("We will pilot it in Lisbon this spring.")).to_be_visible()
        expect(ana.locator(".ama-tally")).to_contain_text("1 not yet answered")
    finally:
        context.close()


def test_a_leader_reads_their_scorecard_and_opts_into_the_comparison(page, company):
    sign_in(page, "grace@tellall.example")
    page.goto("/leaders/")
    page.get_by_role("link", name="My leader scorecard").click()
    expect(page.get_by_text("Only you see this page.")).to_be_visible()
    expect(page.get_by_text("no comparison, so nobody can be singled out")).to_be_visible()
    page.get_by_role("button", name="Share and compare").click()
    expect(page.get_by_text("You are in the comparison")).to_be_visible()
    expect(page.locator("#comparison")).to_contain_text("Grace Mensah")
