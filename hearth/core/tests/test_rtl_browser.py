"""Arabic lays out right to left: the page says `dir="rtl"`, and the layout mirrors (the CSS uses
logical properties: start and end, not left and right). Checked on screenshots, in Chromium,
against the same pages in English."""

from __future__ import annotations

import pytest
from PIL import Image

from hearth.conftest import OUTPUT_DIR, sign_in
from hearth.conversations.services import comment_create
from hearth.conversations.tests.factories import make_post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACCENT = (0xB4, 0x47, 0x1B)  # the brand mark's colour (--color-accent)


def accent_columns(path, height: int) -> list[int]:
    """The x of every pixel of the top bar that has the brand mark's colour."""
    with Image.open(path) as image:
        rgb = image.convert("RGB")
        found = []
        for y in range(min(height, rgb.height)):
            for x in range(rgb.width):
                r, g, b = rgb.getpixel((x, y))  # type: ignore[misc]
                if abs(r - ACCENT[0]) + abs(g - ACCENT[1]) + abs(b - ACCENT[2]) < 40:
                    found.append(x)
    return found


def layout(page, name: str) -> dict:
    page.goto("/")
    bar = page.locator(".topbar").bounding_box()
    shot = OUTPUT_DIR / f"{name}.png"
    page.screenshot(path=shot)
    columns = accent_columns(shot, int(bar["height"]))
    assert columns, "the brand mark is on the screenshot"
    return {
        "dir": page.locator("html").get_attribute("dir"),
        "mark": sum(columns) / len(columns),
        "brand": page.locator(".brand").bounding_box(),
        "account": page.locator(".topbar-end").bounding_box(),
        "width": page.viewport_size["width"],
    }


def test_arabic_mirrors_the_layout_of_english(page, company, places):
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    post = make_post(company.vp, places.open, title="مناوبة الليل", body="من يغطي يوم الجمعة؟")
    comment_create(actor=company.manager, post=post, body="أستطيع أن أغطيها.")
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_in(page, company.member.email)
    english = layout(page, "home-english")
    company.member.language = "ar"
    company.member.save(update_fields=["language"])
    arabic = layout(page, "home-arabic")

    assert english["dir"] == "ltr" and arabic["dir"] == "rtl"
    middle = english["width"] / 2
    # English: the brand at the left, the account at the right; Arabic: the other way round.
    assert english["mark"] < middle < arabic["mark"]
    assert english["brand"]["x"] < middle < arabic["brand"]["x"]
    assert arabic["account"]["x"] + arabic["account"]["width"] < middle < english["account"]["x"]

    # A comment's rule is on its start side: the right in Arabic.
    page.goto(post.get_absolute_url())
    border = page.locator(".comment").first.evaluate(
        "e => [getComputedStyle(e).borderRightWidth, getComputedStyle(e).borderLeftWidth]"
    )
    assert border == ["3px", "0px"]
    page.screenshot(path=OUTPUT_DIR / "post-arabic.png", full_page=True)


def test_on_a_phone_the_arabic_account_menu_opens_inside_the_screen(page, company):
    company.member.language = "ar"
    company.member.save(update_fields=["language"])
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, company.member.email)
    page.goto("/")
    page.locator(".menu summary").click()
    menu = page.locator(".menu-list").bounding_box()
    assert menu["x"] >= 0 and menu["x"] + menu["width"] <= 390
    assert page.get_by_role("button", name="تسجيل الخروج").is_visible()  # "Sign out"
    page.screenshot(path=OUTPUT_DIR / "menu-arabic-phone.png")
