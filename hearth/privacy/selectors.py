"""Reads for privacy pages: a person's own exports, and the last retention purge."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from hearth.core.errors import NotFound
from hearth.core.models import Event
from hearth.core.types import Viewer

from .models import DataExport


def exports_for(viewer: Viewer) -> Any:
    """The viewer's own exports, newest first (nobody else's, administrators included)."""
    return DataExport.objects.filter(person=viewer).order_by("-created_at", "-id")


def access_export(viewer: Viewer, export_id: int) -> DataExport:
    export = DataExport.objects.filter(pk=export_id, person=viewer).first()
    if export is None:
        raise NotFound()
    return export


def last_purge() -> Any:
    """The latest retention purge event (with its counts), or None."""
    return Event.objects.filter(verb="retention.purged").order_by("-id").first()


def retention_policy() -> dict[str, int]:
    return {
        "deleted_content_days": settings.HEARTH_RETENTION_DELETED_DAYS,
        "read_notifications_days": settings.HEARTH_RETENTION_NOTIFICATIONS_DAYS,
        "export_days": settings.HEARTH_EXPORT_KEEP_DAYS,
    }
