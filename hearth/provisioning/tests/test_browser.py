"""In a real browser: Manoj, an administrator, connects the company's identity provider: a
client with no name is refused, then its token, shown once, provisions a person over SCIM (a
real HTTP request to the running server), who appears in the directory; revoked, the token is
refused."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import expect

from hearth.conftest import sign_in
from hearth.provisioning.models import Client

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _scim(url: str, token: str, body: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(  # noqa: S310 - the test's own server
        url,
        data=json.dumps(body).encode() if body else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/scim+json"},
        method="POST" if body else "GET",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
            return answer.status, json.loads(answer.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_an_administrator_connects_the_identity_provider(page, company, live_server):
    sign_in(page, "admin@tellall.example")
    page.locator("details.menu summary").click()
    page.get_by_role("link", name="Provisioning (SCIM)").click()
    page.get_by_role("button", name="Create client").click()
    expect(page.get_by_text("This field is required.")).to_be_visible()
    assert not Client.objects.exists()

    page.get_by_label("Client name").fill("Entra ID (production)")
    page.get_by_role("button", name="Create client").click()
    token = page.locator("#new-token").inner_text()
    assert token.startswith("hsc_")
    scim_url = page.locator("#scim-url").inner_text().rstrip("/")
    assert scim_url.endswith("/scim/v2")

    status, created = _scim(
        f"{live_server.url}/scim/v2/Users",
        token,
        {
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
            "userName": "lin.chen",
            "name": {"givenName": "Lin", "familyName": "Chen"},
            "emails": [{"value": "lin.chen@tellall.example", "type": "work"}],
            "title": "Field Engineer",
        },
    )
    assert status == 201, created
    page.goto("/people/lin.chen/")
    expect(page.get_by_role("heading", name="Lin Chen")).to_be_visible()
    expect(page.get_by_text("Field Engineer")).to_be_visible()

    page.goto("/provisioning/")
    row = page.get_by_role("row").filter(has_text="Entra ID (production)")
    expect(row).not_to_contain_text("never")  # last used: just now
    row.get_by_role("button", name="Revoke Entra ID (production)").click()
    expect(page.get_by_text("is revoked")).to_be_visible()
    status, error = _scim(f"{live_server.url}/scim/v2/Users", token)
    assert status == 401 and error["detail"]
