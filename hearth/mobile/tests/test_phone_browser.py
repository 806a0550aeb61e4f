"""On a phone, in Chromium emulating one: every control is big enough for a thumb, a feed
refreshes by pulling it down, and writing works with one hand (the buttons stay within reach
above the tab bar, and a floating button starts a post from the feed)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hearth.conftest import OUTPUT_DIR, sign_in
from hearth.conversations.models import Post
from hearth.conversations.tests.factories import make_post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTROLS = (
    "button, .button, .reaction, .mainnav a, .feed-tabs a, .kind-tabs a, .menu summary, .bell, "
    "select, textarea, input:not([type=hidden]):not([type=checkbox]):not([type=radio])"
)
TOO_SMALL = f"""() => [...document.querySelectorAll({CONTROLS!r})]
  .filter((e) => e.offsetParent !== null && getComputedStyle(e).visibility !== 'hidden')
  .map((e) => [e.outerHTML.slice(0, 80), e.getBoundingClientRect()])
  .filter(([, box]) => box.width > 0 && (box.width < 43.5 || box.height < 43.5))
  .map(([html, box]) => `${{html}} ${{Math.round(box.width)}}x${{Math.round(box.height)}}`)"""


def pull_down(page, distance: int = 220) -> None:
    """A finger pulls the page down from near its top (touch events, as a screen sends them)."""
    session = page.context.new_cdp_session(page)
    x, y = 195, 200

    def touch(kind: str, at: int | None) -> None:
        points = [] if at is None else [{"x": x, "y": at}]
        session.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", y)
    for step in range(1, 11):
        touch("touchMove", y + distance * step // 10)
    touch("touchEnd", None)


def test_every_control_is_big_enough_for_a_thumb(phone, company, places):
    post = make_post(company.vp, places.open, title="Night shift rota", body="Who covers?")
    sign_in(phone, company.member.email)
    for path in ("/", post.get_absolute_url(), "/posts/new/?kind=poll", "/communities/"):
        phone.goto(path)
        assert phone.evaluate(TOO_SMALL) == [], path


def test_pulling_the_feed_down_shows_what_was_posted_meanwhile(phone, company, places):
    make_post(company.vp, places.open, title="Morning briefing", body="Coffee at nine.")
    sign_in(phone, company.member.email)
    phone.goto("/")
    expect(phone.locator("#feed")).to_contain_text("Morning briefing")
    phone.evaluate("() => { window.stayed = true; }")  # gone if the page were reloaded
    make_post(company.manager, places.open, title="Forklift two is fixed", body="Back at work.")
    expect(phone.locator("#feed")).not_to_contain_text("Forklift two is fixed")

    pull_down(phone)
    expect(phone.locator("#feed")).to_contain_text("Forklift two is fixed")
    assert phone.evaluate("() => window.stayed") is True  # refreshed in place, not reloaded
    expect(phone.locator(".pull-refresh")).to_have_attribute("data-state", "")
    pull_down(phone, distance=40)  # a short pull is only a scroll: nothing happens
    expect(phone.locator(".pull-refresh")).to_have_attribute("data-state", "")


def test_a_post_is_written_with_one_hand(phone, company, places):
    for n in range(12):  # a feed longer than the screen
        make_post(company.vp, places.open, title=f"Shift note {n}", body="Details follow.")
    sign_in(phone, company.member.email)
    phone.goto("/")
    height, width = phone.viewport_size["height"], phone.viewport_size["width"]
    write = phone.locator("a.fab")
    tabbar = phone.locator(".mainnav").bounding_box()
    for scrolled in (0, 1500):  # the floating button stays put as the feed scrolls
        phone.evaluate(f"() => window.scrollTo(0, {scrolled})")
        box = write.bounding_box()
        assert height / 2 < box["y"] and box["y"] + box["height"] <= tabbar["y"], scrolled
        assert box["x"] + box["width"] <= width and box["width"] >= 44, scrolled
    write.tap()
    phone.wait_for_url("**/posts/new/**")

    phone.goto("/posts/new/?kind=article")  # the longest form: title, body, place, files, date
    phone.get_by_label("Title").fill("Handover notes")
    phone.locator("textarea[name=body]").fill("Night crew: check the forklift before leaving.")
    phone.evaluate("() => window.scrollTo(0, 0)")
    publish = phone.get_by_role("button", name="Publish")
    button = publish.bounding_box()
    # Without scrolling to the end of the form, Publish sits low on the screen, above the tab bar.
    assert height / 2 < button["y"] and button["y"] + button["height"] <= tabbar["y"] + 1
    assert phone.evaluate("() => document.documentElement.scrollHeight") > height  # a long form
    phone.screenshot(path=OUTPUT_DIR / "composer-phone.png")
    publish.tap()
    expect(phone.get_by_role("heading", name="Handover notes")).to_be_visible()
    assert Post.objects.filter(author=company.member, title="Handover notes").exists()
