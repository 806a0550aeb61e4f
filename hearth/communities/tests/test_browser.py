"""A facilitator runs a community of purpose in a real browser: charter, launch, progress,
charter change, delivery with its outcome, archive."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from hearth.conftest import OUTPUT_DIR, sign_in
from hearth.conversations.models import Post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_run_a_purpose_community_from_charter_to_delivered_outcome(page, company):
    sign_in(page, "maria@tellall.example")
    page.goto("/communities/new/")
    page.get_by_label("Name").fill("Churn Busters")
    page.get_by_label("Kind").select_option("purpose")
    page.get_by_label("Purpose").fill("Halve churn among small-business customers in Spain.")
    page.get_by_label("Business goal").fill("Retention")
    page.get_by_label("Deliverable").fill("A churn playbook")
    page.get_by_label("Starts on").fill("2026-11-01")
    page.get_by_label("Ends on").fill("2027-03-31")
    page.get_by_label("Key results").fill("Churn rate | 5 | %\nStores using the playbook | 40")
    page.get_by_label("Sponsors").fill("grace")
    page.get_by_label("Facilitators").fill("ana")
    page.get_by_role("button", name="Save as a draft").click()
    expect(page.get_by_text("Your draft is saved")).to_be_visible()
    expect(page.get_by_text("Draft", exact=True)).to_be_visible()
    page.get_by_role("button", name="Launch").click()
    expect(page.get_by_text("The community is live.")).to_be_visible()

    page.get_by_label("Current value of Churn rate").fill("7.5")
    page.locator(".progress-form").first.get_by_role("button", name="Update").click()
    expect(page.get_by_text("Progress recorded.")).to_be_visible()
    expect(page.locator(".key-results li").first).to_contain_text("7.5 / 5 %")

    page.get_by_role("link", name="Edit charter").click()
    page.get_by_label("Deliverable").fill("A churn playbook and a pilot in 40 stores")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("A churn playbook and a pilot in 40 stores")).to_be_visible()
    page.get_by_role("link", name="History").click()
    expect(page.locator("del", has_text="A churn playbook")).to_be_visible()
    page.go_back()

    page.get_by_role("link", name="Deliver").click()
    page.get_by_label("What was delivered").fill("The playbook, used by 42 stores.")
    page.get_by_label("Links").fill("https://wiki.tellall.example/churn")
    page.get_by_label("Final value: Churn rate").fill("4.8")
    page.get_by_label("Retrospective").fill("Start with the stores that ask for help.")
    page.get_by_role("button", name="Deliver").click()
    expect(page.get_by_text("Delivered! Members and sponsors are told.")).to_be_visible()
    expect(page.locator(".outcome")).to_contain_text("The playbook, used by 42 stores.")
    expect(
        page.locator(".post-title", has_text=re.compile("Delivered: A churn playbook"))
    ).to_be_visible()
    page.screenshot(path=OUTPUT_DIR / "community-delivered.png", full_page=True)

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Archive").click()
    expect(page.get_by_text("The community is archived")).to_be_visible()
    expect(page.get_by_role("link", name="Post here")).to_have_count(1)  # still a member
    assert Post.objects.filter(kind="announcement", community__slug="churn-busters").count() == 1


def test_a_bad_charter_keeps_what_was_typed(page, company):
    sign_in(page, "maria@tellall.example")
    page.goto("/communities/new/")
    page.get_by_label("Name").fill("Broken dates")
    page.get_by_label("Kind").select_option("purpose")
    page.get_by_label("Purpose").fill("Test the form")
    page.get_by_label("Starts on").fill("2027-03-01")
    page.get_by_label("Ends on").fill("2027-01-01")
    page.get_by_label("Key results").fill("Revenue | lots")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_text("Line 1: the target must be a number.")).to_be_visible()
    expect(page.get_by_label("Purpose")).to_have_value("Test the form")


def test_invite_colleagues_personally_and_see_them_join(
    page, browser, live_server, company, places
):
    sign_in(page, "maria@tellall.example")
    page.goto(f"/communities/{places.private.slug}/")
    page.get_by_role("link", name="Invite people").click()
    page.get_by_label("People").fill("victor, ana")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".previews")).to_contain_text(
        "Hi Victor, I'm inviting you to Pricing Task Force"
    )
    expect(page.locator(".previews .skipped")).to_contain_text("already a member")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("1 invitations sent.")).to_be_visible()
    expect(page.locator(".funnel")).to_contain_text("Sent")
    context = browser.new_context(base_url=live_server.url)
    invitee = context.new_page()
    sign_in(invitee, "victor@tellall.example")
    invitee.goto("/communities/")
    invitee.get_by_role("link", name="Pricing Task Force").first.click()
    expect(invitee.locator(".invitation")).to_contain_text("Maria Lopez invites you")
    invitee.locator(".invitation").get_by_role("button", name="Join").click()
    expect(invitee.get_by_text("Welcome to Pricing Task Force.")).to_be_visible()
    context.close()
    page.reload()
    expect(page.locator(".funnel")).to_contain_text("1")
