"""Read replicas: read-only queries of web requests go to a replica, with one lag policy.

`DATABASE_REPLICA_URLS` (comma-separated) names PostgreSQL replicas of `DATABASE_URL` kept by
the database's own streaming replication; each becomes a database alias `replica1`, `replica2`...

The lag policy, in one place:
- Reads of a safe request (GET, HEAD, OPTIONS) go to one replica, picked at random per request.
- Writes always go to the primary, and once a request has written, the rest of it reads from the
  primary too (a write and the reads after it see the same data).
- A person reads their own writes: after a request that wrote, that browser (a cookie) or that
  API token (a cache entry, shared by every app process through Redis) reads from the primary for
  `HEARTH_REPLICA_PIN_SECONDS` (default 10). Replicas must stay less far behind than that; their
  lag shows on /readyz and /metrics.
- Unsafe requests (POST, PUT, PATCH, DELETE) read from the primary from the start, so checks
  before a write never see stale data.
- Outside web requests (the background worker, commands) everything uses the primary.
- The cache table (without Redis) is always read from the primary.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db.models import Model
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from .types import GetResponse

PRIMARY = "default"
PIN_COOKIE = "hearth_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Read from the primary whatever the request: the cache table, and what says who someone is
# (a session or a token ended a moment ago must not still work on a replica that lags).
PRIMARY_ONLY = frozenset({"django_cache", "sessions.session", "people.accesstoken"})

# Per request: {"replica": alias, "pinned": bool, "wrote": bool}; None outside web requests.
_request: ContextVar[dict[str, Any] | None] = ContextVar("hearth_replica_request", default=None)


def replica_aliases() -> list[str]:
    return sorted(alias for alias in settings.DATABASES if alias.startswith("replica"))


class ReplicaRouter:
    """Send a request's reads to its replica unless the lag policy pins it to the primary."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        state = _request.get()
        if state is None or state["pinned"] or _primary_only(model):
            return PRIMARY
        return str(state["replica"])

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        state = _request.get()
        if state is not None and not state.get("housekeeping"):
            state["pinned"] = state["wrote"] = True
        return PRIMARY  # never the alias an instance was read from

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return True  # the replicas hold the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY


def _primary_only(model: type[Model]) -> bool:
    meta = model._meta
    return meta.app_label in PRIMARY_ONLY or meta.label_lower in PRIMARY_ONLY


@contextmanager
def housekeeping() -> Iterator[None]:
    """Writes that change nothing the person will read back (a token's last use, a unique
    reader counted) go to the primary without pinning the person's next reads to it."""
    state = _request.get()
    if state is None:
        yield
        return
    before = state.get("housekeeping", False)
    state["housekeeping"] = True
    try:
        yield
    finally:
        state["housekeeping"] = before


def _token_key(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    if not header:
        return None
    return "hearth:pin:" + hashlib.sha256(header.encode()).hexdigest()[:32]


class ReplicaMiddleware:
    """Apply the lag policy to each request (installed only when replicas are configured)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response
        self.aliases = replica_aliases()

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        from django.core.cache import cache

        token_key = _token_key(request)
        pinned = (
            request.method not in SAFE_METHODS
            or PIN_COOKIE in request.COOKIES
            or (token_key is not None and cache.get(token_key) is not None)
        )
        state = {"replica": random.choice(self.aliases), "pinned": pinned, "wrote": False}  # noqa: S311
        reset = _request.set(state)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(reset)
        if state["wrote"]:
            seconds = settings.HEARTH_REPLICA_PIN_SECONDS
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
            if token_key is not None:
                cache.set(token_key, 1, seconds)
        return response
