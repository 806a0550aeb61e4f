"""Single sign-on with OpenID Connect, against a real provider (django-oidc-provider) in a
process of its own: first sign-in linked to the person of the HR import, by employee id then
email; and every answer that does not hold refused with a clear page, nothing created, audited."""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.test import Client

from hearth.core.models import Event
from hearth.people.models import Person

pytestmark = pytest.mark.django_db


def _provider_side(idp, authorize: str, username: str) -> str:
    """Sign in at the provider as `username`; return the URL it sends the browser back to."""
    with requests.Session() as browser:
        answer = browser.get(authorize, allow_redirects=False, timeout=60)
        login = urljoin(idp.url, answer.headers["Location"])
        page = browser.get(login, timeout=60).text
        follow = html.unescape(re.search(r"name='next' value='([^']*)'", page).group(1))
        answer = browser.post(
            login,
            data={
                "username": username,
                "password": "idp-pass",
                "csrfmiddlewaretoken": browser.cookies["idp_csrf"],
                "next": follow,
            },
            allow_redirects=False,
            timeout=60,
        )
        assert answer.status_code == 302, answer.text[:300]
        answer = browser.get(
            urljoin(idp.url, answer.headers["Location"]), allow_redirects=False, timeout=60
        )
        assert answer.status_code == 302, answer.text[:300]
        return answer.headers["Location"]


def sign_in(client: Client, idp, username: str):
    start = client.post("/accounts/oidc/company/login/")
    assert start.status_code == 302, start.content[:300]
    back = _provider_side(idp, start["Location"], username)
    parts = urlsplit(back)
    return client.get(f"{parts.path}?{parts.query}"), f"{parts.path}?{parts.query}"


def _signed_in_as(client: Client):
    me = client.get("/api/v1/me")
    return me.json()["username"] if me.status_code == 200 else None


def test_first_sign_in_is_the_person_of_the_hr_import_by_employee_id(client, company, oidc):
    member = company.member
    oidc.says(
        ana={"email": "ana.personal@elsewhere.example", "employee_number": member.employee_id}
    )
    people = Person.objects.count()
    answer, _url = sign_in(client, oidc, "ana")
    assert answer.status_code == 302 and answer["Location"] == "/"
    assert _signed_in_as(client) == member.username
    assert Person.objects.count() == people  # linked, not created
    assert SocialAccount.objects.get(provider="company").user == member
    assert Event.objects.filter(verb="sso.linked", actor=member).exists()

    again = Client()
    answer, _url = sign_in(again, oidc, "ana")
    assert answer.status_code == 302 and _signed_in_as(again) == member.username


def test_without_an_employee_id_the_email_matches(client, company, oidc):
    oidc.says(victor={"email": company.colleague.email.upper()})
    sign_in(client, oidc, "victor")
    assert _signed_in_as(client) == company.colleague.username


def _refused(client, company, oidc, username, reason, **said):
    oidc.says(**{username: said})
    people, links = Person.objects.count(), SocialAccount.objects.count()
    answer, _url = sign_in(client, oidc, username)
    assert answer.status_code in (401, 403)
    assert b"You could not sign in" in answer.content
    assert _signed_in_as(client) is None
    assert (Person.objects.count(), SocialAccount.objects.count()) == (people, links)
    refusal = Event.objects.filter(verb="sso.refused").latest("id")
    assert reason in refusal.metadata["reason"], refusal.metadata
    return answer


def test_someone_the_hr_import_does_not_know_is_refused(client, company, oidc):
    answer = _refused(client, company, oidc, "newcomer", "unknown", email="new@tellall.example")
    assert b"Ask your administrator" in answer.content


def test_someone_unknown_is_created_when_the_setting_allows_it(client, company, oidc, settings):
    settings.HEARTH_SSO_CREATE_PEOPLE = True
    oidc.says(
        newcomer={
            "email": "lin@tellall.example",
            "given_name": "Lin",
            "family_name": "Chen",
            "employee_number": "E900",
            "id_token": {"department": "Field Operations", "title": "Field Engineer"},
        }
    )
    sign_in(client, oidc, "newcomer")
    person = Person.objects.get(employee_id="E900")
    assert (person.email, person.display_name) == ("lin@tellall.example", "Lin Chen")
    assert (person.department.name, person.title) == ("Field Operations", "Field Engineer")
    assert _signed_in_as(client) == person.username


def test_a_deactivated_person_is_refused(client, company, oidc):
    _refused(client, company, oidc, "gone", "deactivated", email=company.former.email)


def test_an_email_that_belongs_to_another_person_is_refused(client, company, oidc):
    _refused(
        client,
        company,
        oidc,
        "mallory",
        "email-of-another",
        email=company.colleague.email,
        employee_number=company.member.employee_id,
    )


