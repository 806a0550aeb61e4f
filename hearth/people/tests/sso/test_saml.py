"""Single sign-on with SAML 2.0, against a real identity provider (pysaml2's, signing with
xmlsec1) in a process of its own: first sign-in linked to the person of the HR import; an
unsigned or wrongly signed response, an expired or replayed assertion refused with a clear
page, nothing created, audited."""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount
from django.test import Client

from hearth.core.models import Event
from hearth.people.models import Person

pytestmark = pytest.mark.django_db


def _provider_side(idp, authorize: str, username: str) -> tuple[str, dict]:
    """Sign in at the provider; answer where its form posts and what it posts (the signed
    SAMLResponse and the RelayState)."""
    with requests.Session() as browser:
        page = browser.get(authorize, timeout=60).text
        fields = dict(re.findall(r"name='(\w+)' value='([^']*)'", page))
        fields = {k: html.unescape(v) for k, v in fields.items()}
        answer = browser.post(f"{idp.url}/login", data={**fields, "username": username}, timeout=60)
        assert answer.status_code == 200, answer.text[:500]
    action = html.unescape(re.search(r'action="([^"]+)"', answer.text).group(1))
    posted = {
        name: html.unescape(value)
        for name, value in re.findall(r'name="(\w+)" value="([^"]*)"', answer.text)
    }
    return action, posted


def sign_in(client: Client, idp, username: str):
    client.defaults["HTTP_HOST"] = "testserver"  # as every browser sends it (allauth reads it)
    start = client.post("/accounts/saml/tellall/login/")
    assert start.status_code == 302, start.content[:300]
    action, posted = _provider_side(idp, start["Location"], username)
    acs = urlsplit(action).path
    answer = client.post(acs, posted)
    if answer.status_code == 302 and "/acs/finish/" in answer["Location"]:
        answer = client.get(answer["Location"])
    return answer, acs, posted


def _signed_in_as(client: Client):
    me = client.get("/api/v1/me")
    return me.json()["username"] if me.status_code == 200 else None


def test_first_sign_in_is_the_person_of_the_hr_import(client, company, saml):
    saml.says(ana={"attributes": {"email": company.member.email, "givenName": "Ana"}})
    people = Person.objects.count()
    answer, _acs, _posted = sign_in(client, saml, "ana")
    refusal = Event.objects.filter(verb="sso.refused").first()
    assert answer.status_code == 302, (refusal and refusal.metadata, SocialAccount.objects.values())
    assert _signed_in_as(client) == company.member.username
    assert Person.objects.count() == people
    assert SocialAccount.objects.get(provider="tellall").user == company.member


def test_the_employee_number_attribute_wins_over_the_email(client, company, saml):
    saml.says(
        ana={
            "attributes": {
                "email": "ana.new@elsewhere.example",
                "employeeNumber": company.member.employee_id,
            }
        }
    )
    sign_in(client, saml, "ana")
    assert _signed_in_as(client) == company.member.username


def _refused(client, saml, username, **said):
    saml.says(**{username: said})
    people, links = Person.objects.count(), SocialAccount.objects.count()
    answer, acs, posted = sign_in(client, saml, username)
    assert answer.status_code in (401, 403)
    assert b"You could not sign in" in answer.content
    assert _signed_in_as(client) is None
    assert (Person.objects.count(), SocialAccount.objects.count()) == (people, links)
    assert Event.objects.filter(verb="sso.refused").exists()
    return answer, acs, posted


@pytest.mark.parametrize(
    "misbehaviour", [{"sign": "none"}, {"sign": "wrong-key"}, {"expired": True}]
)
def test_an_unsigned_wrongly_signed_or_expired_response_is_refused(
    client, company, saml, misbehaviour
):
    _refused(client, saml, "mallory", attributes={"email": company.member.email}, **misbehaviour)


def test_a_deactivated_person_is_refused(client, company, saml):
    _refused(client, saml, "gone", attributes={"email": company.former.email})


def test_a_replayed_assertion_is_refused(client, company, saml):
    saml.says(ana={"attributes": {"email": company.member.email}})
    _answer, acs, posted = sign_in(client, saml, "ana")
    assert _signed_in_as(client) == company.member.username
    for replayer in (Client(), client):
        replayer.defaults["HTTP_HOST"] = "testserver"
        replayer.logout()
        answer = replayer.post(acs, posted)
        if answer.status_code == 302 and "/acs/finish/" in answer["Location"]:
            answer = replayer.get(answer["Location"])
        assert b"You could not sign in" in answer.content
        assert _signed_in_as(replayer) is None
    replays = Event.objects.filter(verb="sso.refused", metadata__reason="replayed-or-unsolicited")
    assert replays.count() == 2
