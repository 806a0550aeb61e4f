"""In a real browser: Ana signs in with the company's identity provider (a real OpenID Connect
provider in a process of its own), lands in Hearth as the person the HR import made of her,
and signs out."""

from __future__ import annotations

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ana_signs_in_with_the_identity_provider_and_out(page, company, oidc, live_server):
    oidc.allow_redirect(
        f"{live_server.url}/accounts/oidc/company/login/callback/",
        logout=f"{live_server.url}/accounts/login/",
    )
    oidc.says(ana={"email": company.member.email, "employee_number": company.member.employee_id})

    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in with Tell All SSO").click()
    expect(page.get_by_role("heading", name="Tell All identity")).to_be_visible()
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Password").fill("idp-pass")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/")
    page.locator("details.menu summary").click()
    expect(page.get_by_role("link", name="My profile")).to_be_visible()
    assert SocialAccount.objects.get(provider="company").user == company.member

    page.goto(f"/people/{company.member.username}/")
    page.locator("details.menu summary").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    page.goto("/")
    page.wait_for_url("**/accounts/login/**")
    # Signed out at the provider too: signing in again asks for the password there.
    page.get_by_role("button", name="Sign in with Tell All SSO").click()
    expect(page.get_by_role("heading", name="Tell All identity")).to_be_visible()
