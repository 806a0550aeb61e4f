"""Shared test personas, API clients and the browser; in CI a skipped test fails the run."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# there are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

OUTPUT_DIR = Path(os.environ.get("HEARTH_TEST_OUTPUT", "test-output"))
CHROMIUM = os.environ.get("HEARTH_CHROMIUM", "/usr/bin/chromium")

_skipped: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("CI") and _skipped:
        print(f"\nCI forbids skipped tests; skipped: {_skipped}")
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _english_unless_asked():
    """Each test starts in English: a request in another language (Carlos reads Spanish)
    leaves it active in the thread, and texts built outside a request would follow it."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def company(db):
    """A small company: a CEO, a VP, a manager, members, an admin and someone who left."""
    from hearth.people.tests.factories import make_company

    return make_company()


@pytest.fixture
def member(company):
    return company.member


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def api(company):
    """An API client that sends a token of the company's member."""
    from django.test import Client

    from hearth.people.services import token_create

    _token, raw = token_create(actor=company.member, person=company.member, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.fixture
def api_as(db):
    """`api_as(person)`: an API client that sends a fresh token of `person`."""
    from django.test import Client

    from hearth.people.services import token_create

    def make(person):
        _token, raw = token_create(actor=person, person=person, name="tests")
        return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    return make


@pytest.fixture
def places(company):
    """Open, private and secret communities with owners, members and an ex-member."""
    from hearth.communities.tests.factories import make_places

    return make_places(company)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")
    from playwright.sync_api import expect, sync_playwright

    # Assertions wait for their condition with a generous deadline: a loaded 2-core machine
    # can take seconds to deliver a live signal or render a page.
    expect.set_options(timeout=20_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    # Browser tests commit for real, and the database cache table is not flushed between them:
    # without this, failed sign-ins counted by an earlier test could lock this one out.
    from django.core.cache import cache

    cache.clear()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone(browser, live_server):
    """A page in a phone: a small touch screen, as Chromium emulates a mobile device."""
    from django.core.cache import cache

    cache.clear()
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def sign_in(page, email: str, password: str = "tellall-demo") -> None:  # noqa: S107 - demo data
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in", exact=True).click()
    # "**/" would match the sign-in page itself (it ends with a slash), letting the next
    # navigation race the sign-in POST: wait until the browser has left it.
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def evaluate_until(page, script: str, accept, *, seconds: float = 20.0):
    """Evaluate `script` in the page (an async function may be awaited) until `accept(value)`;
    return that value. Polls every quarter second for up to `seconds`, so a loaded machine has
    time (Playwright's wait_for_function does not await an async function's promise)."""
    deadline = time.monotonic() + seconds
    while True:
        value = page.evaluate(script)
        if accept(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still {value!r} after {seconds} s: {script}")
        page.wait_for_timeout(250)
