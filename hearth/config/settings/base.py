"""Settings shared by every mode; everything an operator may change comes from the environment."""

import hashlib
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent
REPO_DIR = PACKAGE_DIR.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DATA_DIR = Path(env("HEARTH_DATA_DIR", str(REPO_DIR / "data")))
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """Use SECRET_KEY, else a key kept in the data folder so every local process shares it."""
    if env("SECRET_KEY"):
        return env("SECRET_KEY")
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()


# The key that signs Web Push messages (VAPID): PEM or base64url; empty: one kept in DATA_DIR.
HEARTH_VAPID_PRIVATE_KEY = env("HEARTH_VAPID_PRIVATE_KEY", "")
DEBUG = env_bool("HEARTH_DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

HEARTH_NETWORK_NAME = env("HEARTH_NETWORK_NAME", "Hearth")
# People with direct reports in the top N levels of the org chart count as leaders.
HEARTH_LEADER_LEVELS = int(env("HEARTH_LEADER_LEVELS", "3"))
# Self sign-up is closed unless the email's domain is listed (e.g. "tellall.example").
HEARTH_SIGNUP_DOMAINS = [d.lower() for d in env_list("HEARTH_SIGNUP_DOMAINS")]
HEARTH_IMPORT_MAX_BYTES = int(env("HEARTH_IMPORT_MAX_BYTES", str(20 * 1024 * 1024)))
HEARTH_ATTACHMENT_MAX_BYTES = int(env("HEARTH_ATTACHMENT_MAX_BYTES", str(25 * 1024 * 1024)))
# An image may have at most this many pixels, checked from its header before it is decoded: a
# small PNG can decode to gigabytes (13,000 x 13,000 pixels from 531 KB took a worker to 830 MB).
HEARTH_IMAGE_MAX_PIXELS = int(env("HEARTH_IMAGE_MAX_PIXELS", str(40_000_000)))
# Links in emails point here (the address people use to reach Hearth).
HEARTH_BASE_URL = env("HEARTH_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Replies to notification emails go to reply+…@ this domain (route it to `hearth mail-in`).
HEARTH_REPLY_DOMAIN = env("HEARTH_REPLY_DOMAIN", "reply.localhost")
# A claimed notification email not marked sent after this long is sent again (crash recovery).
HEARTH_EMAIL_CLAIM_SECONDS = int(env("HEARTH_EMAIL_CLAIM_SECONDS", "600"))
# Digests are sent at this local hour of each person's time zone.
HEARTH_DIGEST_HOUR = int(env("HEARTH_DIGEST_HOUR", "8"))
# Live updates (server-sent events): how often each app process reads the signal table when
# there is no Redis, how long one stream lasts before the browser reconnects, and the least time
# between two "new posts" checks of one page.
HEARTH_LIVE_POLL_SECONDS = float(env("HEARTH_LIVE_POLL_SECONDS", "1"))
HEARTH_LIVE_STREAM_SECONDS = int(env("HEARTH_LIVE_STREAM_SECONDS", "600"))
HEARTH_LIVE_FEED_SECONDS = float(env("HEARTH_LIVE_FEED_SECONDS", "10"))
# Search ranks the most recent matching documents a person may read, this many at most (0: all).
# A word as common as a project's name matches tens of thousands; ranking them all costs more
# than the answer is worth, and a date range reaches older ones.
HEARTH_SEARCH_WINDOW = int(env("HEARTH_SEARCH_WINDOW", "2000"))
# Where PDFs find Noto Sans and its Arabic, Devanagari and CJK companions (os.pathsep-separated).
_FONT_DIRS = env("HEARTH_PDF_FONT_DIRS", "/usr/share/fonts:/usr/local/share/fonts")
HEARTH_PDF_FONT_DIRS = [d for d in _FONT_DIRS.split(os.pathsep) if d]


def _rate(text: str) -> tuple[int, int]:
    """ "20/h", "5/m" or "100/d": how many actions per window (seconds)."""
    count, _, unit = text.partition("/")
    return int(count), {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit.strip() or "h"]


# Rate limits per person (a third for accounts younger than HEARTH_NEW_ACCOUNT_DAYS).
HEARTH_RATE_LIMITS = {
    "post.created": _rate(env("HEARTH_RATE_POSTS", "20/h")),
    "comment.created": _rate(env("HEARTH_RATE_COMMENTS", "60/h")),
    "reaction.set": _rate(env("HEARTH_RATE_REACTIONS", "300/h")),
    "mention.created": _rate(env("HEARTH_RATE_MENTIONS", "60/h")),
    "upload.created": _rate(env("HEARTH_RATE_UPLOADS", "60/h")),
}
HEARTH_NEW_ACCOUNT_DAYS = int(env("HEARTH_NEW_ACCOUNT_DAYS", "7"))
# Every page: scripts, styles, images and connections from this origin only; no inline script
# or style; never framed. (Templates must keep to it: see core/tests/test_security.py.)
HEARTH_CSP = env(
    "HEARTH_CSP",
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; media-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)
SECURE_REFERRER_POLICY = "same-origin"
# The addresses (or networks) of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto
# `hearth serve` believes. Empty: none, not even loopback, so a client cannot pick the address
# that per-address limits (sign-in attempts) count against by sending the header itself.
HEARTH_TRUSTED_PROXIES = env_list("HEARTH_TRUSTED_PROXIES", "")
X_FRAME_OPTIONS = "DENY"
# Administrators (staff) must turn on two-factor sign-in before using the product.
HEARTH_REQUIRE_2FA_FOR_STAFF = env_bool("HEARTH_REQUIRE_2FA_FOR_STAFF", False)
# Sealed-identity anonymous posts: the key that seals authors (any string; derived from
# SECRET_KEY when unset, so rotating SECRET_KEY without setting it makes old seals unreadable).
HEARTH_SEAL_KEY = env("HEARTH_SEAL_KEY", "")
# A community needs this many active members before it accepts anonymous posts.
HEARTH_ANONYMOUS_MIN_MEMBERS = int(env("HEARTH_ANONYMOUS_MIN_MEMBERS", "10"))
# Anonymous posts appear after a random delay in this range (minutes), so their time cannot be
# matched with what a person was seen doing (the author sees theirs at once).
HEARTH_ANONYMOUS_DELAY_MINUTES = tuple(
    int(n) for n in env("HEARTH_ANONYMOUS_DELAY_MINUTES", "5-30").split("-", 1)
)
# How long a break-glass request waits for the second administrator.
HEARTH_REVEAL_REQUEST_HOURS = int(env("HEARTH_REVEAL_REQUEST_HOURS", "24"))
# Privacy: days deleted content and read notifications are kept; exports' life and daily number.
HEARTH_RETENTION_DELETED_DAYS = int(env("HEARTH_RETENTION_DELETED_DAYS", "30"))
HEARTH_RETENTION_NOTIFICATIONS_DAYS = int(env("HEARTH_RETENTION_NOTIFICATIONS_DAYS", "180"))
HEARTH_EXPORT_KEEP_DAYS = int(env("HEARTH_EXPORT_KEEP_DAYS", "7"))
HEARTH_EXPORTS_PER_DAY = int(env("HEARTH_EXPORTS_PER_DAY", "3"))
# A person's first days (the home page shows them a welcome checklist).
HEARTH_NEWCOMER_DAYS = int(env("HEARTH_NEWCOMER_DAYS", "30"))
# Personal invitations one person may send a day (all communities together).
HEARTH_INVITATIONS_PER_DAY = int(env("HEARTH_INVITATIONS_PER_DAY", "100"))
# How many times a day a leader may mention a whole community (@community-slug).
HEARTH_COMMUNITY_MENTIONS_PER_DAY = int(env("HEARTH_COMMUNITY_MENTIONS_PER_DAY", "3"))
# An idea with this many votes and no answer after this many days goes to its sponsors.
HEARTH_IDEA_RESPONSE_DAYS = int(env("HEARTH_IDEA_RESPONSE_DAYS", "14"))
HEARTH_IDEA_ESCALATION_VOTES = int(env("HEARTH_IDEA_ESCALATION_VOTES", "5"))
# The company values praise can be tagged with, comma-separated.
HEARTH_COMPANY_VALUES = env_list(
    "HEARTH_COMPANY_VALUES", "Customers first,Speak up,Build together,Own it,Keep learning"
)

INSTALLED_APPS = [
    "hearth.core",
    "hearth.people",
    "hearth.communities",
    "hearth.conversations",
    "hearth.feeds",
    "hearth.search",
    "hearth.notifications",
    "hearth.live",
    "hearth.trust",
    "hearth.moderation",
    "hearth.privacy",
    "hearth.webhooks",
    "hearth.provisioning",
    "hearth.jams",
    "hearth.ideas",
    "hearth.facilitation",
    "hearth.leadership",
    "hearth.recognition",
    "hearth.insights",
    "hearth.pages",
    "hearth.mobile",
    "hearth.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "heroicons",
    "template_partials",
    "django_countries",
    "ninja",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "oauth2_provider",
    "huey.contrib.djhuey",
]

MIDDLEWARE = [
    "hearth.core.ops.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "hearth.core.middleware.SecurityHeadersMiddleware",
    "hearth.core.middleware.ApiProblemMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "hearth.core.middleware.MalformedBodyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "hearth.core.context.CurrentActorMiddleware",
    "hearth.core.middleware.PersonPreferencesMiddleware",
    "hearth.mobile.middleware.OfflinePagesMiddleware",
    "hearth.core.middleware.NulCharacterMiddleware",
    "hearth.core.middleware.SignInRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "hearth.core.middleware.StaffTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "hearth.people.adapters.SsoRefusalMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "hearth.config.urls"
WSGI_APPLICATION = "hearth.config.wsgi.application"
ASGI_APPLICATION = "hearth.config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "hearth.core.context_processors.network",
                "hearth.pages.context_processors.navigation",
            ],
            "builtins": ["hearth.core.templatetags.hearth"],
        },
    }
]

