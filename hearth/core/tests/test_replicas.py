"""Read replicas and their lag policy (hearth/core/replicas.py).

The node test gives an app process a replica that never catches up (a copy of the database taken
before the writes), so where each read went shows in what it returns: a person reads their own
write at once, others read the replica, and the pin ends after HEARTH_REPLICA_PIN_SECONDS.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
import urllib.error
import urllib.request
import uuid

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from hearth.communities.models import Community
from hearth.core import replicas
from hearth.core.tests.nodes import fresh_database, node_env, prepare_database, serve, stop

# --- The router and the middleware, in process -------------------------------------------


def _through_middleware(method: str, *, writes: bool, cookies=None, headers=None):
    """Run one request through the middleware; report where its reads went, before and after
    a write, and the response."""
    seen = {}

    def view(request):
        router = replicas.ReplicaRouter()
        seen["first_read"] = router.db_for_read(Community)
        if writes:
            seen["write"] = router.db_for_write(Community)
            seen["read_after_write"] = router.db_for_read(Community)
        return HttpResponse("ok")

    middleware = replicas.ReplicaMiddleware(view)
    middleware.aliases = ["replica1"]
    request = getattr(RequestFactory(), method.lower())("/", headers=headers or {})
    request.COOKIES.update(cookies or {})
    return seen, middleware(request)


def test_safe_requests_read_from_a_replica_and_a_write_pins_the_rest_to_the_primary(db):
    seen, response = _through_middleware("GET", writes=False)
    assert seen["first_read"] == "replica1"
    assert replicas.PIN_COOKIE not in response.cookies  # nothing written, nothing pinned
    seen, response = _through_middleware("GET", writes=True)
    assert (seen["first_read"], seen["write"], seen["read_after_write"]) == (
        "replica1",
        "default",
        "default",
    )
    assert response.cookies[replicas.PIN_COOKIE]["max-age"] == 10


def test_unsafe_requests_and_pinned_clients_read_from_the_primary(db):
    assert _through_middleware("POST", writes=False)[0]["first_read"] == "default"
    pinned = {replicas.PIN_COOKIE: "1"}
    assert _through_middleware("GET", writes=False, cookies=pinned)[0]["first_read"] == "default"
    token = {"Authorization": "Bearer abc"}
    _through_middleware("POST", writes=True, headers=token)  # the token wrote...
    assert _through_middleware("GET", writes=False, headers=token)[0]["first_read"] == "default"
    other = {"Authorization": "Bearer xyz"}  # ...another token is not pinned
    assert _through_middleware("GET", writes=False, headers=other)[0]["first_read"] == "replica1"


def test_housekeeping_writes_do_not_pin_the_next_reads(db):
    def view(request):
        with replicas.housekeeping():
            replicas.ReplicaRouter().db_for_write(Community)
        return HttpResponse(replicas.ReplicaRouter().db_for_read(Community))

    middleware = replicas.ReplicaMiddleware(view)
    middleware.aliases = ["replica1"]
    response = middleware(RequestFactory().get("/"))
    assert response.content == b"replica1"
    assert replicas.PIN_COOKIE not in response.cookies


def test_outside_requests_and_for_the_cache_table_everything_uses_the_primary(db):
    router = replicas.ReplicaRouter()
    assert router.db_for_read(Community) == "default"  # a worker, a command
    assert router.allow_migrate("replica1", "communities") is False

    class CacheEntry:
        class _meta:  # noqa: N801 - the shape of a model's options
            app_label = "django_cache"

    seen = {}

    def view(request):
        seen["cache"] = router.db_for_read(CacheEntry)
        return HttpResponse("ok")

    middleware = replicas.ReplicaMiddleware(view)
    middleware.aliases = ["replica1"]
    middleware(RequestFactory().get("/"))
    assert seen["cache"] == "default"


# --- A real app process with a replica -----------------------------------------------------


def _clone(url: str, tmp_path) -> tuple[str, object]:
    """A copy of the database as it is now: a replica that never catches up."""
    if url.startswith("sqlite"):
        source, copy = tmp_path / "primary.sqlite3", tmp_path / "replica.sqlite3"
        with sqlite3.connect(source) as src, sqlite3.connect(copy) as dst:
            src.backup(dst)
        return f"sqlite:///{copy}", lambda: None
    import psycopg

    base, name = url.rsplit("/", 1)
    replica = f"{name}_replica_{uuid.uuid4().hex[:6]}"
    server = f"{base}/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{replica}" TEMPLATE "{name}"')

    def drop() -> None:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{replica}" WITH (FORCE)')

    return f"{base}/{replica}", drop


def _get(base: str, path: str, headers: dict) -> int:
    request = urllib.request.Request(f"{base}{path}", headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.xdist_group("nodes")
def test_a_person_reads_their_own_writes_while_others_read_the_replica(tmp_path):
    url, drop = fresh_database(tmp_path, "primary")
    drop_replica = lambda: None  # noqa: E731
    node = None
    try:
        secrets = prepare_database(node_env(tmp_path, url))
        replica_url, drop_replica = _clone(url, tmp_path)
        env = node_env(
            tmp_path, url, DATABASE_REPLICA_URLS=replica_url, HEARTH_REPLICA_PIN_SECONDS="4"
        )
        node, base = serve(env, tmp_path / "node.log", "--workers", "1", "--no-worker")
        writer = {"Authorization": f"Bearer {secrets['token']}"}
        reader = {"Cookie": f"sessionid={secrets['session']}"}
        request = urllib.request.Request(  # noqa: S310
            f"{base}/api/v1/posts",
            data=json.dumps({"kind": "update", "body": "Fresh from the primary"}).encode(),
            headers={**writer, "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
            assert response.status == 201
            post = json.loads(response.read())["id"]
            written = time.monotonic()
        assert _get(base, f"/api/v1/posts/{post}", writer) == 200  # the writer sees it at once
        assert _get(base, f"/api/v1/posts/{post}", reader) == 404  # others read the replica
        assert _get(base, "/readyz", {}) == 200
        time.sleep(max(0.0, 4.5 - (time.monotonic() - written)))
        # The pin is over: the writer reads the (frozen) replica again.
        assert _get(base, f"/api/v1/posts/{post}", writer) == 404
    finally:
        if node is not None:
            stop(node)
        drop_replica()
        drop()
        shutil.rmtree(tmp_path / "static", ignore_errors=True)
