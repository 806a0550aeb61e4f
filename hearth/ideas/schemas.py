"""The API's shapes for ideas: an idea with its status, the status with its history, a change."""

from __future__ import annotations

from typing import Literal

from ninja import Schema

from hearth.core.types import IsoDateTime
from hearth.people.schemas import PersonSummary

StatusName = Literal["new", "under_review", "planned", "in_progress", "done", "declined", "merged"]


class IdeasQuery(Schema):
    status: StatusName | None = None
    community: str | None = None
    limit: int | None = None
    cursor: str | None = None


class IdeaStatusIn(Schema):
    status: StatusName
    reason: str = ""
    merged_into: int | None = None


class IdeaChangeOut(Schema):
    status: str
    previous: str
    reason: str
    merged_into: int | None
    actor: str | None
    created_at: IsoDateTime


class IdeaStatusOut(Schema):
    post: int
    status: str
    reason: str
    merged_into: int | None
    set_by: str | None
    set_at: IsoDateTime | None
    history: list[IdeaChangeOut]


class IdeaOut(Schema):
    id: int
    title: str
    author: PersonSummary | None
    anonymous: bool
    community: str | None
    vote_count: int
    comment_count: int
    published_at: IsoDateTime
    status: str
    reason: str
    merged_into: int | None
    set_at: IsoDateTime | None
    url: str
