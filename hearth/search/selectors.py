"""One search for posts (with their comments), people and communities, for a viewer.

Posts use the database's full-text engine (FTS5 on SQLite, tsvector + GIN on PostgreSQL);
the visibility filter is applied inside the same SQL, so nothing the viewer may not read is
ever returned, counted or suggested, and `post_list_for` re-checks every post it loads.
"""

from __future__ import annotations

import datetime
import html
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from hearth.communities.selectors import community_list_for, readable_community_ids
from hearth.conversations.models import Post
from hearth.conversations.selectors import post_list_for, posts_decorate
from hearth.core.access import is_signed_in
from hearth.core.languages import filler_words
from hearth.core.pagination import check_limit, offset_cursor, offset_from_cursor
from hearth.core.types import Viewer
from hearth.people.models import Person, Tag
from hearth.people.selectors import person_list_for

from .analysis import WORD, QueryWord, analyse, fts5_query, marks, query_words, tsquery, word_term
from .models import SearchDocument

TYPES = ("post", "person", "community")
MAX_WORDS = 8
SNIPPET_CHARS = 160
_START, _STOP = "\x02", "\x03"


@dataclass
class Hit:
    type: str
    score: float
    object: Any
    snippet: SafeString = field(default_factory=lambda: mark_safe(""))
    comment_id: int | None = None


@dataclass
class PostFilters:
    kind: str = ""
    community_id: int | None = None
    author_id: int | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    answered: bool | None = None


def words_of(q: str) -> list[str]:
    found: list[str] = WORD.findall((q or "").lower())
    return found[:MAX_WORDS]


def _snippet(raw: str | None) -> SafeString:
    text = html.escape(raw or "")
    return mark_safe(text.replace(_START, "<mark>").replace(_STOP, "</mark>"))  # noqa: S308


def search_posts(
    viewer: Viewer,
    q: str,
    *,
    filters: PostFilters | None = None,
    kind: str = "",
    limit: int | None = None,
    offset: int = 0,
    any_word: bool = False,
) -> tuple[list[Hit], bool]:
    """Posts matching `q` that `viewer` may read, best first; returns (hits, has_more)."""
    words = query_words(words_of(q))
    if not words or not is_signed_in(viewer):
        return [], False
    filters = filters or PostFilters()
    if kind:
        filters.kind = kind
    limit = check_limit(limit)
    readable_sql, readable_params = readable_community_ids(viewer).query.sql_with_params()
    where = [
        "d.published_at <= %s",
        f"(d.community_id IS NULL OR d.community_id IN ({readable_sql}))",
    ]
    params: list[Any] = [timezone.now(), *readable_params]
    if filters.kind:
        where.append("d.post_kind = %s")
        params.append(filters.kind)
    if filters.community_id is not None:
        where.append("d.community_id = %s")
        params.append(filters.community_id)
    if filters.author_id is not None:
        where.append("d.author_id = %s")
        params.append(filters.author_id)
    if filters.start is not None:
        where.append("d.published_at >= %s")
        params.append(_day_start(filters.start))
    if filters.end is not None:
        where.append("d.published_at < %s")
        params.append(_day_start(filters.end + datetime.timedelta(days=1)))
    if filters.answered is not None:
        where.append("d.post_kind = 'question' AND d.answered = %s")
        params.append(filters.answered)
    if connection.vendor == "postgresql":
        rows = _postgres(words, any_word, where, params, limit + 1, offset)
    else:
        rows = _sqlite(words, any_word, where, params, limit + 1, offset)
    has_more = len(rows) > limit
    rows = rows[:limit]

    posts = {p.pk: p for p in post_list_for(viewer).filter(pk__in=[r[0] for r in rows])}
    posts_decorate(viewer, list(posts.values()), first_comments=False)
    snippets = _snippets(rows, words)
    hits = [
        Hit("post", round(float(score), 4), posts[post_id], snippets[doc], comment)
        for post_id, comment, score, doc in rows
        if post_id in posts and doc in snippets
    ]
    return hits, has_more


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)


def _window(newest_first_by: str) -> tuple[str, list[int]]:
    """The SQL (and its parameter) that keeps the newest HEARTH_SEARCH_WINDOW matches, if any."""
    if settings.HEARTH_SEARCH_WINDOW <= 0:
        return "", []
    return f"ORDER BY {newest_first_by} DESC LIMIT %s", [settings.HEARTH_SEARCH_WINDOW]


