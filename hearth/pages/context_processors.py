"""What every signed-in page's navigation shows: unread notifications and the account menu,
whose entries the apps declare with the roles that see them (core.registry.menu_entries)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from hearth.core.access import is_administrator
from hearth.core.registry import menu_entries
from hearth.notifications.selectors import unread_count


def account_menu(user) -> list[dict]:
    """The entries this person sees, in order; each role check asked once."""
    answers: dict = {}
    shown = []
    for entry in sorted(menu_entries, key=lambda e: e.position):
        if entry.shown is not None:
            if entry.shown not in answers:
                answers[entry.shown] = entry.shown(user)
            if not answers[entry.shown]:
                continue
        shown.append({"href": reverse(entry.url), "label": entry.label})
    return shown


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0, "account_menu": [], "is_administrator": False}
    return {
        "unread_notifications": unread_count(user),
        # Asked only where a page shows the menu.
        "account_menu": SimpleLazyObject(lambda: account_menu(user)),
        "is_administrator": is_administrator(user),
    }
