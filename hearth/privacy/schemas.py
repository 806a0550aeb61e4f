"""What the privacy API reads and writes (the schemas of `api.py`)."""

from __future__ import annotations

from typing import Literal

from ninja import Schema

from hearth.core.types import IsoDateTime


class ExportOut(Schema):
    id: int
    status: Literal["pending", "running", "ready", "failed", "expired"]
    created_at: IsoDateTime
    finished_at: IsoDateTime | None
    expires_at: IsoDateTime | None
    size: int
    download_url: str | None
    error: str


class EraseIn(Schema):
    mode: Literal["pseudonymise", "remove"]
    reason: str
    confirm: str


class ErasureOut(Schema):
    username: str
    display_name: str
    mode: str
    posts_removed: int
    comments_removed: int
    anonymous_seals_destroyed: int
    erased_at: IsoDateTime


class RetentionOut(Schema):
    deleted_content_days: int
    read_notifications_days: int
    export_days: int
    last_run_at: IsoDateTime | None
    last_run: dict[str, int] | None


class PurgeOut(Schema):
    posts_purged: int
    comments_purged: int
    notifications_deleted: int
    exports_expired: int
    exports_failed: int
