"""In real browsers against `hearth serve` as `make demo` runs it (ASGI, the worker beside it):
Grace mentions Ana, and Ana's open page shows it without a reload; then her comments arrive live.
"""

from __future__ import annotations

import re
import subprocess

import pytest
from playwright.sync_api import expect

from hearth.conftest import sign_in
from hearth.core.tests.nodes import HEARTH, fresh_database, node_env, serve, stop

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("nodes")]

FOLLOW = """
from hearth.feeds.services import person_follow
from hearth.people.models import Person
person_follow(actor=Person.objects.get(username="ana.ribeiro"),
              person=Person.objects.get(username="grace.mensah"))
"""


@pytest.fixture
def demo(tmp_path):
    url, drop = fresh_database(tmp_path, "demo")
    env = node_env(tmp_path, url)
    run = lambda *args: subprocess.run([HEARTH, *args], env=env, check=True, capture_output=True)  # noqa: E731
    server = None
    try:
        run("migrate")
        run("seed", "--people", "40", "--seed", "1", "--no-content")
        run("shell", "-c", FOLLOW)
        server, base = serve(env, tmp_path / "serve.log", "--workers", "1")
        yield base
    finally:
        if server is not None:
            stop(server)
        drop()


def test_a_mention_arrives_live_and_so_do_comments(browser, demo):
    contexts = [browser.new_context(base_url=demo) for _ in range(2)]
    ana, grace = (context.new_page() for context in contexts)
    for page in (ana, grace):
        page.set_default_timeout(20_000)
    try:
        sign_in(ana, "ana.ribeiro@tellall.example")
        expect(ana.locator("body")).to_have_attribute("data-live", "on")
        ana.evaluate("window.notReloaded = true")
        expect(ana.locator(".bell-count")).to_have_count(0)

        sign_in(grace, "grace.mensah@tellall.example")
        grace.goto("/posts/new/?kind=update")
        grace.get_by_label(re.compile("^Message")).fill(
            "Ana, can you check the rollout? @ana.ribeiro"
        )
        grace.get_by_role("button", name="Publish").click()
        grace.wait_for_url(re.compile(r"/posts/\d+/$"))

        # Ana's page, untouched: the bell, a toast that says what happened, "1 new post".
        expect(ana.locator(".bell-count")).to_have_text("1")
        toast = ana.locator("#live-toast")
        expect(toast).to_contain_text("Grace Mensah mentioned you")
        expect(ana.get_by_role("link", name="Show 1 new post")).to_be_visible()
        assert ana.evaluate("window.notReloaded") is True

        toast.get_by_role("link").click()
        ana.wait_for_url(re.compile(r"/posts/\d+/$"))
        expect(ana.locator("body")).to_have_attribute("data-live", "on")
        ana.evaluate("window.notReloaded = true")
        grace.get_by_label("Your comment").fill("Thanks in advance!")
        grace.get_by_role("button", name="Comment").click()
        expect(ana.locator("#comment-list")).to_contain_text("Thanks in advance!")
        expect(ana.locator("#comments-heading")).to_contain_text("(1)")
        assert ana.evaluate("window.notReloaded") is True
        expect(ana.locator(".bell-count")).to_have_count(0)  # opening it marked it read
    finally:
        for context in contexts:
            context.close()
