"""In a real browser: a reply shows on the bell, and the notification opens the comment."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from hearth.conftest import sign_in
from hearth.conversations import services as talk
from hearth.conversations.tests.factories import make_post
from hearth.core.events import events_dispatch

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_bell_counts_and_opens_a_reply(page, company):
    post = make_post(
        company.member, None, kind="question", title="Where is the style guide?", body="?"
    )
    talk.comment_create(actor=company.manager, post=post, body="On the intranet, @ana")
    events_dispatch()
    sign_in(page, "ana@tellall.example")
    expect(page.locator(".bell-count")).to_have_text("2")
    page.locator("#bell").click()
    expect(
        page.get_by_text("Maria Lopez answered your question “Where is the style guide?”")
    ).to_be_visible()
    page.get_by_role("link", name=re.compile("answered your question")).click()
    page.wait_for_url(re.compile(rf"/posts/{post.pk}/#comment-\d+"))
    page.goto("/notifications/")
    page.get_by_role("button", name="Mark all read").click()
    expect(page.locator(".bell-count")).to_have_count(0)
