"""What the trust API reads and writes (the schemas of `api.py`)."""

from __future__ import annotations

from ninja import Schema

from hearth.core.api import Page, PageQuery
from hearth.core.types import IsoDateTime


class RelationOut(Schema):
    blocked: bool
    muted: bool


class BlocksOut(Schema):
    blocked: list[str]
    muted: list[str]


class AuditQuery(PageQuery):
    action: str = ""
    actor: str = ""
    since: IsoDateTime | None = None
    until: IsoDateTime | None = None


class AuditOut(Schema):
    id: int
    created_at: IsoDateTime
    action: str
    actor: str | None
    actor_name: str
    target_type: str
    target_id: int | None
    target_label: str
    community_id: int | None
    detail: dict


class AuditPage(Page[AuditOut]):
    pass
