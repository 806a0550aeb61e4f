"""What's in it for me: my impact page, private, with trends."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hearth.conftest import sign_in
from hearth.conversations import services as talk
from hearth.conversations.tests.factories import make_post
from hearth.core.events import events_dispatch

LONG = "A contribution long enough to count for points."


def test_my_impact_counts_what_i_did_for_others(company, places, client, api):
    question = make_post(company.vp, places.open, kind="question", title="Which VPN?", body=LONG)
    answer = talk.comment_create(actor=company.member, post=question, body=LONG)
    talk.answer_accept(actor=company.vp, post=question, comment=answer)
    post = make_post(company.member, places.open, body=LONG)
    talk.reaction_set(actor=company.manager, post=post, kind="like")
    make_post(company.manager, places.open, kind="praise", body=LONG, praised=["ana"])
    for reader in (company.vp, company.manager):
        client.force_login(reader)
        client.get(post.get_absolute_url())
        client.get(post.get_absolute_url())  # twice: still one reader
    client.force_login(company.member)
    client.get(post.get_absolute_url())  # the author is not a reader
    events_dispatch()
    mine = api.get("/api/v1/me/impact").json()
    assert mine["answers"]["now"] == 1 and mine["accepted"]["now"] == 1
    assert mine["people_helped"] == 1 and mine["unique_readers"] == 2
    assert mine["reactions"]["now"] == 1 and mine["praise"]["now"] == 1
    assert mine["points"]["now"] == mine["total_points"] > 0
    page = client.get("/recognition/me/")
    assert (
        b"You helped 1 colleague" in page.content
        and b"2 people have read your posts" in page.content
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_my_impact_in_a_browser(page, company, places):
    make_post(
        company.manager,
        places.open,
        kind="praise",
        body="Thanks for the night shift!",
        praised=["ana"],
    )
    sign_in(page, "ana@tellall.example")
    page.locator("details.menu summary").click()
    page.get_by_role("link", name="My impact").click()
    expect(page.get_by_role("row", name="Praise received")).to_contain_text("1")
    expect(page.get_by_text("Thanks for the night shift!")).to_be_visible()
