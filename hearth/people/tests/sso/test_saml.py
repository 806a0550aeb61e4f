"""Single sign-on with SAML 2.0, against a real identity provider (pysaml2's, signing with
xmlsec1) in a process of its own: first sign-in linked to the person of the HR import; an
unsigned or wrongly signed response, an expired or replayed assertion refused with a clear
page, nothing created, audited."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urlsplit

import pytest
import requests
from allauth.socialaccount.models import SocialAccount, SocialApp
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


def _local(url: str) -> str:
    parts = urlsplit(url)
    assert parts.netloc == "testserver", url
    return f"{parts.path}?{parts.query}"


def _at_provider(url: str, idp) -> requests.Response:
    assert url.startswith(f"{idp.url}/"), url
    return requests.get(url, allow_redirects=False, timeout=60)


def test_signing_out_signs_out_of_the_provider_too(client, company, saml):
    saml.says(ana={"attributes": {"email": company.member.email}})
    sign_in(client, saml, "ana")
    assert _signed_in_as(client) == company.member.username

    out = client.post("/accounts/logout/")
    assert out.status_code == 302 and "SAMLRequest=" in out["Location"]
    assert _signed_in_as(client) is None  # out of Hearth at once, whatever the provider does
    answer = _at_provider(out["Location"], saml)
    assert answer.status_code == 303, answer.text[:300]
    [logout] = saml.logouts()
    assert logout["name_id"] == "ana" and logout["session_index"][0]

    back = client.get(_local(answer.headers["Location"]))  # the signed LogoutResponse
    assert back.status_code == 302 and back["Location"] == "/accounts/login/"


def test_the_provider_signing_someone_out_signs_them_out_of_hearth(client, company, saml):
    saml.says(ana={"attributes": {"email": company.member.email}})
    sign_in(client, saml, "ana")
    started = _at_provider(f"{saml.url}/logout?username=ana", saml)
    request = _local(started.headers["Location"])

    forged = request.replace("Signature=", "Signature=AAAA")
    garbled = request.replace("SAMLRequest=", "SAMLRequest=AAAA")
    for bad in (forged, garbled, "/accounts/saml/tellall/sls/?SAMLRequest=not-saml"):
        refused = client.get(bad)
        assert refused.status_code == 400, bad
        assert b"Sign-out refused" in refused.content and b"Traceback" not in refused.content
    assert _signed_in_as(client) == company.member.username
    assert Event.objects.filter(verb="sso.sign_out_refused").count() == 3

    answer = client.get(request)
    assert _signed_in_as(client) is None
    assert answer.status_code == 302 and "SAMLResponse=" in answer["Location"]
    assert _at_provider(answer["Location"], saml).status_code == 200
    assert saml.answered()["status"].endswith(":Success")


def test_a_provider_without_single_logout_signs_out_of_hearth_alone(client, company, saml):
    app = SocialApp.objects.get(provider_id="tellall")
    del app.settings["idp"]["slo_url"]
    app.save()
    saml.says(ana={"attributes": {"email": company.member.email}})
    sign_in(client, saml, "ana")
    out = client.post("/accounts/logout/")
    assert out.status_code == 302 and out["Location"] == "/accounts/login/"
    assert _signed_in_as(client) is None and saml.logouts() == []


def test_the_provider_may_be_given_as_its_metadata_xml(client, company, saml):
    """As Entra ID or Okta let you download it: the entity id, certificate and sign-on and
    logout addresses come from it."""
    app = SocialApp.objects.get(provider_id="tellall")
    app.settings["idp"] = {"metadata_xml": saml.metadata()}
    app.save()
    saml.says(ana={"attributes": {"email": company.member.email}})
    sign_in(client, saml, "ana")
    assert _signed_in_as(client) == company.member.username
    out = client.post("/accounts/logout/")
    assert out["Location"].startswith(f"{saml.url}/slo?")


def test_pasted_metadata_that_describes_no_provider_is_refused_when_saved(client, company, saml):
    """In Django's admin (Social applications), where administrators configure providers."""
    client.force_login(company.admin)
    form = {
        "provider": "saml",
        "provider_id": "acme",
        "name": "Acme SAML",
        "client_id": "acme",
        "secret": "",
        "key": "",
    }
    for xml, error in (
        ("<EntityDescriptor", b"not valid XML"),
        ('<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"/>', b"names no"),
    ):
        settings = json.dumps({"idp": {"metadata_xml": xml}})
        page = client.post("/admin/socialaccount/socialapp/add/", {**form, "settings": settings})
        assert page.status_code == 200 and error in page.content
        assert b"Acme SAML" in page.content  # what was typed is kept
    assert not SocialApp.objects.filter(provider_id="acme").exists()

    settings = json.dumps({"idp": {"metadata_xml": saml.metadata()}})
    saved = client.post("/admin/socialaccount/socialapp/add/", {**form, "settings": settings})
    assert saved.status_code == 302
    assert SocialApp.objects.get(provider_id="acme").name == "Acme SAML"
