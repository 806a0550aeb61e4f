"""In a real browser: Ana signs in with the company's SAML identity provider (pysaml2's, in a
process of its own), lands in Hearth as the person the HR import made of her, and signs out of
Hearth and of the provider (single logout)."""

from __future__ import annotations

import urllib.request

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ana_signs_in_with_saml_and_out(page, company, saml, live_server):
    metadata = f"{live_server.url}/accounts/saml/tellall/metadata/"
    with urllib.request.urlopen(metadata, timeout=60) as answer:  # noqa: S310 - the test's own
        saml.knows("live", answer.read())
    saml.says(ana={"attributes": {"employeeNumber": company.member.employee_id}})

    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in with Tell All SAML").click()
    expect(page.get_by_role("heading", name="Tell All SAML")).to_be_visible()
    page.get_by_label("Username").fill("ana")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"{live_server.url}/")
    assert SocialAccount.objects.get(provider="tellall").user == company.member

    page.locator("details.menu summary").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/accounts/login/**")
    [logout] = saml.logouts()  # through the provider's single logout, and back
    assert logout["name_id"] == "ana"
    page.goto("/")
    page.wait_for_url("**/accounts/login/**")
