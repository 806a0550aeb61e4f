from django.conf import settings
from django.utils import timezone


def network(request):
    """Expose the network's display name (a company may call it "Tap") and the time to templates."""
    unread = 0
    moderator = auditor = False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from django.utils.functional import SimpleLazyObject

        from hearth.notifications.selectors import unread_count
        from hearth.trust.selectors import is_auditor, is_moderator

        unread = unread_count(user)
        # Asked only where a page shows the menu.
        moderator = SimpleLazyObject(lambda: is_moderator(user))
        auditor = SimpleLazyObject(lambda: is_auditor(user))
    return {
        "unread_notifications": unread,
        "is_moderator": moderator,
        "is_auditor": auditor,
        "network_name": settings.HEARTH_NETWORK_NAME,
        "signup_open": bool(settings.HEARTH_SIGNUP_DOMAINS),
        "now_dt": timezone.now(),
    }
