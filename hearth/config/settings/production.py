"""Production mode: DEBUG off, HTTPS only, secrets from the environment. Passes check --deploy."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, env_bool

if not env("SECRET_KEY"):
    raise ImproperlyConfigured("Production mode needs the SECRET_KEY environment variable.")

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("HEARTH_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(env("HEARTH_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HEARTH_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HEARTH_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Structured logs: one JSON object per line (HEARTH_LOG_FORMAT=plain for text).
LOGGING["handlers"]["console"]["formatter"] = (  # noqa: F405
    "plain" if env("HEARTH_LOG_FORMAT", "json") == "plain" else "json"
)
