"""What every signed-in page's navigation shows: unread notifications and the account menu,
whose entries the apps declare with the roles that see them (core.registry.menu_entries)."""

from __future__ import annotations

import functools

from django.urls import get_script_prefix, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from hearth.core.access import is_administrator
from hearth.core.registry import MENU_SECTIONS, menu_entries
from hearth.notifications.selectors import unread_count

SECTION_LABELS = {
    "you": _("You"),
    "company": _("Around the company"),
    "facilitation": _("Facilitation"),
    "leadership": _("Leadership"),
    "moderation": _("Moderation and audit"),
    "administration": _("Administration"),
    "settings": _("Settings"),
}


def account_menu(user) -> list[dict]:
    """The entries this person sees, in order; each role check asked once."""
    answers: dict = {}
    shown = []
    order = {name: n for n, name in enumerate(MENU_SECTIONS)}
    for entry in sorted(menu_entries, key=lambda e: (order[e.section], e.position)):
        if entry.shown is not None:
            if entry.shown not in answers:
                answers[entry.shown] = entry.shown(user)
            if not answers[entry.shown]:
                continue
        shown.append({"href": _href(entry.url), "label": entry.label, "section": entry.section})
    return shown


def _href(name: str) -> str:
    return _reversed(name, get_script_prefix())


@functools.lru_cache(maxsize=256)
def _reversed(name: str, prefix: str) -> str:
    """A menu entry's address, reversed once per process (and script prefix): every page
    draws the whole menu."""
    return reverse(name)


def account_sections(user) -> list[dict]:
    """The menu in its sections (a role's section only for those who hold it)."""
    sections: list[dict] = []
    for entry in account_menu(user):
        if not sections or sections[-1]["name"] != entry["section"]:
            name = entry["section"]
            sections.append({"name": name, "label": SECTION_LABELS[name], "entries": []})
        sections[-1]["entries"].append(entry)
    return sections


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0, "account_menu": [], "is_administrator": False}
    return {
        "unread_notifications": unread_count(user),
        # Asked only where a page shows the menu.
        "account_menu": SimpleLazyObject(lambda: account_sections(user)),
        "is_administrator": is_administrator(user),
    }
