"""What the notifications API reads and writes (the schemas of `api.py`)."""

from __future__ import annotations

from ninja import Schema

from hearth.core.api import Page, RowId
from hearth.core.types import IsoDateTime
from hearth.people.schemas import PersonSummary


class NotificationQuery(Schema):
    unread: bool = False
    verb: str = ""
    limit: int | None = None
    cursor: str | None = None


class NotificationOut(Schema):
    id: int
    verb: str
    actor: PersonSummary | None
    others: int
    text: str
    target_url: str
    created_at: IsoDateTime
    updated_at: IsoDateTime
    read: bool


class NotificationPage(Page[NotificationOut]):
    pass


class ReadIn(Schema):
    ids: list[RowId] = []
    all: bool = False


class ReadOut(Schema):
    updated: int
    unread: int
