"""The role walk in a real Chromium: each role signs in and opens every page its navigation
offers, on a desktop and on a phone (390 px wide). Every page answers, every primary destination
is one tap away on the phone, and axe-core (through axe-playwright-python) finds no violation of
impact "serious" or "critical" under the WCAG 2.1 A and AA rules. Screenshots of the main pages
of each role, at both widths, are written under test-output/roles/."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from hearth.communities.tests.factories import make_places
from hearth.conftest import OUTPUT_DIR, sign_in
from hearth.conversations import services as talk
from hearth.conversations.tests.factories import make_post
from hearth.pages.context_processors import account_menu

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = OUTPUT_DIR / "roles"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PRIMARY = ["Home", "Communities", "Jams", "People", "Insights", "Search"]
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
# The pages each role is pictured on (the rest of the walk is checked, not pictured).
PICTURED = {"/", "/communities/", "/insights/"}


def _world(company):
    """Enough of a company that every page has something on it."""
    places = make_places(company)
    question = make_post(
        company.member, places.open, kind="question", title="Which VPN client?", body="Details"
    )
    talk.comment_create(actor=company.manager, post=question, body="The corporate one.")
    make_post(company.ceo, None, body="Thank you all for a great quarter #results")
    company.manager.user_permissions.add(Permission.objects.get(codename="view_insights"))
    company.manager.user_permissions.add(Permission.objects.get(codename="audit"))


def _serious(page) -> list[str]:
    results = Axe().run(page, options=WCAG)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


ROLES = {
    "employee": ("ana@tellall.example", "member"),
    "facilitator": ("victor@tellall.example", "vp"),
    "executive": ("grace@tellall.example", "ceo"),
    "communications": ("maria@tellall.example", "manager"),
    "administrator": ("admin@tellall.example", "admin"),
}


@pytest.mark.parametrize("role", list(ROLES))
def test_each_role_walks_its_navigation_on_desktop_and_phone(browser, live_server, company, role):
    _world(company)
    email, attribute = ROLES[role]
    person = getattr(company, attribute)
    links = ["/", "/communities/", "/jams/", "/people/", "/insights/", "/search/?q=vpn"]
    links += [person.get_absolute_url(), *(entry["href"] for entry in account_menu(person))]
    problems: dict[str, list[str]] = {}
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        context = browser.new_context(base_url=live_server.url, viewport=viewport)
        page = context.new_page()
        page.set_default_timeout(20_000)
        sign_in(page, email)
        if name == "phone":
            # Every primary destination is one tap away, none off-screen.
            bar = page.get_by_role("navigation", name="Main")
            for label in PRIMARY:
                link = bar.get_by_role("link", name=label)
                expect(link).to_be_in_viewport(ratio=1)
        for href in links:
            answer = page.goto(href)
            assert answer is not None and answer.status == 200, (role, name, href)
            found = _serious(page)
            if found:
                problems[f"{name} {href}"] = found
            if href in PICTURED:
                slug = href.strip("/").replace("/", "-") or "home"
                page.screenshot(path=SHOTS / f"{role}-{slug}-{name}.png", full_page=True)
        context.close()
    assert problems == {}, problems


def test_the_navigation_works_from_the_keyboard_with_a_visible_focus(page, company):
    sign_in(page, "ana@tellall.example")
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to content")
    outline = focused.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline not in ("", "none")
    for _ in range(30):  # on to the account menu, past the brand and the main navigation
        page.keyboard.press("Tab")
        if page.locator("details.menu summary").evaluate("el => el === document.activeElement"):
            break
    else:
        raise AssertionError("the account menu cannot be reached with Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="My impact")).to_be_visible()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.locator(":focus").text_content() == "My impact":
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/recognition/me/")


def test_on_a_phone_a_community_shows_who_leads_it_before_its_feed(browser, live_server, company):
    places = make_places(company)
    make_post(company.manager, places.open, title="Router upgrade on Saturday", body="Details")
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        context = browser.new_context(base_url=live_server.url, viewport=viewport)
        page = context.new_page()
        page.set_default_timeout(20_000)
        sign_in(page, "ana@tellall.example")
        page.goto(places.open.get_absolute_url())
        leads = page.get_by_role("heading", name="Who leads it").bounding_box()
        maturity = page.locator(".maturity").bounding_box()
        post = page.locator("article.post").first.bounding_box()
        head = page.locator(".community-head").bounding_box()
        assert leads and maturity and post and head
        if name == "phone":  # one column: the head, the panels, then the feed
            assert head["y"] < leads["y"] < maturity["y"] < post["y"]
        else:  # the panels beside the head and the feed, starting at the top
            assert leads["x"] > post["x"] + post["width"] - 1
            assert abs(leads["y"] - head["y"]) < 40
        page.screenshot(path=SHOTS / f"employee-community-{name}.png", full_page=True)
        context.close()
