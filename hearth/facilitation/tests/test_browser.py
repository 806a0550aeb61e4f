"""In a real browser: Victor works his facilitation queue (finds experts for a question, asks
them, acknowledges a post); Ana asks to meet Lea, who says yes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hearth.conftest import sign_in
from hearth.conversations.tests.factories import make_post
from hearth.people.services import tags_from_names
from hearth.people.tests.factories import PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_queue_expert_routing_and_an_introduction(page, browser, live_server, company, places):
    kiri = PersonFactory(username="kiri", display_name="Kiri Kube", email="kiri@tellall.example")
    kiri.skills.set(tags_from_names(["Kubernetes"]))
    lea = PersonFactory(
        username="lea", display_name="Lea Lopes", email="lea@tellall.example", country="PT"
    )
    lea.interests.set(tags_from_names(["Sailing"]))
    company.member.interests.set(tags_from_names(["Sailing"]))
    make_post(
        company.member,
        places.open,
        kind="question",
        title="Autoscaling on kubernetes",
        body="How do we tune it? #kubernetes",
    )
    make_post(company.member, places.open, body="Our router firmware plan for Q3")

    sign_in(page, "victor@tellall.example")
    page.locator("details.menu summary").click()
    page.get_by_role("link", name="Facilitation").click()
    expect(page.get_by_role("heading", name="Unanswered questions")).to_be_visible()
    page.get_by_role("link", name="Find experts").click()
    expect(page.get_by_text("Kiri Kube")).to_be_visible()
    expect(page.get_by_text("lists Kubernetes among their skills")).to_be_visible()
    page.get_by_role("button", name="Ask them").click()
    expect(page.get_by_text("Asked 1 people to help.")).to_be_visible()
    page.goto("/facilitation/")
    firmware = page.locator("li.waiting", has_text="Our router firmware plan")
    firmware.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text("Acknowledged: the author sees it was not lost.")).to_be_visible()
    expect(page.locator("li.waiting", has_text="Our router firmware plan")).to_have_count(0)

    context = browser.new_context(base_url=live_server.url)
    ana = context.new_page()
    try:
        sign_in(ana, "ana@tellall.example")
        ana.locator("details.menu summary").click()
        ana.get_by_role("link", name="People to meet").click()
        expect(ana.get_by_text("You both: Sailing")).to_be_visible()
        ana.get_by_role("button", name="Introduce me").click()
        expect(ana.get_by_text("Introduction sent")).to_be_visible()
    finally:
        context.close()

    page.context.clear_cookies()
    sign_in(page, "lea@tellall.example")
    page.goto("/facilitation/meet/")
    page.get_by_role("button", name="Yes, introduce us").click()
    expect(page.get_by_text("You are connected: say hello.")).to_be_visible()
