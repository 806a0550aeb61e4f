"""The full-text index: one row per searchable post or comment, kept in step by the services.

The text lives here, with its terms (`search.analysis`: stemmed in the text's language, Chinese
and Japanese in character pairs); the engine-specific index over the terms (an FTS5 table on
SQLite, a tsvector column with a GIN index on PostgreSQL) is created by this app's migrations
and read by `search.selectors`.
"""

from __future__ import annotations

from django.db import models


class SearchDocument(models.Model):
    """The searchable text of one post or comment, with what visibility filters need."""

    class Kind(models.TextChoices):
        POST = "post"
        COMMENT = "comment"

    key = models.CharField(max_length=40, unique=True)  # "post:12" or "comment:34"
    kind = models.CharField(max_length=8, choices=Kind.choices)
    post_id = models.BigIntegerField()
    comment_id = models.BigIntegerField(null=True, blank=True)
    community_id = models.BigIntegerField(null=True, blank=True)
    author_id = models.BigIntegerField()
    post_kind = models.CharField(max_length=12)
    title = models.TextField(blank=True)
    body = models.TextField(blank=True)
    # Detected when indexed (`core.languages.detect`); "" when too short to tell.
    language = models.CharField(max_length=8, blank=True, default="")
    # What the engines index: the text as terms (`search.analysis`), title weighted above body.
    title_terms = models.TextField(blank=True, default="")
    body_terms = models.TextField(blank=True, default="")
    published_at = models.DateTimeField()
    answered = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["post_id"])]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"
