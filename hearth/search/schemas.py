"""What the search API reads and writes (the schemas of `api.py`)."""

from __future__ import annotations

from typing import Any

from ninja import Schema

from hearth.core.api import Page
from hearth.core.types import IsoDate


class SearchQuery(Schema):
    q: str = ""
    type: str = ""
    kind: str = ""
    community: str = ""
    author: str = ""
    start: IsoDate | None = None
    end: IsoDate | None = None
    answered: bool | None = None
    limit: int | None = None
    cursor: str | None = None


class HitOut(Schema):
    type: str
    score: float
    snippet: str
    comment: int | None
    object: dict[str, Any]


class HitPage(Page[HitOut]):
    pass
