"""Bulk writes that stay fast at 30,000 rows on SQLite and PostgreSQL alike, the planner's
statistics after them, and indexes added to large tables without stopping writes."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import connection, models
from django.db.migrations import AddIndex


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """A concrete field of the model (bulk writes know nothing of reverse relations)."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field), f"{model.__name__}.{name} is not a column"
    return field


def _pk_column(model: type[models.Model]) -> str:
    assert model._meta.pk is not None and model._meta.pk.column is not None
    return model._meta.pk.column


def update_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Set `fields` per row, each row being (pk, value, ...), with one prepared UPDATE.

    Django's bulk_update builds a CASE expression per row, which costs seconds per thousand
    rows; executemany of a single statement costs milliseconds. Values are prepared by their
    fields (dates, JSON...), as a save would.
    """
    quote = connection.ops.quote_name
    prepare = [_field(model, f).get_db_prep_save for f in fields]
    columns = ", ".join(f"{quote(_field(model, f).column or f)} = %s" for f in fields)
    # Only quoted names of the model's own table and columns go into the text; values are bound.
    sql = (
        f"UPDATE {quote(model._meta.db_table)} SET {columns} "  # noqa: S608
        f"WHERE {quote(_pk_column(model))} = %s"
    )
    params = [
        (*(p(v, connection) for p, v in zip(prepare, values, strict=True)), pk)
        for pk, *values in rows
    ]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
    return len(params)


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert plain tuples of `fields` with one prepared INSERT (executemany).

    For imports of hundreds of thousands of rows: no model instances and no per-batch SQL
    compilation, which cost ten times the database's own work. Dates and JSON are prepared by
    their fields, as a save would; other values must already be what the column holds. Rows
    that need their ids afterwards carry them (the `id` field, allocated with `next_ids`).
    """
    quote = connection.ops.quote_name
    columns = [_field(model, f) for f in fields]
    # Columns left out take their field's default, like a save.
    defaults = [
        f
        for f in model._meta.concrete_fields
        if f not in columns and not f.primary_key and f.has_default()
    ]
    constants = tuple(f.get_db_prep_save(f.get_default(), connection) for f in defaults)
    columns += defaults
    plain = (
        models.IntegerField,
        models.CharField,
        models.TextField,
        models.BooleanField,
        models.ForeignKey,
        models.AutoField,
    )
    prepare = [
        None
        if isinstance(f, plain) and not isinstance(f, models.JSONField)
        # Aware datetimes (as a service writes them) go straight to the backend's adapter.
        else connection.ops.adapt_datetimefield_value
        if type(f) is models.DateTimeField
        else connection.ops.adapt_datefield_value
        if type(f) is models.DateField
        else (lambda value, field=f: field.get_db_prep_save(value, connection))
        for f in columns
    ]
    names = ", ".join(quote(f.column or f.name) for f in columns)
    marks = ", ".join(["%s"] * len(columns))
    # Only quoted names of the model's own table and columns go into the text; values are bound.
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608
    prepare = prepare[: len(fields)]
    if not any(prepare):
        params = [(*row, *constants) for row in rows]
    else:
        params = [
            (*(v if p is None else p(v) for p, v in zip(prepare, row, strict=True)), *constants)
            for row in rows
        ]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
    return len(params)


def next_ids(model: type[models.Model]) -> Iterator[int]:
    """Ids for rows `insert_rows` writes, after the highest in use (one writer at a time: a
    bulk import in its own transaction). Call `reset_sequences` once the rows are in."""
    highest = model._default_manager.order_by("-pk").values_list("pk", flat=True).first() or 0
    table, column = model._meta.db_table, _pk_column(model)
    with connection.cursor() as cursor:  # ids once used and deleted are not reused either
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        else:
            cursor.execute(
                "SELECT last_value FROM pg_sequences "  # NULL until the first id is drawn
                "WHERE schemaname || '.' || sequencename = pg_get_serial_sequence(%s, %s)",
                [table, column],
            )
        used = cursor.fetchone()
    return itertools.count(max(highest, used[0] if used and used[0] else 0) + 1)


def reset_sequences(*models_: type[models.Model]) -> None:
    """Move PostgreSQL's id sequences past ids written explicitly (SQLite needs nothing)."""
    from django.core.management.color import no_style

    statements = connection.ops.sequence_reset_sql(no_style(), list(models_))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def analyze() -> None:
    """Fresh planner statistics after a bulk load (SQLite samples, PostgreSQL analyses): the
    planner otherwise keeps its picture of nearly empty tables and picks slow plans."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 1000")
        cursor.execute("ANALYZE")


class AddIndexOnline(AddIndexConcurrently):
    """A migration's index on a large table: built concurrently on PostgreSQL, so the table
    stays writable while a rolling upgrade migrates (the migration must be `atomic = False`);
    plainly elsewhere."""

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)
        else:
            AddIndex.database_forwards(self, app_label, schema_editor, from_state, to_state)

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        else:
            AddIndex.database_backwards(self, app_label, schema_editor, from_state, to_state)