# --- Database: SQLite (WAL) by default, PostgreSQL through DATABASE_URL -------------------------
DEFAULT_SQLITE_PATH = DATA_DIR / "hearth.sqlite3"
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE_PATH}")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
}
USE_SQLITE = DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
HEARTH_DB_POOL_SIZE = int(env("HEARTH_DB_POOL_SIZE", "8"))  # per process, PostgreSQL only
if USE_SQLITE:
    # Django's backend with writers taking turns (hearth/core/sqlite/base.py).
    DATABASES["default"]["ENGINE"] = "hearth.core.sqlite"
    # Persistent: each thread of a web process's pool keeps its connection (hearth/config/asgi.py).
    DATABASES["default"]["CONN_MAX_AGE"] = 600
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers proceed while one writer writes; IMMEDIATE avoids upgrade deadlocks.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            " PRAGMA busy_timeout=20000;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:  # an unreachable server fails in seconds (and /readyz says so), it does not hang
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    # A pool of connections per process (psycopg_pool), as Django advises under ASGI: there each
    # request runs in a thread of its own, so a persistent connection would never be reused and
    # every request would open (and leak) one. HEARTH_DB_POOL_SIZE=0 turns the pool off
    # (persistent connections instead, for an external pooler such as PgBouncer).
    if HEARTH_DB_POOL_SIZE > 0:
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": min(2, HEARTH_DB_POOL_SIZE),
            "max_size": HEARTH_DB_POOL_SIZE,
            "timeout": float(env("HEARTH_DB_POOL_TIMEOUT", "10")),
        }
