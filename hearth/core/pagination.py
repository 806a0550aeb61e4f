"""Cursor pagination for the API: `?limit=` (1..100) and an opaque, tamper-proof `?cursor=`."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core import signing
from django.db.models import Q, QuerySet
from django.utils import timezone

from .errors import FieldError, Invalid

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
_SALT = "hearth.cursor"


def _salt(ordering: list[str] | None) -> str:
    """A cursor is signed for the ordering it continues: one list's cursor sent to another is
    refused like a forged one, instead of filtering a column with a value of another type."""
    return _SALT if ordering is None else f"{_SALT}:{','.join(ordering)}"


def _encode(values: list[Any], ordering: list[str] | None = None) -> str:
    return signing.dumps(values, salt=_salt(ordering), compress=True)


def _decode(cursor: str, size: int, ordering: list[str] | None = None) -> list[Any]:
    try:
        values = signing.loads(cursor, salt=_salt(ordering))
    except (signing.BadSignature, ValueError) as error:
        raise Invalid(
            "The cursor is not valid; use the next_cursor of a previous page.",
            [FieldError("cursor", "Not a cursor issued by this server.")],
        ) from error
    if not isinstance(values, list) or len(values) != size:
        raise Invalid("The cursor does not fit this list.", [FieldError("cursor", "Wrong list.")])
    return values


def check_limit(limit: int | None) -> int:
    if limit is None:
        return DEFAULT_LIMIT
    if not 1 <= limit <= MAX_LIMIT:
        raise Invalid(
            f"limit must be between 1 and {MAX_LIMIT}.",
            [FieldError("limit", f"Must be between 1 and {MAX_LIMIT}.")],
        )
    return limit


def paginate(
    queryset: QuerySet[Any],
    *,
    ordering: list[str],
    limit: int | None,
    cursor: str | None,
    windows: list[datetime.timedelta] | None = None,
) -> tuple[list[Any], str | None]:
    """Return one page of `queryset` in `ordering` (unique last key) and the next cursor.

    Keyset pagination keeps every page one indexed query, however deep a person scrolls.
    `windows` (for a newest-first date ordering) first looks only that far back from the
    page's top and widens until the page is full: a feed drawn from many sources then reads
    a few days of posts instead of gathering and sorting all of them.
    """
    limit = check_limit(limit)
    fields = [name.lstrip("-") for name in ordering]
    queryset = queryset.order_by(*ordering)
    if cursor:
        values = _decode(cursor, len(fields), ordering)
        after = Q()
        for index, name in enumerate(ordering):
            equal = {fields[i]: values[i] for i in range(index)}
            lookup = "lt" if name.startswith("-") else "gt"
            after |= Q(**equal, **{f"{fields[index]}__{lookup}": values[index]})
        queryset = queryset.filter(after)
    rows = _windowed(queryset, ordering, limit, cursor, windows) if windows else None
    if rows is None:
        rows = list(queryset[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        last = rows[-1]
        next_cursor = _encode([_plain(_value(last, name)) for name in fields], ordering)
    return rows, next_cursor


def _windowed(
    queryset: QuerySet[Any],
    ordering: list[str],
    limit: int,
    cursor: str | None,
    windows: Sequence[Any] | None,
) -> list[Any] | None:
    field = ordering[0]
    if not field.startswith("-"):
        return None
    field = field[1:]
    top = timezone.now()
    if cursor:
        top = datetime.datetime.fromisoformat(_decode(cursor, len(ordering), ordering)[0])
    for span in windows or ():
        rows = list(queryset.filter(**{f"{field}__gte": top - span})[: limit + 1])
        if len(rows) > limit:
            return rows
    return None


def _value(row: Any, name: str) -> Any:
    """The value of an ordering key on a row, across relations (`person__display_name`)."""
    value = row
    for part in name.split("__"):
        value = getattr(value, part)
    return value


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def offset_cursor(offset: int) -> str:
    """An opaque cursor for lists ranked by score, where keyset pagination does not apply."""
    return _encode(["offset", offset])


def offset_from_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    values = _decode(cursor, 2)
    if values[0] != "offset" or not isinstance(values[1], int) or values[1] < 0:
        raise Invalid("The cursor does not fit this list.", [FieldError("cursor", "Wrong list.")])
    return values[1]