def _sqlite(words: Any, any_word: Any, where: Any, params: Any, limit: int, offset: int) -> Any:
    match = fts5_query(words, any_word)
    # The FTS functions must run in a query over the FTS table itself, so the ranked matches
    # are materialised before the best document of each post is picked (SQLite takes the other
    # columns from the row with the MIN). A common word matches tens of thousands of
    # documents: the newest readable ones are ranked (FTS5 walks its rowids backwards and stops
    # at the window).
    window, window_params = _window("search_fts.rowid")
    sql = f"""
        WITH matches AS MATERIALIZED (
            SELECT d.post_id, d.comment_id, d.id AS doc, bm25(search_fts, 4.0, 1.0) AS score
            FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid
            WHERE search_fts MATCH %s AND {" AND ".join(where)}
            {window}
        )
        SELECT post_id, comment_id, -MIN(score), doc FROM matches
        GROUP BY post_id ORDER BY MIN(score) ASC, post_id DESC LIMIT %s OFFSET %s
    """  # noqa: S608 - only fixed SQL fragments are interpolated; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, *params, *window_params, limit, offset])
        return cursor.fetchall()


def _postgres(words: Any, any_word: Any, where: Any, params: Any, limit: int, offset: int) -> Any:
    query = tsquery(words, any_word)
    # As on SQLite: the newest readable matches are ranked (the window). The matches come from
    # the GIN index first (materialised), whatever the planner would guess of walking the
    # primary key backwards for a word it thinks common.
    window, window_params = _window("id")
    sql = f"""
        WITH hits AS MATERIALIZED (
            SELECT d.id FROM search_searchdocument d
            WHERE d.vector @@ to_tsquery('simple', %s) AND {" AND ".join(where)}
        ), ranked AS (SELECT id FROM hits {window})
        SELECT s.post_id, s.comment_id, s.score, s.id
        FROM (
            SELECT DISTINCT ON (m.post_id) m.id, m.post_id, m.comment_id,
                   ts_rank_cd(m.vector, to_tsquery('simple', %s)) AS score
            FROM search_searchdocument m WHERE m.id IN (SELECT id FROM ranked)
            ORDER BY m.post_id, score DESC
        ) s
        ORDER BY s.score DESC, s.post_id DESC LIMIT %s OFFSET %s
    """  # noqa: S608 - only fixed SQL fragments are interpolated; values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [query, *params, *window_params, query, limit, offset])
        return cursor.fetchall()


def _snippets(rows: list[Any], words: list[QueryWord]) -> dict[int, SafeString]:
    """The page's snippets (document id: text around the first match, matches marked)."""
    documents = SearchDocument.objects.filter(pk__in=[row[3] for row in rows])
    found = {}
    for pk, body, language in documents.values_list("pk", "body", "language"):
        spans = marks(body, language, words)
        found[pk] = _snippet(_excerpt(body, spans))
    return found


