from __future__ import annotations

from typing import Any

from ninja import Field, Schema

from hearth.core.api import Page
from hearth.core.types import IsoDateTime

KINDS_HELP = (
    "post.created, comment.created, answer.accepted, community.delivered, jam.closed, person.joined"
)


class WebhookIn(Schema):
    url: str
    kinds: list[str] = Field(description=KINDS_HELP)
    community: str | None = Field(None, description="A community you own (slug); none: company")
    include_restricted: bool = False
    description: str = ""


class WebhookPatch(Schema):
    url: str | None = None
    kinds: list[str] | None = Field(None, description=KINDS_HELP)
    include_restricted: bool | None = None
    description: str | None = None
    active: bool | None = None


class WebhookOut(Schema):
    id: int
    url: str
    description: str
    kinds: list[str]
    community: str | None
    include_restricted: bool
    active: bool
    failing_since: IsoDateTime | None
    created_at: IsoDateTime
    owner: str
    secret: str


class DeliveryOut(Schema):
    id: int
    message_id: str
    kind: str
    status: str
    attempts: int
    response_status: int | None
    error: str
    created_at: IsoDateTime
    delivered_at: IsoDateTime | None
    next_attempt_at: IsoDateTime
    payload: dict[str, Any]


class DeliveryPage(Page[DeliveryOut]):
    pass
