from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone


def network(request: HttpRequest) -> dict[str, Any]:
    """Expose the network's display name (a company may call it "Tap") and the time to templates."""
    return {
        "network_name": settings.HEARTH_NETWORK_NAME,
        "signup_open": bool(settings.HEARTH_SIGNUP_DOMAINS),
        "SSO_ONLY": settings.HEARTH_SSO_ONLY,
        "now_dt": timezone.now(),
    }
