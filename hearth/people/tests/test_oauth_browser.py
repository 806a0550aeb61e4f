"""In a real browser: Ana lets the chat bridge act for her (reading, writing posts), the app
gets its token with PKCE and reads as her; then she revokes it under "Connected apps" and the
app's token stops working."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pytest
from oauth2_provider.models import Application
from playwright.sync_api import expect

from hearth.conftest import sign_in

from .test_oauth import _pkce

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _call(url: str, data: dict | None = None, token: str | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(  # noqa: S310 - the test's own server
        url,
        data=urllib.parse.urlencode(data).encode() if data else None,
        headers={"Authorization": f"Bearer {token}"} if token else {},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_a_person_authorises_an_app_then_revokes_it(page, company, live_server):
    redirect = f"{live_server.url}/healthz"
    app = Application.objects.create(
        name="Chat bridge",
        client_type=Application.CLIENT_PUBLIC,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=redirect,
        user=company.admin,
    )
    verifier, challenge = _pkce()
    sign_in(page, company.member.email)
    query = urllib.parse.urlencode(
        {
            "response_type": "code",
            "client_id": app.client_id,
            "redirect_uri": redirect,
            "scope": "read write:posts",
            "state": "s1",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
    )
    page.goto(f"/o/authorize/?{query}")
    expect(page.get_by_role("heading", name="Allow Chat bridge to act for you?")).to_be_visible()
    expect(page.get_by_text("Write posts and comments as you")).to_be_visible()
    page.get_by_role("button", name="Allow").click()
    page.wait_for_url("**/healthz?**")
    code = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)["code"][0]

    status, grant = _call(
        f"{live_server.url}/o/token/",
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": redirect,
            "client_id": app.client_id,
            "code_verifier": verifier,
        },
    )
    assert status == 200, grant
    status, me = _call(f"{live_server.url}/api/v1/me", token=grant["access_token"])
    assert status == 200 and me["username"] == company.member.username

    page.goto("/")
    page.locator("details.menu summary").click()
    page.get_by_role("link", name="Connected apps").click()
    row = page.get_by_role("row").filter(has_text="Chat bridge")
    expect(row).to_contain_text("write:posts")
    row.get_by_role("button", name="Revoke Chat bridge").click()
    expect(page.get_by_text("can no longer act for you")).to_be_visible()
    status, _body = _call(f"{live_server.url}/api/v1/me", token=grant["access_token"])
    assert status == 401
