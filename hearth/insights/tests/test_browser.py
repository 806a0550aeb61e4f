"""In a real browser: the communications lead reads the dashboard, is refused a group too small
to show, and downloads the value report; screenshots of the dashboard and of the PDF's first
page are kept in test-output/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from hearth.conftest import sign_in
from hearth.conversations import services as talk
from hearth.conversations.tests.factories import make_post
from hearth.ideas import services as ideas
from hearth.insights import compute
from hearth.insights.models import NamedChoice

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OUT = Path("test-output")


def test_the_dashboard_and_the_value_report(page, company, places, settings):
    settings.HEARTH_INSIGHTS_MIN_GROUP = 2
    post = make_post(company.member, places.open, body="Our ring network is now redundant.")
    talk.comment_create(actor=company.vp, post=post, body="Great news for the north.")
    talk.reaction_set(actor=company.manager, post=post, kind="celebrate")
    compute.build()
    sign_in(page, "admin@tellall.example")
    page.get_by_role("link", name="Insights").first.click()
    expect(page.locator("#headline")).to_contain_text("interactive people")
    expect(page.locator("svg[aria-label='Active people per week']")).to_be_visible()
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "insights-dashboard.png"), full_page=True)

    settings.HEARTH_INSIGHTS_MIN_GROUP = 5
    page.get_by_label("Department").select_option("Sales")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".form-errors")).to_contain_text("fewer than 5 people")
    expect(page.get_by_label("Department")).to_have_value("Sales")  # what was chosen is kept

    settings.HEARTH_INSIGHTS_MIN_GROUP = 2
    page.get_by_role("link", name="Value report").click()
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#report-headline")).to_contain_text("Posts that got a reply")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    pdf_path = OUT / "insights-value-report.pdf"
    download.value.save_as(pdf_path)
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf_path))
    assert len(document) >= 1
    first = document[0].render(scale=1.5).to_pil()
    first.save(OUT / "insights-value-report-page1.png")
    text = document[0].get_textpage().get_text_range()
    assert "What our network did" in text and "Headlines" in text


def test_the_value_report_outcomes_and_the_time_saved_assumption(page, company, places, settings):
    settings.HEARTH_INSIGHTS_MIN_GROUP = 2
    question = make_post(
        company.member, places.open, kind="question", title="Which VPN client?", body="We need it."
    )
    answer = talk.comment_create(actor=company.manager, post=question, body="The new one.")
    talk.answer_accept(actor=company.member, post=question, comment=answer)
    idea = make_post(company.member, places.open, kind="idea", body="Text customers on outages.")
    ideas.idea_status_set(actor=company.manager, post=idea, status="done")
    compute.build()
    sign_in(page, "admin@tellall.example")
    page.goto("/insights/report/")
    outcomes = page.locator("#report-outcomes-period")
    expect(outcomes.get_by_role("row", name="Ideas shipped")).to_contain_text("1")
    expect(page.locator("#report-assumption")).to_contain_text("30 minutes per answered question")
    expect(page.locator("#report-outcomes-people")).to_contain_text("Still here")

    minutes = page.get_by_label("Minutes an answered question saves")
    minutes.fill("0")
    page.get_by_role("button", name="Change the assumption").click()
    expect(page.locator("#id_minutes_saved_per_answer_error")).to_contain_text("from 1 to 480")
    expect(minutes).to_have_value("0")  # what was typed is kept

    minutes.fill("120")
    page.get_by_role("button", name="Change the assumption").click()
    expect(page.locator("#report-assumption")).to_contain_text(
        "120 minutes per answered question, set by Manoj Shah"
    )
    expect(outcomes.get_by_role("row", name="Hours saved")).to_contain_text("2")
    OUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUT / "insights-value-report-outcomes.png"), full_page=True)


def test_the_impact_page_asks_once_whether_i_may_be_named(page, company):
    sign_in(page, "ana@tellall.example")
    page.goto("/recognition/me/")
    ask = page.locator("#named-ask")
    expect(ask.get_by_role("heading")).to_have_text("May we name you?")
    ask.get_by_role("button", name="No, only count me").click()
    expect(page.get_by_role("status")).to_contain_text("You will not be named")
    expect(page).to_have_url(re.compile(r"/recognition/me/$"))  # back where I was
    expect(page.locator("#named-ask")).to_have_count(0)
    page.reload()
    expect(page.get_by_role("heading", name="My impact")).to_be_visible()
    expect(page.locator("#named-ask")).to_have_count(0)  # asked once
    assert not NamedChoice.objects.get(person=company.member).named