def _excerpt(body: str, spans: list[tuple[int, int]]) -> str:
    """About SNIPPET_CHARS of `body` around its first match, the matches marked."""
    start = max(0, spans[0][0] - SNIPPET_CHARS // 3) if spans else 0
    if start:
        space = body.find(" ", start, spans[0][0])
        start = space + 1 if space >= 0 else start
    end = min(len(body), start + SNIPPET_CHARS)
    if end < len(body):
        space = body.rfind(" ", start, end)
        end = space if space > start else end
    out, at = [], start
    for left, right in spans:
        if left < at or right > end:
            continue
        out += [body[at:left], _START, body[left:right], _STOP]
        at = right
    out.append(body[at:end])
    return ("…" if start else "") + "".join(out) + ("…" if end < len(body) else "")


def search_people(
    viewer: Viewer, q: str, *, limit: int = 20, offset: int = 0
) -> tuple[list[Hit], bool]:
    """People whose name, title or skills match every word of `q`."""
    words = words_of(q)
    if not words or not is_signed_in(viewer):
        return [], False

    people = person_list_for(viewer, with_tags=True)
    for word in words:
        # People with a matching skill, as a list of ids: no join, so no DISTINCT over
        # every person's skills (30,000 people, 150,000 skills).
        skilled = Person.skills.through.objects.filter(
            tag__in=Tag.objects.filter(name__icontains=word).values("id")
        ).values("person_id")
        people = people.filter(
            Q(display_name__icontains=word)
            | Q(username__icontains=word)
            | Q(title__icontains=word)
            | Q(pk__in=skilled)
        )
    people = people.order_by("display_name", "id")
    rows = list(people[offset : offset + limit + 1])
    first = words[0]
    hits = [
        Hit("person", 2.0 if p.name.lower().startswith(first) else 1.0, p) for p in rows[:limit]
    ]
    return hits, len(rows) > limit


def search_communities(
    viewer: Viewer, q: str, *, limit: int = 20, offset: int = 0
) -> tuple[list[Hit], bool]:
    """Communities the viewer may know of, whose name or purpose matches `q`."""
    words = words_of(q)
    if not words or not is_signed_in(viewer):
        return [], False
    rows = list(community_list_for(viewer, q=" ".join(words))[offset : offset + limit + 1])
    first = words[0]
    hits = [
        Hit("community", 2.0 if c.name.lower().startswith(first) else 1.0, c) for c in rows[:limit]
    ]
    return hits, len(rows) > limit


def search_for(
    viewer: Viewer,
    q: str,
    *,
    type: str = "",
    filters: PostFilters | None = None,
    limit: int | None = None,
    cursor: str | None = None,
) -> tuple[list[Hit], str | None]:
    """One page of results of one type, or (no type) the best people and communities then posts."""
    limit = check_limit(limit)
    offset = offset_from_cursor(cursor)
    if type == "person":
        hits, more = search_people(viewer, q, limit=limit, offset=offset)
    elif type == "community":
        hits, more = search_communities(viewer, q, limit=limit, offset=offset)
    elif type == "post":
        hits, more = search_posts(viewer, q, filters=filters, limit=limit, offset=offset)
    else:
        # Mixed: the first page leads with a few people and communities; later pages are posts.
        lead: list[Hit] = []
        if offset == 0 and not _has_post_filters(filters):
            lead = search_people(viewer, q, limit=3)[0] + search_communities(viewer, q, limit=3)[0]
            lead = lead[: max(0, limit - 1)]
        posts, more = search_posts(
            viewer, q, filters=filters, limit=max(1, limit - len(lead)), offset=offset
        )
        hits = lead + posts
        step = len(posts)
        return hits, offset_cursor(offset + step) if more else None
    return hits, offset_cursor(offset + limit) if more else None


def _has_post_filters(filters: PostFilters | None) -> bool:
    if filters is None:
        return False
    return any(
        value not in (None, "")
        for value in (
            filters.kind,
            filters.community_id,
            filters.author_id,
            filters.start,
            filters.end,
            filters.answered,
        )
    )


def document_count() -> int:
    return SearchDocument.objects.count()


def similar_questions(viewer: Viewer, title: str, *, limit: int = 5) -> list[Post]:
    """Earlier questions like this title, so people find existing answers before asking."""
    if len(title.strip()) < 4:
        return []
    hits, _ = search_posts(viewer, title, kind=Post.Kind.QUESTION, limit=limit, any_word=True)
    return [hit.object for hit in hits]


# (post id, comment id or None, author id, post kind, score): one document like a text.
Like = tuple[int, int | None, int, str, float]
LIKE_TERMS = 16


def like_terms(title: str, body: str) -> list[str]:
    """The distinct index terms of a text, analysed in its own language (stemmed, folded), its
    filler words left out, title first: what `documents_like` looks for."""
    language, title_terms, body_terms = analyse(title, body)
    fillers = {word_term(word, language) for word in filler_words(language or "en")}
    found = [t for t in f"{title_terms} {body_terms}".split() if t not in fillers and len(t) > 2]
    return list(dict.fromkeys(found))[:LIKE_TERMS]


def documents_like(title: str, body: str, *, before: Any, limit: int = 300) -> list[Like]:
    """The posts and comments of any place most like this text (BM25 on SQLite, cover density
    on PostgreSQL, among the newest matches), written before `before`, best first.

    For ranking people by what they wrote (expert routing): it reads every place, so its
    callers show people and counts, never a document, its text or where it is."""
    found = like_terms(title, body)
    if not found:
        return []
    window, window_params = _window("d.id")
    if connection.vendor == "postgresql":
        query = " | ".join(found)
        sql = f"""
            WITH hits AS MATERIALIZED (
                SELECT d.id FROM search_searchdocument d
                WHERE d.vector @@ to_tsquery('simple', %s) AND d.published_at < %s {window}
            )
            SELECT m.post_id, m.comment_id, m.author_id, m.post_kind,
                   ts_rank_cd(m.vector, to_tsquery('simple', %s)) AS score
            FROM search_searchdocument m WHERE m.id IN (SELECT id FROM hits)
            ORDER BY score DESC, m.id DESC LIMIT %s
        """  # noqa: S608 - only fixed SQL fragments are interpolated; values are parameters
        params = [query, before, *window_params, query, limit]
    else:
        match = " OR ".join(f'"{term}"' for term in found)
        window, window_params = _window("search_fts.rowid")
        sql = f"""
            WITH matches AS MATERIALIZED (
                SELECT d.post_id, d.comment_id, d.author_id, d.post_kind,
                       -bm25(search_fts, 4.0, 1.0) AS score
                FROM search_fts JOIN search_searchdocument d ON d.id = search_fts.rowid
                WHERE search_fts MATCH %s AND d.published_at < %s {window}
            )
            SELECT * FROM matches ORDER BY score DESC LIMIT %s
        """  # noqa: S608 - only fixed SQL fragments are interpolated; values are parameters
        params = [match, before, *window_params, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(p, c, a, k, float(s)) for p, c, a, k, s in cursor.fetchall()]
