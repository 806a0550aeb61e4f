from django.conf import settings


def network(request):
    """Expose the network's display name (a company may call it "Tap") to every template."""
    return {
        "network_name": settings.HEARTH_NETWORK_NAME,
        "signup_open": bool(settings.HEARTH_SIGNUP_DOMAINS),
    }
