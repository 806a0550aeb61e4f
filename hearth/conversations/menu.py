"""The account menu's entries for one's bookmarks and drafts (core.registry.menu_entries)."""

from django.utils.translation import gettext_lazy as _

from hearth.core.registry import MenuEntry, menu_entries

menu_entries.register("bookmarks", MenuEntry("conversations:bookmarks", _("Bookmarks"), 20))
menu_entries.register("drafts", MenuEntry("conversations:drafts", _("Drafts"), 30))
