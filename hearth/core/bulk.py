"""Bulk writes that stay fast at 30,000 rows on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models


def update_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Set `fields` per row, each row being (pk, value, ...), with one prepared UPDATE.

    Django's bulk_update builds a CASE expression per row, which costs seconds per thousand
    rows; executemany of a single statement costs milliseconds. Values are prepared by their
    fields (dates, JSON...), as a save would.
    """
    quote = connection.ops.quote_name
    prepare = [model._meta.get_field(f).get_db_prep_save for f in fields]
    columns = ", ".join(f"{quote(model._meta.get_field(f).column)} = %s" for f in fields)
    # Only quoted names of the model's own table and columns go into the text; values are bound.
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {columns} "  # noqa: S608
        f"WHERE {quote(model._meta.pk.column)} = %s"
    )
    params = [
        (*(p(v, connection) for p, v in zip(prepare, values, strict=True)), pk)
        for pk, *values in rows
    ]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
    return len(params)
