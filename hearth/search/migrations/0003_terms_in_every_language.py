"""Search in every language: the index reads each document's terms (`search.analysis`) instead of
its raw text, so words are stemmed in the document's language and Chinese and Japanese are found
inside text. Existing documents are analysed here, in batches."""

import importlib

from django.db import migrations, models

BATCH = 2000

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]
SQLITE_CREATE = [
    # Terms are a-z, 0-9 and "zz"+hex only (search.analysis): nothing for the tokenizer to fold.
    "CREATE VIRTUAL TABLE search_fts USING fts5(title_terms, body_terms,"
    " content='search_searchdocument', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN"
    " INSERT INTO search_fts(rowid, title_terms, body_terms)"
    " VALUES (new.id, new.title_terms, new.body_terms); END",
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms)"
    " VALUES ('delete', old.id, old.title_terms, old.body_terms); END",
    "CREATE TRIGGER search_fts_update AFTER UPDATE OF title_terms, body_terms"
    " ON search_searchdocument BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, title_terms, body_terms)"
    " VALUES ('delete', old.id, old.title_terms, old.body_terms);"
    " INSERT INTO search_fts(rowid, title_terms, body_terms)"
    " VALUES (new.id, new.title_terms, new.body_terms); END",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_vector_gin",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS vector",
]
POSTGRES_CREATE = [
    "ALTER TABLE search_searchdocument ADD COLUMN vector tsvector GENERATED ALWAYS AS ("
    " setweight(to_tsvector('simple', title_terms), 'A') ||"
    " setweight(to_tsvector('simple', body_terms), 'B')) STORED",
    "CREATE INDEX search_vector_gin ON search_searchdocument USING GIN (vector)",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def _earlier_index():
    """0002's index over the raw text, for migrating backwards."""
    earlier = importlib.import_module("hearth.search.migrations.0002_full_text_index")
    rebuild = "INSERT INTO search_fts(search_fts) VALUES ('rebuild')"
    return {
        "sqlite": [*earlier.SQLITE_FORWARD, rebuild],
        "postgresql": earlier.POSTGRES_FORWARD[-2:],
    }


def analyse_all(apps, schema_editor):
    from hearth.search.analysis import analyse

    documents = apps.get_model("search", "SearchDocument")
    last = 0
    while True:
        batch = list(documents.objects.filter(id__gt=last).order_by("id")[:BATCH])
        if not batch:
            return
        for document in batch:
            document.language, document.title_terms, document.body_terms = analyse(
                document.title, document.body
            )
        documents.objects.bulk_update(batch, ["language", "title_terms", "body_terms"])
        last = batch[-1].id


class Migration(migrations.Migration):
    dependencies = [("search", "0002_full_text_index")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}), _run(_earlier_index())
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="language",
            field=models.CharField(blank=True, default="", max_length=8),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="title_terms",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.AddField(
            model_name="searchdocument",
            name="body_terms",
            field=models.TextField(blank=True, default=""),
        ),
        migrations.RunPython(analyse_all, migrations.RunPython.noop),
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
