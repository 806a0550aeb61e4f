"""SAML 2.0 beyond allauth's sign-in: single logout (the NameID and SessionIndex of a sign-in
kept in the session, a LogoutRequest to the identity provider on signing out), and the identity
provider's metadata pasted as XML in the application's settings."""

from __future__ import annotations

import logging
import zlib
from typing import Any

from allauth.core.internal import httpkit
from allauth.socialaccount.providers.saml.utils import (
    build_auth,
    build_saml_config,
    get_app_or_404,
)
from allauth.socialaccount.providers.saml.views import finish_acs, sls
from allauth.socialaccount.sessions import LoginSession
from django.http import Http404, HttpRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from lxml.etree import LxmlError
from onelogin.saml2.errors import OneLogin_Saml2_Error
from onelogin.saml2.idp_metadata_parser import OneLogin_Saml2_IdPMetadataParser
from onelogin.saml2.response import OneLogin_Saml2_Response
from onelogin.saml2.settings import OneLogin_Saml2_Settings

from hearth.core.middleware import SSO_LOGOUT_SESSION_KEY

from . import services

logger = logging.getLogger(__name__)

# Where the sign-in's subject waits, on the request, for the adapter to accept the person.
SUBJECT_ATTRIBUTE = "hearth_saml_subject"


class MetadataError(ValueError):
    """Pasted identity provider metadata that does not describe a provider Hearth can use."""


def metadata_settings(xml: str, entity_id: str | None = None) -> dict[str, str]:
    """The identity provider's entity id, certificate and sign-on and logout addresses, read
    from its metadata XML (as Entra ID, Okta or ADFS let you download it)."""
    try:
        parsed = OneLogin_Saml2_IdPMetadataParser.parse(xml, entity_id=entity_id or None)
    except Exception as error:  # noqa: BLE001 - lxml, defusedxml and the parser's own
        raise MetadataError(f"The metadata is not valid XML: {error}") from error
    idp = parsed.get("idp") or {}
    certificate = idp.get("x509cert") or next(
        iter((idp.get("x509certMulti") or {}).get("signing") or []), None
    )
    sign_on = (idp.get("singleSignOnService") or {}).get("url")
    if not idp.get("entityId") or not sign_on or not certificate:
        raise MetadataError(
            "The metadata names no identity provider with a redirect sign-on address and a "
            "signing certificate."
        )
    found = {"entity_id": idp["entityId"], "sso_url": sign_on, "x509cert": certificate}
    logout = (idp.get("singleLogoutService") or {}).get("url")
    if logout:
        found["slo_url"] = logout
    return found


def app_settings(configured: dict[str, Any]) -> dict[str, Any]:
    """A SAML application's settings as allauth reads them: a pasted `metadata_xml` becomes
    the entity id, certificate and addresses it holds (what is set by hand wins)."""
    idp = configured.get("idp")
    if not isinstance(idp, dict) or not idp.get("metadata_xml"):
        return configured
    try:
        found = metadata_settings(idp["metadata_xml"], idp.get("entity_id"))
    except MetadataError as error:
        logger.error("SAML application: %s", error)
        return configured
    rest = {key: value for key, value in idp.items() if key != "metadata_xml"}
    return {**configured, "idp": {**found, **rest}}


def sign_in_finish(request: HttpRequest, organization_slug: str):
    """allauth's end of a SAML sign-in, noting first the NameID and SessionIndex the provider
    gave: the adapter keeps them in the session once the person is accepted."""
    stored = LoginSession(request, "saml_acs_session", "saml-acs-session").store.get("request")
    if stored:
        subject = _subject(request, organization_slug, stored)
        if subject:
            setattr(request, SUBJECT_ATTRIBUTE, subject)
    return finish_acs(request, organization_slug=organization_slug)


def logout_message(request: HttpRequest, organization_slug: str):
    """allauth's single logout endpoint (the provider's LogoutRequest, or its answer to
    Hearth's), with a clear page for a message that does not hold: unsigned, wrongly signed or
    unreadable ones change nothing."""
    try:
        response = sls(request, organization_slug=organization_slug)
    except (LxmlError, ValueError, zlib.error) as error:
        response, detail = None, f"{type(error).__name__}: {error}"
    else:
        detail = response.content.decode(errors="replace")
    if response is not None and response.status_code < 400:
        return response
    services.sso_sign_out_decline(provider=organization_slug[:100], detail=detail[:500])
    message = _("This sign-out message could not be checked, so nothing happened.")
    context = {"heading": _("Sign-out refused"), "message": message}
    return render(request, "people/sso_refused.html", context, status=400)


def _subject(request: HttpRequest, organization_slug: str, stored) -> dict | None:
    """Read, not validate (allauth's view validates the same bytes next)."""
    try:
        acs = httpkit.deserialize_request(stored, HttpRequest())
        app = get_app_or_404(request, organization_slug)
        config = build_saml_config(request, app.settings, organization_slug)
        settings = OneLogin_Saml2_Settings(settings=config, sp_validation_only=True)
        response = OneLogin_Saml2_Response(settings, acs.POST["SAMLResponse"])
        name_id = response.get_nameid_data()
        session_index = response.get_session_index()
    except Exception:  # noqa: BLE001 - a response that does not read is refused by allauth
        return None
    if not name_id.get("Value"):
        return None
    return {
        "protocol": "saml",
        "organization": organization_slug,
        "name_id": name_id["Value"],
        "name_id_format": name_id.get("Format"),
        "name_qualifier": name_id.get("NameQualifier"),
        "sp_name_qualifier": name_id.get("SPNameQualifier"),
        "session_index": session_index,
    }


def subject_keep(request: HttpRequest) -> None:
    """The person is accepted: keep what signing out of the provider will name."""
    subject = getattr(request, SUBJECT_ATTRIBUTE, None)
    if subject:
        request.session[SSO_LOGOUT_SESSION_KEY] = subject


def logout_url(request: HttpRequest, kept: dict) -> str | None:
    """The identity provider's single logout address with a LogoutRequest for this sign-in,
    back to Hearth's sign-in page after; None when the provider offers no single logout."""
    try:
        provider = get_app_or_404(request, kept["organization"]).get_provider(request)
        return build_auth(request, provider).logout(
            return_to=request.build_absolute_uri(reverse("account_login")),
            name_id=kept["name_id"],
            session_index=kept.get("session_index"),
            name_id_format=kept.get("name_id_format"),
            nq=kept.get("name_qualifier"),
            spnq=kept.get("sp_name_qualifier"),
        )
    except (Http404, KeyError, OneLogin_Saml2_Error):
        return None
    except Exception:  # noqa: BLE001 - the provider's metadata is away: sign out of Hearth alone
        logger.exception("SAML single logout")
        return None
