"""The installable app on the server side: the manifest, the service worker, the offline page,
which pages a device may keep, and the offline epoch that makes devices forget them."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders

from hearth.conversations import services as talk
from hearth.conversations.tests.factories import make_post
from hearth.trust.services import block_set


def state(client) -> dict:
    response = client.get("/offline/state")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    return response.json()


def test_the_manifest_installs_hearth_to_open_at_home(client, db, settings):
    settings.HEARTH_NETWORK_NAME = "Tell All"
    response = client.get("/manifest.webmanifest")  # browsers fetch it without the session
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Tell All" and manifest["start_url"] == "/"
    assert manifest["display"] == "standalone" and manifest["scope"] == "/"
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert finders.find(icon["src"].removeprefix(settings.STATIC_URL)), icon["src"]


def test_every_page_links_the_manifest_and_the_worker(member_client):
    html = member_client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'data-worker="/sw.js"' in html and 'data-signed-in="yes"' in html


def test_the_service_worker_is_served_for_the_whole_site(client, db, settings):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/" and response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert 'const OFFLINE = "/offline/"' in body and "hearth-static-__VERSION__" not in body
    assert "/static/hearth/hearth.css" in body and "/static/mobile/offline.js" in body
    # Every file the worker keeps at install exists (one missing and it never installs).
    precache = json.loads(body.split("const PRECACHE = ", 1)[1].split(";", 1)[0])
    for url in precache[1:]:
        assert finders.find(url.removeprefix(settings.STATIC_URL)), url
    html = client.get("/accounts/login/").content.decode()
    scripts = re.findall(r'<script src="([^"]+)"', html)
    for script in [s for s in scripts if "htmx" in s or "hearth" in s]:
        assert script in precache, script


def test_the_offline_page_names_nobody(member_client, member):
    response = member_client.get("/offline/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "You are offline" in html and "Pages you read recently" in html
    assert member.name not in html and member.username not in html
    assert "csrfmiddlewaretoken" not in html


def test_only_pages_people_read_are_marked_for_keeping(member_client, company, places):
    post = make_post(company.vp, places.open, body="Keep me for the train")
    for path in ("/", post.get_absolute_url(), places.open.get_absolute_url(), "/discover/"):
        assert member_client.get(path)["X-Hearth-Offline"] == "keep", path
    for path in ("/notifications/preferences/", "/people/me/tokens/", "/search/?q=train"):
        assert "X-Hearth-Offline" not in member_client.get(path), path
    partial = member_client.get("/", HTTP_HX_REQUEST="true")
    assert "X-Hearth-Offline" not in partial


def test_signing_out_wipes_the_device(member_client):
    response = member_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert state(member_client) == {"signed_in": False, "epoch": ""}
    html = member_client.get("/accounts/login/").content.decode()
    assert 'data-signed-in="no"' in html  # the page itself deletes kept pages too (hearth.js)


def test_the_epoch_stays_while_nothing_is_hidden(member_client, company, places):
    first = state(member_client)
    assert first["signed_in"] is True and first["epoch"]
    make_post(company.vp, places.open, body="Something new to read")
    assert state(member_client) == first


@pytest.mark.parametrize("change", ["deleted", "moderated", "comment deleted"])
def test_the_epoch_changes_when_content_is_hidden(member_client, company, places, change):
    post = make_post(company.vp, places.open, body="Soon gone")
    comment = talk.comment_create(actor=company.vp, post=post, body="Soon gone too")
    before = state(member_client)["epoch"]
    if change == "deleted":
        talk.post_delete(actor=company.vp, post=post)
    elif change == "moderated":
        talk.post_moderate(post=post, comment=None, kind="hide")
    else:
        talk.comment_delete(actor=company.vp, comment=comment)
    assert state(member_client)["epoch"] != before


def test_a_block_changes_the_epoch_of_those_two_people_only(client, company):
    def epoch(person):
        client.force_login(person)
        return state(client)["epoch"]

    before = {p.pk: epoch(p) for p in (company.member, company.vp, company.manager)}
    block_set(actor=company.member, person=company.vp, blocked=True)
    after = {p.pk: epoch(p) for p in (company.member, company.vp, company.manager)}
    assert after[company.member.pk] != before[company.member.pk]
    assert after[company.vp.pk] != before[company.vp.pk]
    assert after[company.manager.pk] == before[company.manager.pk]


def test_leaving_a_private_community_changes_the_epoch(client, company, places):
    from hearth.communities.services import community_leave

    member = company.member  # Ana belongs to all three communities
    client.force_login(member)
    before = state(client)["epoch"]
    community_leave(actor=member, community=places.private)
    assert state(client)["epoch"] != before
