"""Passkeys (WebAuthn, through allauth's MFA) in a real browser with Chromium's virtual
authenticator: Ana adds a passkey, then signs in with it and no password; with a password she is
asked for the passkey as a second factor; a wrong or missing credential signs nobody in."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from playwright.sync_api import expect

from hearth.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _authenticator(page) -> None:
    """A platform authenticator that holds passkeys and verifies its user (Chromium, CDP)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def test_a_passkey_signs_in_without_a_password_and_is_a_second_factor(page, company):
    _authenticator(page)
    sign_in(page, "ana@tellall.example")
    page.goto("/accounts/2fa/webauthn/add/")
    # Adding a way to sign in asks for the password again (allauth's reauthentication).
    page.get_by_label("Password").fill("tellall-demo")
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Name").fill("Ana's laptop")
    page.get_by_label("Passwordless").check()
    page.get_by_role("button", name="Add").click()
    page.wait_for_url(lambda url: "/webauthn/add/" not in url)
    key = Authenticator.objects.get(user=company.member, type=Authenticator.Type.WEBAUTHN)
    assert key.wrap().name == "Ana's laptop"

    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in with a passkey").click()
    page.wait_for_url(lambda url: "/accounts/" not in url)
    expect(page.locator("details.menu summary")).to_be_visible()

    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("ana@tellall.example")
    page.get_by_label("Password").fill("tellall-demo")
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url("**/2fa/authenticate/**")
    page.get_by_role("button", name="Use a security key").click()
    page.wait_for_url(lambda url: "/accounts/" not in url)
    expect(page.locator("details.menu summary")).to_be_visible()


def test_a_forged_passkey_answer_signs_nobody_in(client, company):
    """The passkey sign-in refuses a credential that is not a signed answer to its challenge."""
    login = reverse("mfa_login_webauthn")
    client.get("/accounts/login/")
    for credential in ("", "{}", '{"id": "AAAA", "type": "public-key"}', "not json"):
        response = client.post(login, {"credential": credential})
        assert response.status_code < 500, response.status_code
        assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302  # still sent to sign in
