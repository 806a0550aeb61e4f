"""The engine-specific full-text index over SearchDocument.

SQLite: an FTS5 table with the documents as external content, kept current by triggers.
PostgreSQL: a generated tsvector column (title weighted above body) with a GIN index.
The 'simple' configuration and unicode61 tokenizer index every language the same way.
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, content='search_searchdocument',"
    " content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN"
    " INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, title, body)"
    " VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchdocument BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, title, body)"
    " VALUES ('delete', old.id, old.title, old.body);"
    " INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_FORWARD = [
    # unaccent is a trusted extension (a database owner may create it); the wrapper is
    # immutable so a generated column may use it, and queries fold accents the same way.
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE OR REPLACE FUNCTION hearth_unaccent(text) RETURNS text"
    " LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT"
    " AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$",
    "ALTER TABLE search_searchdocument ADD COLUMN vector tsvector GENERATED ALWAYS AS ("
    " setweight(to_tsvector('simple', hearth_unaccent(coalesce(title, ''))), 'A') ||"
    " setweight(to_tsvector('simple', hearth_unaccent(coalesce(body, ''))), 'B')) STORED",
    "CREATE INDEX search_vector_gin ON search_searchdocument USING GIN (vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_vector_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
    "DROP FUNCTION IF EXISTS hearth_unaccent(text)",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        )
    ]