def test_an_id_token_for_another_audience_is_refused(client, company, oidc):
    _refused(
        client,
        company,
        oidc,
        "mallory",
        "unknown",
        email=company.member.email,
        id_token={"aud": "another-app"},
    )


def test_an_expired_id_token_is_refused(client, company, oidc):
    _refused(
        client,
        company,
        oidc,
        "old",
        "unknown",
        email=company.member.email,
        id_token={"exp": 1_000_000_000},
    )


def test_a_replayed_or_tampered_answer_is_refused(client, company, oidc):
    oidc.says(ana={"email": company.member.email})
    _answer, url = sign_in(client, oidc, "ana")
    assert _signed_in_as(client) == company.member.username
    stranger = Client()
    replay = stranger.get(url)
    assert b"You could not sign in" in replay.content and _signed_in_as(stranger) is None

    fresh = Client()
    start = fresh.post("/accounts/oidc/company/login/")
    back = _provider_side(oidc, start["Location"], "ana")
    parts = urlsplit(back)
    tampered = parts.query.replace("state=", "state=x")
    answer = fresh.get(f"{parts.path}?{tampered}")
    assert b"You could not sign in" in answer.content and _signed_in_as(fresh) is None
    assert Event.objects.filter(verb="sso.refused").count() == 2


def test_an_email_domain_leads_to_its_provider(client, company, oidc):
    routed = client.post("/accounts/sso/", {"login": "ana@TellAll.example"})
    assert routed.status_code == 302 and routed["Location"].startswith(
        f"{oidc.url}/openid/authorize"
    )
    elsewhere = client.post("/accounts/sso/", {"login": "ana@elsewhere.example"}, follow=True)
    assert b"No single sign-on is set up for this address" in elsewhere.content
    login = client.get("/accounts/login/").content
    assert b"Continue with single sign-on" in login and b"Sign in with Tell All SSO" in login


def test_sso_only_turns_passwords_off_but_for_the_break_glass_administrator(
    client, company, oidc, settings
):
    settings.HEARTH_SSO_ONLY = True
    settings.HEARTH_SSO_BREAK_GLASS = [company.admin.email]
    refused = client.post(
        "/accounts/login/", {"login": company.member.email, "password": "tellall-demo"}
    )
    assert b"Passwords are off here" in refused.content
    assert _signed_in_as(client) is None
    assert Event.objects.filter(verb="sso.refused", metadata__reason="sso-only").exists()
    assert b"Forgot your password" not in client.get("/accounts/login/").content

    admin = client.post(
        "/accounts/login/", {"login": company.admin.email, "password": "tellall-demo"}
    )
    assert admin.status_code == 302
    assert _signed_in_as(client) == company.admin.username

    # Single sign-on still works for everyone.
    other = Client()
    oidc.says(ana={"email": company.member.email})
    sign_in(other, oidc, "ana")
    assert _signed_in_as(other) == company.member.username


def test_a_provider_set_in_settings_is_offered_and_routed_too(
    client, company, oidc_server, settings
):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "company",
                    "name": "Tell All SSO (settings)",
                    "client_id": "hearth",
                    "secret": "hearth-secret",
                    "settings": {
                        "server_url": f"{oidc_server.url}/openid",
                        "domains": ["tellall.example"],
                    },
                }
            ]
        }
    }
    login = client.get("/accounts/login/")
    assert b"Sign in with Tell All SSO (settings)" in login.content
    assert oidc_server.url in login["Content-Security-Policy"]  # the form may go there
    routed = client.post("/accounts/sso/", {"login": "ana@tellall.example"})
    assert routed["Location"].startswith(f"{oidc_server.url}/openid/authorize")


def test_signing_out_of_hearth_signs_out_of_the_provider_too(client, company, oidc):
    oidc.says(ana={"email": company.member.email})
    sign_in(client, oidc, "ana")
    assert _signed_in_as(client) == company.member.username
    # Every page's sign-out form may lead to the provider, for her only.
    assert oidc.url in client.get("/")["Content-Security-Policy"]
    assert oidc.url not in Client().get("/healthz")["Content-Security-Policy"]
    out = client.post("/accounts/logout/")
    assert out.status_code == 302
    assert out["Location"].startswith(f"{oidc.url}/openid/end-session")
    assert "id_token_hint=" in out["Location"]
    assert _signed_in_as(client) is None
    # The provider ends its own session and sends the browser back to Hearth's sign-in page.
    back = requests.get(out["Location"], allow_redirects=False, timeout=60)
    assert (
        back.status_code == 302 and back.headers["Location"] == "http://testserver/accounts/login/"
    )
