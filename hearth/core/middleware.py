"""Per-request behaviour every page shares: the reader's language and time zone, sign-in."""

from __future__ import annotations

import contextlib
import io
import json
import zoneinfo
from collections.abc import Callable
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

from allauth.socialaccount.adapter import get_adapter
from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.db import DataError
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParser, MultiPartParserError
from django.http.response import HttpResponseBase
from django.utils import timezone, translation

from .access import is_administrator
from .api import problem
from .types import GetResponse
from .views import bad_request, not_found


class PersonPreferencesMiddleware:
    """Show every page in the signed-in person's language and time zone."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if user.language:
                translation.activate(user.language)
                request.LANGUAGE_CODE = translation.get_language()
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone or "UTC"))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.activate(zoneinfo.ZoneInfo("UTC"))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class SignInRequiredMiddleware(LoginRequiredMiddleware):
    """Every page needs a signed-in person; the API answers 401 itself instead of redirecting."""

    # /o/ is OAuth (django-oauth-toolkit): apps exchange codes for tokens with no session; its
    # authorisation page asks a person to sign in itself.
    open_prefixes = ("/api/", "/static/", "/healthz", "/o/")

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponseBase],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponseBase | None:
        if request.path.startswith(self.open_prefixes):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


class ApiProblemMiddleware:
    """Make every API error a problem+json document, whoever produced it (router, 405s...)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/problem+json"):
            return response

        try:
            phrase = HTTPStatus(response.status_code).phrase
        except ValueError:
            phrase = "Error"
        detail = f"{phrase}."
        if response.get("Content-Type", "").startswith("application/json"):
            with contextlib.suppress(ValueError, AttributeError):
                detail = str(json.loads(getattr(response, "content", b"")).get("detail", detail))
        headers = {k: v for k, v in response.items() if k in ("Allow", "Retry-After")}
        return problem(request, response.status_code, phrase, detail, headers=headers)


class NulCharacterMiddleware:
    """Refuse text containing NUL characters (PostgreSQL cannot store them) with a clear 400.

    Query strings and JSON bodies are checked here once; HTML forms already refuse NUL through
    Django's form fields. Uploaded files are not text and are left alone.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if self._has_nul(request):
            if request.path.startswith("/api/"):
                return problem(request, 400, "Bad request", "Text cannot contain NUL characters.")

            return bad_request(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        """An id too large for the database (`/posts/99999999999999999999/`) names nothing."""

        if isinstance(exception, OverflowError | DataError) and not request.path.startswith(
            "/api/"
        ):
            return not_found(request, exception)
        return None

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        if "\x00" in request.META.get("QUERY_STRING", "") or "%00" in request.META.get(
            "QUERY_STRING", ""
        ):
            return True
        if request.content_type == "application/json":
            try:
                body = request.body
            except Exception:  # too large: the view answers 413  # noqa: BLE001
                return False
            return b"\\u0000" in body or b"\x00" in body
        return False


class MalformedBodyMiddleware:
    """Parse a form or multipart body once, up front: a body that cannot be parsed (multipart
    without a boundary, a broken part, an unknown charset) answers 400 with a message for every
    route, instead of failing later inside whichever view, form or API parser reads it."""

    FORMS = ("multipart/form-data", "application/x-www-form-urlencoded")

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method in ("POST", "PUT", "PATCH", "DELETE") and request.content_type in (
            self.FORMS
        ):
            try:
                if request.method == "POST":
                    request.POST  # noqa: B018 - parses (and keeps) the body and its files
                elif request.content_type == "multipart/form-data":
                    # Django parses only POST bodies; the parser checks the boundary on creation.
                    MultiPartParser(request.META, io.BytesIO(), [], request.encoding)
            except (MultiPartParserError, LookupError, UnicodeDecodeError, ValueError) as error:
                return self._refuse(request, error)
        return self.get_response(request)

    @staticmethod
    def _refuse(request: HttpRequest, error: Exception) -> HttpResponse:
        detail = f"The request body cannot be read: {error}".rstrip(".") + "."
        if request.path.startswith("/api/"):
            return problem(request, 400, "Malformed request", detail)

        return bad_request(request)


# Where the sign-in through an OpenID Connect provider keeps what signing out of it needs
# (hearth.people.adapters); the security headers allow that provider as a form's destination.
SSO_LOGOUT_SESSION_KEY = "hearth_sso_logout"


class SecurityHeadersMiddleware:
    """A strict Content-Security-Policy (no inline script or style anywhere, no framing, no
    third-party origin) and a Permissions-Policy, on every response.

    Django's own middleware adds X-Frame-Options, Referrer-Policy, nosniff and HSTS.
    """

    def __init__(self, get_response: GetResponse) -> None:

        self.get_response = get_response
        self.policy = settings.HEARTH_CSP
        self.permissions = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        policy = self.policy
        session = getattr(request, "session", None)
        signed_in_through_provider = session is not None and SSO_LOGOUT_SESSION_KEY in session
        if request.path.startswith("/accounts/") or signed_in_through_provider:
            # A single sign-on button's form leads to the identity provider, and so does the
            # sign-out form of someone who signed in through it (RP-initiated logout): those
            # pages may send forms there, and only there.
            origins = " ".join(sso_origins(request))
            if origins:
                policy = policy.replace("form-action 'self'", f"form-action 'self' {origins}")
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", self.permissions)
        return response


def sso_origins(request: HttpRequest) -> list[str]:
    """The origins of the identity providers configured for single sign-on (allauth's social
    applications, in the database or in SOCIALACCOUNT_PROVIDERS: an OpenID Connect
    server_url, a SAML sso_url, slo_url or metadata_url), read on each sign-in page."""
    origins = set()
    for app in get_adapter().list_apps(request):
        configured = app.settings or {}
        idp = configured.get("idp") or {}  # SAML: where the sign-on request goes
        urls = ("sso_url", "slo_url", "metadata_url")
        for url in (configured.get("server_url"), *(idp.get(name) for name in urls)):
            parts = urlsplit(str(url or ""))
            if parts.scheme in ("http", "https") and parts.netloc:
                origins.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(origins)


class StaffTwoFactorMiddleware:
    """With HEARTH_REQUIRE_2FA_FOR_STAFF, an administrator without a second factor (an
    authenticator app or a passkey) is sent to set one up before any other page (API tokens are
    unaffected: they are revocable)."""

    allowed_prefixes = ("/accounts/", "/static/", "/api/", "/healthz", "/i18n/")

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:

        user = getattr(request, "user", None)
        if (
            settings.HEARTH_REQUIRE_2FA_FOR_STAFF
            and user is not None
            and user.is_authenticated
            and is_administrator(user)
            and not request.path.startswith(self.allowed_prefixes)
        ):
            from allauth.mfa.models import Authenticator
            from django.contrib import messages
            from django.shortcuts import redirect
            from django.utils.translation import gettext as _

            second = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
            if not Authenticator.objects.filter(user=user, type__in=second).exists():
                messages.warning(
                    request, _("Administrators must turn on two-factor sign-in first.")
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)
