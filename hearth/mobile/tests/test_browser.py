"""In a real browser: Hearth is installable, its service worker keeps the pages a person read,
serves them with no network, shows the offline page for the others, and forgets everything when
the person signs out or something they read is hidden."""

from __future__ import annotations

import pytest
from django.db import transaction
from playwright.sync_api import expect

from hearth.conftest import evaluate_until, sign_in
from hearth.conversations import services as talk
from hearth.conversations.tests.factories import make_post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KEPT = "async () => (await (await caches.open('hearth-pages')).keys()).map((r) => r.url)"
CONTROLLED = "() => navigator.serviceWorker.controller !== null"


def kept(page) -> list[str]:
    return page.evaluate(KEPT)


def test_the_app_installs_and_reads_kept_pages_offline(page, company, places):
    post = make_post(company.vp, places.open, title="Shift handover checklist", body="Steps.")
    other = make_post(company.vp, places.open, title="Never opened here", body="Not kept.")
    sign_in(page, company.member.email)
    page.wait_for_function(CONTROLLED, timeout=20_000)  # the worker took the page over

    # Chromium would offer to install it: the manifest and the worker meet its criteria.
    session = page.context.new_cdp_session(page)
    errors = session.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # A test browser's profile is a private one: the only thing that keeps it from installing.
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == [], errors

    page.goto(post.get_absolute_url())
    expect(page.get_by_role("heading", name="Shift handover checklist")).to_be_visible()
    url = page.url
    evaluate_until(page, KEPT, lambda urls: url in urls)

    page.context.set_offline(True)
    page.goto(post.get_absolute_url())
    expect(page.get_by_role("heading", name="Shift handover checklist")).to_be_visible()
    page.goto(other.get_absolute_url())
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    expect(page.locator("#kept-pages")).to_contain_text("Shift handover checklist")
    page.context.set_offline(False)

    # Signing out leaves nothing on the device.
    page.goto("/")
    page.get_by_role("button", name=company.member.name).or_(
        page.locator("details.menu summary")
    ).first.click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/**")
    evaluate_until(page, KEPT, lambda urls: urls == [])


def test_a_hidden_post_is_forgotten_by_the_device(page, company, places):
    post = make_post(company.vp, places.open, title="Reorganisation draft", body="Early.")
    sign_in(page, company.member.email)
    page.wait_for_function(CONTROLLED, timeout=20_000)
    page.goto(post.get_absolute_url())
    evaluate_until(page, KEPT, lambda urls: any("/posts/" in u for u in urls))

    page.goto("/offline/")  # a page with no live stream open while the test writes
    with transaction.atomic():  # as the moderation service calls it
        talk.post_moderate(post=post, comment=None, kind="hide")
    # An open page hears "offline" on its live stream (delivered here by hand: the test server
    # does not stream) and has the worker check at once, rather than on a page read at most
    # every 30 seconds: it forgets what it kept before.
    page.goto("/notifications/")
    page.wait_for_function(CONTROLLED, timeout=20_000)
    assert any("/posts/" in u for u in kept(page))  # reading a page within 30 s checks nothing
    page.evaluate(
        "() => document.getElementById('offline-signal')"
        ".dispatchEvent(new CustomEvent('sse:offline', { bubbles: true }))"
    )
    evaluate_until(page, KEPT, lambda urls: not any("/posts/" in u for u in urls))
    page.context.set_offline(True)
    page.goto(post.get_absolute_url())
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    page.context.set_offline(False)
