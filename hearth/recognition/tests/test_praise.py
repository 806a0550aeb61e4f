"""The recognition wall: praise company-wide or per community, filtered by company value."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hearth.conftest import sign_in
from hearth.conversations.tests.factories import make_post


def test_the_wall_filters_by_value_and_community_and_keeps_secrets(client, company, places, api):
    make_post(
        company.manager,
        places.open,
        kind="praise",
        body="Thanks for the fix!",
        praised=["ana"],
        praise_value="Own it",
    )
    make_post(
        company.ceo,
        places.secret,
        kind="praise",
        body="Merger work, thank you",
        praised=["ana"],
        praise_value="Build together",
    )
    client.force_login(company.colleague)
    page = client.get("/recognition/praise/").content.decode()
    assert "Thanks for the fix!" in page and "Merger work" not in page
    filtered = client.get("/recognition/praise/?value=Build+together").content.decode()
    assert "Thanks for the fix!" not in filtered
    mine = api.get("/api/v1/praise?value=Build together").json()
    assert [p["body"] for p in mine["items"]] == ["Merger work, thank you"]
    assert api.get("/api/v1/praise?value=Be+rich").status_code == 422
    there = api.get(f"/api/v1/praise?community={places.open.slug}").json()
    assert [p["body"] for p in there["items"]] == ["Thanks for the fix!"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_wall_in_a_browser(page, company, places):
    make_post(
        company.manager,
        places.open,
        kind="praise",
        body="Thanks for the night shift!",
        praised=["ana"],
        praise_value="Own it",
    )
    sign_in(page, "victor@tellall.example")
    page.locator("details.menu summary").click()
    page.get_by_role("link", name="Recognition wall").click()
    expect(page.get_by_text("Thanks for the night shift!")).to_be_visible()
    page.get_by_role("link", name="Customers first").click()
    expect(page.get_by_text("Thanks for the night shift!")).to_have_count(0)
