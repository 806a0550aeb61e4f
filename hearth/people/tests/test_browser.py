"""The main path in a real Chromium: sign in, find people, browse the org chart, sign out."""

import re

import pytest
from playwright.sync_api import expect

from hearth.conftest import OUTPUT_DIR, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_search_the_directory_and_open_a_person(page, company):
    sign_in(page, "ana@tellall.example")
    page.get_by_role("link", name="People").first.click()
    page.get_by_label("Name or title").fill("carl")
    card = page.locator("#results").get_by_role("link", name=re.compile("Carlos Diaz"))
    expect(page.locator("#results .person-card")).to_have_count(1)
    assert "q=carl" in page.url  # the search is in the address, so it can be shared
    card.click()
    page.wait_for_url("**/people/carlos/")
    assert page.get_by_role("heading", level=1).inner_text() == "Carlos Diaz"
    chain = page.locator("ol.chain").inner_text()
    assert chain.index("Grace Mensah") < chain.index("Maria Lopez")


def test_browse_the_org_chart_level_by_level(page, company):
    sign_in(page, "ana@tellall.example")
    page.goto("/people/org/")
    assert page.locator("#focus-name").inner_text() == "Grace Mensah"
    page.locator(".org-reports").get_by_role("link", name=re.compile("Victor Vale")).click()
    page.wait_for_url("**focus=victor")
    assert page.locator("#focus-name").inner_text() == "Victor Vale"
    page.locator(".org-reports").get_by_role("link", name=re.compile("Maria Lopez")).click()
    page.wait_for_url("**focus=maria")
    assert page.locator(".org-reports .person-name").all_inner_texts() == [
        "Ana Ribeiro", "Carlos Diaz",
    ]  # fmt: skip
    page.locator(".org-chain").get_by_role("link", name="Grace Mensah").click()
    page.wait_for_url("**focus=grace")
    assert page.locator("#focus-name").inner_text() == "Grace Mensah"


def test_sign_out_ends_the_session(page, company):
    sign_in(page, "ana@tellall.example")
    page.locator("details.menu summary").click()
    page.get_by_role("button", name="Sign out").click()
    page.goto("/people/")
    assert "/accounts/login/" in page.url


def test_a_wrong_password_keeps_the_email_and_says_why(page, company):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("ana@tellall.example")
    page.get_by_label("Password").fill("not-my-password")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_label("Email").input_value() == "ana@tellall.example"
    assert "not correct" in page.locator(".form-errors").inner_text()


@pytest.mark.parametrize(("name", "width", "height"), [("phone", 390, 844), ("desktop", 1280, 900)])
def test_the_home_page_fits_phone_and_desktop(browser, live_server, company, name, width, height):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height}
    )
    page = context.new_page()
    sign_in(page, "ana@tellall.example")
    assert page.get_by_role("heading", name="Welcome, Ana Ribeiro").is_visible()
    assert page.get_by_role("link", name="People").first.is_visible()
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"the page scrolls sideways at {width}px"
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT_DIR / f"home-{name}.png"), full_page=True)
    context.close()
