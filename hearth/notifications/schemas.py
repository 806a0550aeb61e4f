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


class PushKeys(Schema):
    p256dh: str
    auth: str


class PushDeviceIn(Schema):
    """A browser's push subscription (`PushSubscription.toJSON()`), and what to send to it."""

    endpoint: str
    keys: PushKeys
    name: str = ""
    kinds: list[str] | None = None


class PushDevicePatch(Schema):
    kinds: list[str]


class PushDeviceOut(Schema):
    id: int
    name: str
    kinds: list[str]
    created_at: IsoDateTime
    last_sent_at: IsoDateTime | None


class PushKeyOut(Schema):
    public_key: str
