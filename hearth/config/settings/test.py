"""Settings for the test suite: fast hashing, in-memory mail, tasks run inline."""

import os

os.environ.setdefault("HEARTH_DATA_DIR", os.path.join(os.getcwd(), "test-output", "data"))

from .base import *  # noqa: E402, F403
from .base import HUEY  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
HUEY = {**HUEY, "immediate": True}
if not os.environ.get("REDIS_URL"):
    HUEY.update({"huey_class": "huey.MemoryHuey", "immediate": True})
    HUEY.pop("filename", None)
ALLOWED_HOSTS = ["*"]
# Tests create many posts quickly; the rate-limit tests set their own limits.
HEARTH_RATE_LIMITS = dict.fromkeys(HEARTH_RATE_LIMITS, (100000, 3600))  # noqa: F405
if USE_SQLITE:  # noqa: F405
    # In memory, as for Django's own SQLite engine (pytest-django recognises only that name).
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}  # noqa: F405

# The live test server is plain http: the browser test's OAuth app returns to it.
OAUTH2_PROVIDER = {
    **OAUTH2_PROVIDER,  # noqa: F405
    "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"],
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": False,
}
