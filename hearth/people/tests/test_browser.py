"""The main path in a real Chromium: sign in, find people, browse the org chart, sign out."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
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
    try:
        page.wait_for_url("**/people/carlos/", timeout=3000)
    except PlaywrightTimeout:  # a late results swap replaced the link under the first click
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
        "Ana Ribeiro",
        "Carlos Diaz",
    ]
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
    page.get_by_role("button", name="Sign in", exact=True).click()
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


def test_edit_my_profile_and_see_it_on_my_page(page, company):
    sign_in(page, "ana@tellall.example")
    page.locator("details.menu summary").click()
    page.get_by_role("link", name="Edit profile").click()
    page.get_by_label("About me").fill("I keep the **5G** core running.")
    page.get_by_label("Skills").fill("5G, Core network")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/people/ana/")
    assert page.locator(".message-success").inner_text() == "Your profile is saved."
    assert page.locator(".prose strong").inner_text() == "5G"
    assert page.locator(".tags").first.inner_text().split() == ["5G", "Core", "network"]


def test_an_administrator_imports_the_org_chart(page, company, tmp_path):
    header = "employee_id,email,name,title,department,location,country,manager_id\n"
    bad = tmp_path / "bad.csv"
    bad.write_text(header + "N1,zoe@tellall.example,Zoe Park,Analyst,Sales,Madrid,ES,NOPE\n")
    sign_in(page, "admin@tellall.example")
    page.goto("/people/import/")
    page.get_by_label("HR export (CSV)").set_input_files(str(bad))
    page.get_by_role("button", name="Import").click()
    report = page.locator("#import-report")
    assert "1 problem: nothing was changed" in report.inner_text()
    assert "Unknown manager 'NOPE'" in report.locator("tbody").inner_text()

    good = tmp_path / "good.csv"
    good.write_text(header + "N1,zoe@tellall.example,Zoe Park,Analyst,Sales,Madrid,ES,\n")
    page.get_by_label("HR export (CSV)").set_input_files(str(good))
    page.get_by_label("Dry run: only show what would change").uncheck()
    page.get_by_role("button", name="Import").click()
    # Everyone missing from the export has left: the five employees of the fixture.
    assert (
        "Created 1, updated 0, reactivated 0, deactivated 5"
        in page.locator("#import-report").inner_text()
    )
    page.goto("/people/?q=zoe")
    assert page.locator("#results .person-name").all_inner_texts() == ["Zoe Park"]
    page.goto("/people/ana/")
    assert page.get_by_text("No longer with the company.").is_visible()