# Read replicas (PostgreSQL streaming replicas of DATABASE_URL): see hearth/core/replicas.py.
DATABASE_REPLICA_URLS = env("DATABASE_REPLICA_URLS", "")
_replica_urls = [url.strip() for url in DATABASE_REPLICA_URLS.split(",") if url.strip()]
for _number, _url in enumerate(_replica_urls, start=1):
    DATABASES[f"replica{_number}"] = {
        **dj_database_url.parse(_url, conn_max_age=60, conn_health_checks=True),
        "OPTIONS": DATABASES["default"].get("OPTIONS", {}),
    }
    if USE_SQLITE or "pool" in DATABASES["default"].get("OPTIONS", {}):
        DATABASES[f"replica{_number}"]["CONN_MAX_AGE"] = 0
if _replica_urls:
    DATABASE_ROUTERS = ["hearth.core.replicas.ReplicaRouter"]
    MIDDLEWARE.insert(1, "hearth.core.replicas.ReplicaMiddleware")
# After a request that wrote, that browser or token reads from the primary for this long.
HEARTH_REPLICA_PIN_SECONDS = int(env("HEARTH_REPLICA_PIN_SECONDS", "10"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Every instance (one DATABASE_URL) keeps its own task queue file and uploads, so several
# instances can run side by side from one checkout.
INSTANCE_KEY = hashlib.sha256(DATABASE_URL.encode()).hexdigest()[:12]
if USE_SQLITE:
    _db_file = Path(DATABASES["default"]["NAME"])
    INSTANCE_DIR = _db_file.parent / f"{_db_file.stem}-files"
else:
    INSTANCE_DIR = DATA_DIR / f"instance-{INSTANCE_KEY}"
INSTANCE_DIR.mkdir(parents=True, exist_ok=True)

# --- Redis: cache, task queue (and later the Channels layer) when REDIS_URL is set ---------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # Misses instead of errors when Redis does not answer within two seconds.
            "BACKEND": "hearth.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"hearth-{INSTANCE_KEY}",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": f"hearth-{INSTANCE_KEY}",
        "url": REDIS_URL,
        "immediate": False,
    }
else:
    # The database cache is shared by every process, so rate limits hold across workers.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "hearth_cache",
        }
    }
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "hearth",
        "filename": str(INSTANCE_DIR / "tasks.sqlite3"),
        "immediate": False,
    }
HUEY["consumer"] = {"workers": 2, "worker_type": "thread", "periodic": True}

