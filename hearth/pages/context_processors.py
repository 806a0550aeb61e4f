"""What every signed-in page's navigation shows: unread notifications and the menus a person's
roles open."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from hearth.moderation.selectors import is_moderator
from hearth.notifications.selectors import unread_count
from hearth.trust.selectors import is_auditor


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0, "is_moderator": False, "is_auditor": False}
    return {
        "unread_notifications": unread_count(user),
        # Asked only where a page shows the menu.
        "is_moderator": SimpleLazyObject(lambda: is_moderator(user)),
        "is_auditor": SimpleLazyObject(lambda: is_auditor(user)),
    }
