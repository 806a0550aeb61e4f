"""In a real browser: Grace runs a jam end to end with Victor facilitating and Ana taking part:
create, go live, contribute, alert, merge, dashboard, close, report, follow-up community."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from hearth.conftest import sign_in
from hearth.conversations.models import Post
from hearth.jams import services
from hearth.jams.models import Jam

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_jam_end_to_end(page, browser, live_server, company):
    sign_in(page, "grace@tellall.example")
    page.goto("/jams/")
    page.get_by_role("link", name="New jam").click()
    page.get_by_label("Title").fill("Customer obsession 2027")
    page.get_by_label("The challenge").fill("How do we delight customers next year?")
    start = timezone.localtime(timezone.now()).strftime("%Y-%m-%dT%H:%M")
    end = (timezone.localtime(timezone.now()) + datetime.timedelta(days=3)).strftime(
        "%Y-%m-%dT%H:%M"
    )
    page.get_by_label("Starts (your time)").fill(start)
    page.get_by_label("Ends (your time)").fill(end)
    page.get_by_label("Themes").fill("Customers @victor\nNetwork @maria")
    page.get_by_label("Hosts").fill("@grace")
    page.get_by_role("button", name="Schedule the jam").click()
    expect(page.get_by_text("The jam is scheduled.")).to_be_visible()
    jam = Jam.objects.get()
    Jam.objects.filter(pk=jam.pk).update(starts_at=timezone.now() - datetime.timedelta(minutes=1))

    context = browser.new_context(base_url=live_server.url)
    ana = context.new_page()
    try:
        sign_in(ana, "ana@tellall.example")
        ana.goto(jam.get_absolute_url())
        expect(ana.get_by_text("Live: ends in")).to_be_visible()
        ana.get_by_role("link", name="Customers", exact=True).click()
        ana.get_by_label("An idea").check()
        ana.get_by_label("Title").fill("Night chat support")
        ana.get_by_label("Your contribution").fill("Answer customers by chat at night.")
        ana.get_by_role("button", name="Post").click()
        expect(ana.get_by_text("Thank you: your contribution is in.")).to_be_visible()
        ana.get_by_label("Title").fill("Chat support at night")
        ana.get_by_label("Your contribution").fill("Same idea, said again.")
        ana.get_by_role("button", name="Post").click()
        expect(ana.get_by_role("link", name="Chat support at night")).to_be_visible()
    finally:
        context.close()

    context = browser.new_context(base_url=live_server.url)
    victor = context.new_page()
    try:
        sign_in(victor, "victor@tellall.example")
        victor.goto(jam.get_absolute_url())
        victor.get_by_role("link", name="Jam alerts").click()
        victor.get_by_label("Alert").fill("Which idea would you pilot first?")
        victor.get_by_role("button", name="Send the alert").click()
        expect(victor.get_by_text("The alert is on its way.")).to_be_visible()
        victor.goto(jam.themes.first().get_absolute_url())
        dup = Post.objects.get(title="Chat support at night")
        duplicate = victor.locator(f"#contribution-{dup.pk}")
        duplicate.get_by_label("Duplicate of").select_option(label="Night chat support")
        duplicate.get_by_role("button", name="Merge").click()
        expect(victor.get_by_text("Merged: its votes and followers moved")).to_be_visible()
        expect(victor.get_by_role("link", name="Chat support at night")).to_have_count(0)
    finally:
        context.close()

    page.goto(f"/jams/{jam.slug}/dashboard/")
    expect(page.locator("#participation")).to_contain_text("1 participants")
    expect(page.get_by_role("link", name="Night chat support")).to_be_visible()

    Jam.objects.filter(pk=jam.pk).update(ends_at=timezone.now() - datetime.timedelta(minutes=1))
    services.jam_close_due()
    page.goto(jam.get_absolute_url())
    expect(page.get_by_text("Closed: read-only.")).to_be_visible()
    page.get_by_role("link", name="Report").click()
    row = page.locator("li", has_text="Night chat support").last
    row.get_by_label("Selected").check()
    row.get_by_label("Owner").fill("ana")
    row.get_by_label("Due").fill((timezone.localdate() + datetime.timedelta(days=30)).isoformat())
    row.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Follow-up saved.")).to_be_visible()
    page.get_by_label("Summary of what the jam produced").fill(
        "Night chat support pilots in January, owned by Ana."
    )
    page.get_by_role("button", name="Publish the report").click()
    expect(page.get_by_text("The report is published")).to_be_visible()
    page.get_by_role("button", name="Create a community of purpose from the selected ideas").click()
    expect(page).to_have_url(re.compile(r"/communities/follow-up-customer-obsession-2027/"))
