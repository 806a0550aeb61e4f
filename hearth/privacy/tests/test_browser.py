"""In a real browser: Ana downloads her data; Manoj, an administrator, erases her after a
mistyped confirmation, and her post now reads as by a former colleague."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from hearth.conftest import sign_in
from hearth.conversations.tests.factories import make_post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Left in June and asked to be forgotten (ticket HR-4411)."


def test_download_my_data_then_an_administrator_erases_me(
    page, browser, live_server, company, places
):
    post = make_post(company.member, places.open, body="Ring network plan, version 3")
    sign_in(page, "ana@tellall.example")
    page.locator("details.menu summary").click()
    page.get_by_role("link", name="My data and exports").click()
    page.get_by_role("button", name="Prepare my export").click()
    expect(page.locator("#exports .export-state").first).to_have_text("Ready to download")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(info.value.path()).read_bytes()))
    bodies = [p["body"] for p in json.loads(archive.read("posts.json"))]
    assert "Ring network plan, version 3" in bodies

    context = browser.new_context(base_url=live_server.url)
    manoj = context.new_page()
    try:
        sign_in(manoj, "admin@tellall.example")
        manoj.locator("details.menu summary").click()
        manoj.get_by_role("link", name="Privacy and retention").click()
        manoj.get_by_label("Username").fill("ana")
        manoj.get_by_role("button", name="Find").click()
        manoj.get_by_role("link", name="Ana Ribeiro (@ana)").click()
        manoj.get_by_label("Keep it, shown as by a former colleague (pseudonymise)").check()
        manoj.get_by_label("Reason (goes into the audit log)").fill(REASON)
        manoj.get_by_label("Type the username to confirm").fill("anna")
        manoj.get_by_role("button", name="Erase this person").click()
        expect(manoj.get_by_text("Type the person's username to confirm.")).to_be_visible()
        expect(manoj.get_by_label("Reason (goes into the audit log)")).to_have_value(REASON)
        manoj.get_by_label("Type the username to confirm").fill("ana")
        manoj.get_by_role("button", name="Erase this person").click()
        expect(manoj.locator("#account-state")).to_contain_text("Erased on")
        manoj.goto(post.get_absolute_url())
        expect(manoj.get_by_text("Former colleague").first).to_be_visible()
        expect(manoj.get_by_text("Ring network plan, version 3")).to_be_visible()
        expect(manoj.get_by_text("Ana Ribeiro")).to_have_count(0)
    finally:
        context.close()

    page.reload()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
