"""Uploading images in a real Chromium: a placeholder until the worker's preview, then the
preview; an image over the pixel cap refused beside the form, with the text kept."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from hearth.conftest import sign_in
from hearth.conversations.models import Attachment, Post
from hearth.conversations.services import previews_make

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _png(tmp_path, name: str, size: tuple[int, int], mode: str = "RGB") -> str:
    path = tmp_path / name
    buffer = io.BytesIO()
    Image.new(mode, size, 0 if mode == "1" else "teal").save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def test_an_image_shows_a_placeholder_then_its_preview(page, company, tmp_path, monkeypatch):
    # The worker is another process in production; here it waits until the test lets it run.
    monkeypatch.setattr("hearth.conversations.services.posts._previews_later", lambda: None)
    sign_in(page, "ana@tellall.example")
    page.goto("/posts/new/?kind=update")
    page.get_by_label("Message").fill("The new rack")
    page.get_by_label("Files").set_input_files(_png(tmp_path, "rack.png", (1600, 1200)))
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url(re.compile(r"/posts/\d+/$"))
    expect(page.get_by_text("Preparing a preview of rack.png")).to_be_visible()
    assert previews_make() == 1
    page.reload()
    preview = page.get_by_role("img", name="rack.png")
    expect(preview).to_be_visible()
    assert preview.get_attribute("src").endswith("?thumbnail=1")
    assert Attachment.objects.get().thumbnail


def test_an_image_over_the_pixel_cap_is_refused_and_the_text_kept(page, company, tmp_path):
    sign_in(page, "ana@tellall.example")
    page.goto("/posts/new/?kind=update")
    page.get_by_label("Message").fill("A huge scan")
    page.get_by_label("Files").set_input_files(_png(tmp_path, "scan.png", (9000, 9000), "1"))
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text(re.compile("at most 40 megapixels"))).to_be_visible()
    expect(page.get_by_label("Message")).to_have_value("A huge scan")
    assert not Post.objects.exists()
