"""How allauth behaves in Hearth (closed sign-up unless the email's domain is allowed), and the
scopes OAuth apps may ask for (django-oauth-toolkit)."""

from __future__ import annotations

from urllib.parse import urlencode

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from oauth2_provider.scopes import BaseScopes

from hearth.core import scopes
from hearth.core.access import is_administrator
from hearth.core.middleware import SSO_LOGOUT_SESSION_KEY

from . import saml, services
from .models import Department, Person
from .selectors import SignInMismatch, person_for_sign_in


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return bool(settings.HEARTH_SIGNUP_DOMAINS)

    def clean_email(self, email: str) -> str:
        email = super().clean_email(email)
        domains = settings.HEARTH_SIGNUP_DOMAINS
        if domains and email.rsplit("@", 1)[-1].lower() not in domains:
            from django import forms
            from django.utils.translation import gettext as _

            raise forms.ValidationError(
                _("Use your company email address (%(domains)s).") % {"domains": ", ".join(domains)}
            )
        return email

    def pre_authenticate(self, request, **credentials) -> None:
        """In SSO-only mode (HEARTH_SSO_ONLY), passwords are off for everyone but the
        break-glass administrators (HEARTH_SSO_BREAK_GLASS), for when the provider is down."""
        login = str(credentials.get("email") or credentials.get("username") or "").lower()
        if settings.HEARTH_SSO_ONLY and not is_break_glass(login):
            services.sso_sign_in_decline(provider="password", reason="sso-only", email=login[:254])
            from django import forms

            raise forms.ValidationError(
                _("Passwords are off here: sign in with your company's single sign-on.")
            )
        super().pre_authenticate(request, **credentials)

    def get_logout_redirect_url(self, request) -> str:
        """After signing out of Hearth, out of the identity provider too when it allows."""
        return provider_logout_url(request) or super().get_logout_redirect_url(request)

    def populate_username(self, request, user) -> None:
        # People are addressed by username everywhere; derive it from the email's local part.
        from allauth.account.utils import user_email, user_username

        base = (user_email(user) or "person").split("@")[0]
        base = "".join(c for c in base if c.isalnum() or c in "._-")[:140] or "person"
        candidate, n = base, 1
        while Person.objects.filter(username=candidate).exists():
            n += 1
            candidate = f"{base}{n}"
        user_username(user, candidate)
        if not user.display_name:
            user.display_name = base.replace(".", " ").replace("_", " ").title()


def is_break_glass(login: str) -> bool:
    """An active administrator named in HEARTH_SSO_BREAK_GLASS (by email or username)."""
    allowed = {name.lower() for name in settings.HEARTH_SSO_BREAK_GLASS}
    if not login or login not in allowed:
        return False
    person = Person.objects.filter(Q(email__iexact=login) | Q(username__iexact=login)).first()
    return person is not None and is_administrator(person)


class OAuthScopes(BaseScopes):
    """OAuth apps ask for the scopes of hearth.core.scopes; "read" when they name none."""

    def get_all_scopes(self) -> dict[str, str]:
        return {name: str(label) for name, label in scopes.SCOPES.items()}

    def get_available_scopes(self, application=None, request=None, *args, **kwargs) -> list[str]:
        return list(scopes.ALL)

    def get_default_scopes(self, application=None, request=None, *args, **kwargs) -> list[str]:
        return ["read"]


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on joins the org chart: a person signing in through the company's identity
    provider is the one the HR import knows by employee id, then by email; a deactivated person
    or one the provider describes inconsistently is refused with a clear page, in the audit
    log; people unknown to the HR import are refused unless HEARTH_SSO_CREATE_PEOPLE."""

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return bool(settings.HEARTH_SSO_CREATE_PEOPLE)

    def pre_social_login(self, request, sociallogin) -> None:
        claims = sso_claims(sociallogin)
        provider = sociallogin.account.provider
        if sociallogin.is_existing:
            person = sociallogin.user
        else:
            try:
                person = person_for_sign_in(
                    employee_id=claims.get(settings.HEARTH_SSO_EMPLOYEE_ID_CLAIM),
                    email=claims.get("email"),
                    provider=provider,
                )
            except SignInMismatch as mismatch:
                self._refuse(request, provider, mismatch.reason, mismatch.message, claims)
        if person is None:
            if not settings.HEARTH_SSO_CREATE_PEOPLE:
                self._refuse(
                    request,
                    provider,
                    "unknown",
                    _(
                        "Hearth does not know you yet: the HR import has no one with your "
                        "employee id or email address. Ask your administrator."
                    ),
                    claims,
                )
            saml.subject_keep(request)
            return
        if not person.is_active:
            self._refuse(
                request,
                provider,
                "deactivated",
                _("Your account is deactivated. Ask your administrator if this is a mistake."),
                claims,
                person=person,
            )
        if not sociallogin.is_existing:
            sociallogin.connect(request, person)
            services.sso_link_save(person=person, provider=provider, uid=sociallogin.account.uid)
        saml.subject_keep(request)

    def list_apps(self, request, provider=None, client_id=None):
        """The configured providers; a SAML one may hold its provider's metadata as XML."""
        apps = super().list_apps(request, provider=provider, client_id=client_id)
        for app in apps:
            if app.provider == "saml":
                app.settings = saml.app_settings(app.settings or {})
        return apps

    def populate_user(self, request, sociallogin, data):
        person = super().populate_user(request, sociallogin, data)
        claims = sso_claims(sociallogin)
        given, family = claims.get("given_name") or "", claims.get("family_name") or ""
        person.first_name, person.last_name = given[:150], family[:150]
        person.display_name = (claims.get("name") or f"{given} {family}".strip())[:150]
        person.employee_id = claims.get(settings.HEARTH_SSO_EMPLOYEE_ID_CLAIM) or None
        # Where they work, when the provider says (the HR import, if it runs, owns it after).
        person.title = str(claims.get("title") or "")[:150]
        department = " ".join(str(claims.get("department") or "").split())[:120]
        if department:
            person.department = Department.objects.get_or_create(name=department)[0]
        return person

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        """A response the provider (or an attacker) sent that does not hold: a wrong state,
        an id_token for another audience, expired or replayed; audited, nothing created."""
        services.sso_sign_in_decline(
            provider=getattr(provider, "id", str(provider)),
            reason=str(error or "error"),
            detail=str(exception or "")[:500],
        )

    def _refuse(self, request, provider, reason, message, claims, person=None):
        request.session.pop(SSO_SESSION_KEY, None)  # nothing to sign out of
        services.sso_sign_in_decline(
            provider=provider,
            reason=reason,
            detail=str(message),
            person=person,
            email=str(claims.get("email") or "")[:254],
        )
        raise ImmediateHttpResponse(
            render(request, "people/sso_refused.html", {"message": message}, status=403)
        )