# --- People and sign-in -----------------------------------------------------------------------
AUTH_USER_MODEL = "people.Person"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(env("HEARTH_PASSWORD_MIN_LENGTH", "12"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "hearth.people.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{HEARTH_NETWORK_NAME}] "
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
# Failed sign-ins are limited per address and per account (allauth's limiter, backed by the cache).
ACCOUNT_RATE_LIMITS = {
    "login_failed": env("HEARTH_LOGIN_RATE", "10/m/ip,5/5m/key"),
}
# Single sign-on through the company's identity provider (allauth's OpenID Connect provider;
# an administrator adds it in Django's admin, Social applications). People are matched to the
# org chart by employee id, then email (hearth.people.adapters.SocialAccountAdapter); those the
# HR import does not know are refused unless HEARTH_SSO_CREATE_PEOPLE is on.
HEARTH_SSO_CREATE_PEOPLE = env_bool("HEARTH_SSO_CREATE_PEOPLE", False)
# Passwords off for all but the break-glass administrators (emails or usernames).
HEARTH_SSO_ONLY = env_bool("HEARTH_SSO_ONLY", False)
HEARTH_SSO_BREAK_GLASS = env_list("HEARTH_SSO_BREAK_GLASS")
# The claim (OIDC) that carries the employee id, as the HR import names it.
HEARTH_SSO_EMPLOYEE_ID_CLAIM = env("HEARTH_SSO_EMPLOYEE_ID_CLAIM", "employee_number")
from .identity import *  # noqa: E402, F403 - allauth's social accounts, OAuth Toolkit

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = HEARTH_NETWORK_NAME
# Passkeys (WebAuthn): a second factor, and a sign-in without a password.
MFA_PASSKEY_LOGIN_ENABLED = True
# Browsers allow WebAuthn on https, and on http only for this machine (`make demo`, the tests).
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = HEARTH_BASE_URL.startswith(
    ("http://127.0.0.1", "http://localhost")
)

# With Redis, sessions are read from it (written through to the database): one query less on
# every signed-in request. Without it the cache is the database itself, so sessions stay there.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)
SESSION_COOKIE_AGE = 14 * 24 * 3600

# --- Email: console by default, SMTP when EMAIL_HOST is set -------------------------------------
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", f"{HEARTH_NETWORK_NAME} <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who push services may contact about this installation's Web Push messages (VAPID "sub").
HEARTH_VAPID_SUBJECT = env("HEARTH_VAPID_SUBJECT", "mailto:noreply@localhost")
if env("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")
    EMAIL_PORT = int(env("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# --- Internationalisation: every string translatable, every time in the reader's zone -----------
LANGUAGE_CODE = "en"
from .languages import LANGUAGES  # noqa: E402, F401 - each language named in itself

LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# --- Static and uploaded files --------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("HEARTH_STATIC_ROOT", str(DATA_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("HEARTH_MEDIA_ROOT", str(INSTANCE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

NINJA_PAGINATION_MAX_LIMIT = 100

# Structured JSON lines in production (HEARTH_LOG_FORMAT=json; the production settings' default).
HEARTH_LOG_FORMAT = env("HEARTH_LOG_FORMAT", "plain")
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if HEARTH_LOG_FORMAT == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env("HEARTH_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # huey's consumer adds its own handler unless one is configured: one line per message.
        "huey": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # fpdf2 subsets fonts with fontTools, which tells each table it touches at INFO.
        "fontTools": {"level": "WARNING"},
    },
}

# --- Insights ------------------------------------------------------------------------------------
# Aggregates about fewer people than this are never shown (tables, charts, exports, the API).
HEARTH_INSIGHTS_MIN_GROUP = int(env("HEARTH_INSIGHTS_MIN_GROUP", "5"))
# Reference lines on the dashboard and in the value report, with their source.
HEARTH_BENCHMARKS = {
    "interactive_average": 27,
    "interactive_good": 38,
    "response_top_fifth": 58,
    "source": (
        "SWOOP Analytics' enterprise social network benchmarking (interactive users: 27% on "
        "average, more than 38% is good; response rate above 58%: the top fifth)"
    ),
}

# --- Operations ----------------------------------------------------------------------------------
# /readyz answers 503 when the worker is further behind than this.
HEARTH_READY_MAX_LAG_SECONDS = int(env("HEARTH_READY_MAX_LAG_SECONDS", "300"))

# Webhooks: hosts deliveries may reach although they resolve into a private network (an
# intranet's chat bridge), comma-separated; every other private, loopback or link-local target
# is refused (server-side request forgery).
HEARTH_WEBHOOK_ALLOWED_HOSTS = [
    h for h in env("HEARTH_WEBHOOK_ALLOWED_HOSTS", "").split(",") if h.strip()
]
# How long a worker holds a delivery it is sending; one killed meanwhile leaves it to the next.
HEARTH_WEBHOOK_LEASE_SECONDS = int(env("HEARTH_WEBHOOK_LEASE_SECONDS", "120"))
# /metrics answers loopback callers, and others that send "Authorization: Bearer <this>".
HEARTH_METRICS_TOKEN = env("HEARTH_METRICS_TOKEN", "")
