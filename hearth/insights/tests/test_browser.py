"""In a real browser: the communications lead reads the dashboard, is refused a group too small
to show, and downloads the value report; screenshots of the dashboard and of the PDF's first
page are kept in test-output/."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from hearth.conftest import sign_in
from hearth.conversations import services as talk
from hearth.conversations.tests.factories import make_post
from hearth.insights import compute

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
