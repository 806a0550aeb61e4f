from django.conf import settings
from django.utils import timezone


def network(request):
    """Expose the network's display name (a company may call it "Tap") and the time to templates."""
    unread = 0
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from hearth.notifications.selectors import unread_count

        unread = unread_count(user)
    return {
        "unread_notifications": unread,
        "network_name": settings.HEARTH_NETWORK_NAME,
        "signup_open": bool(settings.HEARTH_SIGNUP_DOMAINS),
        "now_dt": timezone.now(),
    }
