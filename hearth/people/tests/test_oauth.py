"""OAuth apps (django-oauth-toolkit): a person authorises an app with PKCE for some scopes; the
app acts within them (and within the person's rights), is refused without PKCE, and stops
the moment the person revokes it under "Connected apps"."""

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from oauth2_provider.models import Application

from hearth.core.models import Event

pytestmark = pytest.mark.django_db
REDIRECT = "https://chat.tellall.example/oauth/callback"


@pytest.fixture
def app(company):
    return Application.objects.create(
        name="Chat bridge",
        client_type=Application.CLIENT_PUBLIC,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=REDIRECT,
        user=company.admin,
    )


def _pkce():
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=")
    return verifier, challenge.decode()


def _authorise(client, app, scope, challenge):
    query = {
        "response_type": "code",
        "client_id": app.client_id,
        "redirect_uri": REDIRECT,
        "scope": scope,
        "state": "st4te",
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    page = client.get("/o/authorize/", query)
    assert page.status_code == 200, page.content
    assert b"Allow Chat bridge to act for you?" in page.content
    answer = client.post("/o/authorize/", {**query, "allow": "Authorize"})
    assert answer.status_code == 302
    params = parse_qs(urlsplit(answer["Location"]).query)
    assert params["state"] == ["st4te"]
    return params["code"][0]


def _token(app, code, verifier):
    answer = Client().post(
        "/o/token/",
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "client_id": app.client_id,
            "code_verifier": verifier,
        },
    )
    return answer


def test_an_app_acts_within_the_scopes_it_was_given_until_revoked(member_client, company, app):
    verifier, challenge = _pkce()
    code = _authorise(member_client, app, "read write:posts", challenge)
    answer = _token(app, code, verifier)
    assert answer.status_code == 200, answer.content
    bearer = Client(HTTP_AUTHORIZATION=f"Bearer {answer.json()['access_token']}")

    me = bearer.get("/api/v1/me")
    assert me.status_code == 200 and me.json()["username"] == company.member.username
    refused = bearer.get("/api/v1/insights/me")
    assert refused.status_code == 403 and "read:insights" in refused.json()["detail"]

    apps = member_client.get("/people/me/apps/")
    assert b"Chat bridge" in apps.content and b"write:posts" in apps.content
    revoked = member_client.post(f"/people/me/apps/{app.pk}/revoke/")
    assert revoked.status_code == 302
    assert bearer.get("/api/v1/me").status_code == 401
    assert b"Revoke Chat bridge" not in member_client.get("/people/me/apps/").content
    assert Event.objects.filter(verb="oauth.app_revoked", actor=company.member).exists()


def test_without_pkce_or_with_a_wrong_verifier_there_is_no_token(member_client, app):
    page = member_client.get(
        "/o/authorize/",
        {"response_type": "code", "client_id": app.client_id, "redirect_uri": REDIRECT},
    )
    # Refused: sent back to the app with the error (PKCE is required), no code given.
    assert page.status_code == 302
    assert "error=invalid_request" in page["Location"] and "code=" not in page["Location"]

    verifier, challenge = _pkce()
    code = _authorise(member_client, app, "read", challenge)
    wrong = _token(app, code, "x" * 50)
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"


def test_an_unknown_scope_or_app_is_refused(member_client, app):
    _verifier, challenge = _pkce()
    answer = member_client.get(
        "/o/authorize/",
        {
            "response_type": "code",
            "client_id": app.client_id,
            "redirect_uri": REDIRECT,
            "scope": "read root",
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        },
    )
    assert answer.status_code == 302 and "error=invalid_scope" in answer["Location"]
    unknown = member_client.get("/o/authorize/", {"response_type": "code", "client_id": "nope"})
    assert unknown.status_code == 400
    assert b"This app cannot be authorised" in unknown.content


def test_nobody_revokes_an_app_they_never_authorised(member_client, app):
    assert member_client.post(f"/people/me/apps/{app.pk}/revoke/").status_code == 404


def test_signed_out_people_are_asked_to_sign_in_first(client, app):
    _verifier, challenge = _pkce()
    answer = client.get(
        "/o/authorize/",
        {"response_type": "code", "client_id": app.client_id, "code_challenge": challenge},
    )
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]
