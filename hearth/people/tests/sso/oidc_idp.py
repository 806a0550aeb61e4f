"""A real OpenID Connect provider for the SSO tests (django-oidc-provider), run in a process of
its own on loopback: settings, URLs and hooks of a tiny Django project in one module.

Its people sign in with a password at the provider; what it says about them (email, names,
employee number) comes from people.json in IDP_DIR, which each test writes, so a test can also
make the provider misbehave for one person: an id_token for another audience, or expired.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

DATA = Path(os.environ.get("IDP_DIR", "."))
SECRET_KEY = "idp-only-for-tests"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = f"{__name__}_urls"
USE_TZ = True
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA / "idp.db")}}
SESSION_COOKIE_NAME = "idp_session"  # the provider and Hearth share 127.0.0.1 in the browser
CSRF_COOKIE_NAME = "idp_csrf"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "OPTIONS": {
            "context_processors": ["django.template.context_processors.request"],
            "loaders": [
                (
                    "django.template.loaders.locmem.Loader",
                    {
                        "registration/login.html": (
                            "<h1>Tell All identity</h1><form method='post'>{% csrf_token %}"
                            "<label>Username <input name='username'></label>"
                            "<label>Password <input name='password' type='password'></label>"
                            "<input type='hidden' name='next' value='{{ next }}'>"
                            "<button type='submit'>Continue</button></form>"
                        )
                    },
                ),
                "django.template.loaders.app_directories.Loader",
            ],
        },
    }
]
LOGIN_URL = "/login/"
OIDC_USERINFO = f"{__name__}.userinfo"
OIDC_IDTOKEN_PROCESSING_HOOK = f"{__name__}.misbehave"
OIDC_IDTOKEN_INCLUDE_CLAIMS = True


def _said(username: str) -> dict:
    try:
        return json.loads((DATA / "people.json").read_text()).get(username, {})
    except FileNotFoundError:
        return {}


def userinfo(claims, user):
    said = _said(user.username)
    for key in ("email", "given_name", "family_name", "name"):
        if key in said:
            claims[key] = said[key]
    claims["email_verified"] = True
    return claims


def misbehave(id_token, user, token, request, **kwargs):
    said = _said(user.username)
    if "employee_number" in said:
        id_token["employee_number"] = said["employee_number"]
    id_token.update(said.get("id_token", {}))
    return id_token


SETUP = """
from django.contrib.auth.models import User
from oidc_provider.models import Client, ResponseType
for name in ("ana", "victor", "mallory", "old", "newcomer", "gone"):
    User.objects.create_user(name, password="idp-pass")
code = ResponseType.objects.get(value="code")
client = Client.objects.create(
    name="Hearth", client_id="hearth", client_secret="hearth-secret", client_type="confidential",
    jwt_alg="RS256", require_consent=False, reuse_consent=True,
    _redirect_uris="http://testserver/accounts/oidc/company/login/callback/",
    _post_logout_redirect_uris="http://testserver/accounts/login/",
)
client.response_types.add(code)
"""