def sso_claims(sociallogin) -> dict:
    """What the provider said, id_token claims first and userinfo over them (OIDC)."""
    data = sociallogin.account.extra_data or {}
    claims: dict = {}
    if not isinstance(data, dict):
        return claims
    for part in ("id_token", "userinfo"):
        if isinstance(data.get(part), dict):
            claims.update(data[part])
    if claims:
        return claims
    # SAML: attributes hold lists of values; the app's attribute_mapping names them (allauth's
    # uid, email, first_name, last_name, and Hearth's employee_number).
    attributes = {k: v[0] if isinstance(v, list) and v else v for k, v in data.items()}
    app = getattr(sociallogin.account, "get_provider", None)
    mapping = {}
    if app is not None:
        mapping = (sociallogin.account.get_provider().app.settings or {}).get(
            "attribute_mapping", {}
        )
    for claim, field in (
        ("email", "email"),
        ("given_name", "first_name"),
        ("family_name", "last_name"),
        (settings.HEARTH_SSO_EMPLOYEE_ID_CLAIM, "employee_number"),
        ("title", "title"),
        ("department", "department"),
    ):
        name = mapping.get(field, field)
        if attributes.get(name) not in (None, ""):
            claims[claim] = attributes[name]
    return claims


class SsoRefusalMiddleware:
    """allauth answers a replayed or unsolicited single sign-on answer (a SAML response whose
    request this browser never made, a callback whose state is spent) with PermissionDenied:
    show the sign-in refusal page, and put it in the audit log."""

    PATHS = ("/accounts/saml/", "/accounts/oidc/")

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, PermissionDenied) or not request.path.startswith(self.PATHS):
            return None
        provider = request.path.split("/")[3] if request.path.count("/") > 3 else ""
        message = _(
            "This sign-in answer was already used, or was not asked for by this browser, so "
            "nothing happened. Sign in again."
        )
        services.sso_sign_in_decline(
            provider=provider[:100], reason="replayed-or-unsolicited", detail=str(message)
        )
        return render(request, "people/sso_refused.html", {"message": message}, status=403)


class LogoutAwareOIDCAdapter(OpenIDConnectOAuth2Adapter):
    """allauth's OpenID Connect adapter, keeping the raw id_token of the sign-in in the session:
    signing out of Hearth then signs out of the provider too (RP-initiated logout, with the
    id_token as its hint)."""

    def complete_login(self, request, app, token, **kwargs):
        login = super().complete_login(request, app, token, **kwargs)
        raw = (kwargs.get("response") or {}).get("id_token")
        if raw:
            request.session[SSO_SESSION_KEY] = {"provider_id": self.provider_id, "id_token": raw}
        return login


SSO_SESSION_KEY = SSO_LOGOUT_SESSION_KEY


def provider_logout_url(request) -> str | None:
    """Where to send a person signing out who signed in with an OpenID Connect provider that
    offers RP-initiated logout (its end_session_endpoint), or a SAML one that offers single
    logout (a LogoutRequest), back to the sign-in page after."""
    kept = request.session.get(SSO_SESSION_KEY)
    if isinstance(kept, dict) and kept.get("protocol") == "saml":
        return saml.logout_url(request, kept)
    if not isinstance(kept, dict) or not kept.get("id_token"):
        return None
    try:
        endpoint = LogoutAwareOIDCAdapter(request, kept["provider_id"]).openid_config.get(
            "end_session_endpoint"
        )
    except Exception:  # noqa: BLE001 - the provider is away: sign out of Hearth alone
        return None
    if not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": kept["id_token"],
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("account_login")),
        }
    )
    return f"{endpoint}?{query}"
