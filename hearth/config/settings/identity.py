"""Settings of the ways in that need no environment: allauth's social accounts (single
sign-on) and django-oauth-toolkit (OAuth apps). base.py imports them."""

SOCIALACCOUNT_ADAPTER = "hearth.people.adapters.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
# OAuth apps (django-oauth-toolkit): registered by administrators (Django's admin, OAuth
# Toolkit > Applications), authorization code with PKCE only, scopes from hearth.core.scopes;
# people see and revoke the apps they authorised under "Connected apps".
OAUTH2_PROVIDER = {
    "SCOPES_BACKEND_CLASS": "hearth.people.adapters.OAuthScopes",
    "PKCE_REQUIRED": True,
    "ACCESS_TOKEN_EXPIRE_SECONDS": 3600,
    "REFRESH_TOKEN_EXPIRE_SECONDS": 60 * 60 * 24 * 30,
    "ROTATE_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    # RFC 9700, the OAuth 2.0 security best current practice, in full: no implicit or password
    # grant, S256 only, tokens in headers only, `iss` in the answer, tokens stored hashed.
    **dict.fromkeys(
        [
            f"COMPLIANT_BCP_RFC9700_{gate}"
            for gate in [
                "IMPLICIT_GRANT",
                "PASSWORD_GRANT",
                "PKCE_METHOD",
                "ACCESS_TOKEN_TRANSPORT",
                "AUTHZ_RESPONSE_ISS",
                "TOKEN_STORAGE",
                "REFRESH_TOKEN",
                "REDIRECT_URI_SCHEME",
                "REDIRECT_URI_MATCHING",
                "PKCE_REQUIRED",
            ]
        ],
        True,
    ),
}
