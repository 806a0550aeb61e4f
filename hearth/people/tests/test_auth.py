import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from hearth.people.models import Person


def test_people_sign_in_with_email_and_password(client, company):
    response = client.post(
        "/accounts/login/", {"login": "ana@tellall.example", "password": "tellall-demo"}
    )
    assert response.status_code == 302
    assert client.get("/api/v1/me").json()["username"] == "ana"


def test_a_wrong_password_is_refused_with_a_message(client, company):
    response = client.post(
        "/accounts/login/", {"login": "ana@tellall.example", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert 'value="ana@tellall.example"' in response.content.decode()


def test_someone_who_left_cannot_sign_in(client, company):
    response = client.post(
        "/accounts/login/", {"login": "fred@tellall.example", "password": "tellall-demo"}
    )
    assert "_auth_user_id" not in client.session
    assert response["Location"] == "/accounts/inactive/"
    assert "This account is inactive." in client.get("/accounts/inactive/").content.decode()


def test_repeated_failures_are_rate_limited(client, company, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip,3/5m/key"}
    for _ in range(3):
        client.post("/accounts/login/", {"login": "ana@tellall.example", "password": "nope"})
    response = client.post(
        "/accounts/login/", {"login": "ana@tellall.example", "password": "tellall-demo"}
    )
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_password_reset_sends_a_link_that_sets_a_new_password(client, company):
    client.post("/accounts/password/reset/", {"email": "ana@tellall.example"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body)
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
    client.post(
        form_url, {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"}
    )
    company.member.refresh_from_db()
    assert company.member.check_password("a-brand-new-passphrase")


def test_sign_up_is_closed_by_default(client, db):
    response = client.get("/accounts/signup/")
    assert "Sign Up Closed" in response.content.decode()


def test_sign_up_with_a_company_address_needs_email_verification(client, db, settings):
    settings.HEARTH_SIGNUP_DOMAINS = ["tellall.example"]
    response = client.post(
        "/accounts/signup/",
        {
            "email": "outsider@gmail.example",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
    )
    assert "Use your company email address" in response.content.decode()
    client.post(
        "/accounts/signup/",
        {
            "email": "new.hire@tellall.example",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
        },
    )
    person = Person.objects.get(email="new.hire@tellall.example")
    assert person.username == "new.hire"
    assert not EmailAddress.objects.get(user=person).verified
    assert client.get("/").status_code == 302  # not signed in until verified
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mail.outbox[-1].body)
    client.post(link.group(1))
    assert EmailAddress.objects.get(user=person).verified


@pytest.mark.django_db
def test_two_factor_authentication_can_be_turned_on(client, company):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    client.post("/accounts/login/", {"login": "ana@tellall.example", "password": "tellall-demo"})
    # Turning on 2FA asks for the password again first.
    response = client.get("/accounts/2fa/totp/activate/")
    assert response["Location"].startswith("/accounts/reauthenticate/")
    client.post("/accounts/reauthenticate/", {"password": "tellall-demo"})
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    secret = response.context["form"].secret
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    response = client.post("/accounts/2fa/totp/activate/", {"code": code})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=company.member, type="totp").exists()

    # From now on a password alone is not enough: sign-in asks for the code.
    client.post("/accounts/logout/")
    response = client.post(
        "/accounts/login/", {"login": "ana@tellall.example", "password": "tellall-demo"}
    )
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    assert client.get("/").status_code == 302
