"""Live updates across real processes: a page open on one app node hears what another node wrote.

Two `hearth serve` nodes (ASGI, as in production) and a `hearth worker` share one database (this
pass's kind: SQLite or PostgreSQL). Without Redis the signal table carries the wake-ups; with
`REDIS_URL` Redis pub/sub does.
"""

from __future__ import annotations

import http.client
import json
import queue
import socket
import subprocess
import threading
import urllib.request

import pytest

from hearth.core.tests.nodes import (
    HEARTH,
    fresh_database,
    node_env,
    prepare_database,
    redis_server,
    serve,
    stop,
)

__all__ = ["redis_server"]  # the fixture, for the Redis case

pytestmark = pytest.mark.xdist_group("nodes")


def listen(base: str, session: str, events: queue.Queue) -> socket.socket:
    """Open the reader's live stream on one node; event names go to `events`."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    connection.request("GET", "/live/stream/?feed=1", headers={"Cookie": f"sessionid={session}"})
    sock = connection.sock
    response = connection.getresponse()
    assert response.status == 200
    assert response.getheader("Content-Type") == "text/event-stream"

    def read() -> None:
        try:
            for line in response:
                text = line.decode().strip()
                if text.startswith("retry:"):
                    events.put("open")
                if text.startswith("event: "):
                    events.put(text.removeprefix("event: "))
        except (OSError, ValueError, AttributeError):  # the test closed the connection
            pass

    threading.Thread(target=read, daemon=True).start()
    assert events.get(timeout=10) == "open"
    return sock


def expect(events: queue.Queue, wanted: set[str], seconds: float = 30) -> None:
    seen: set[str] = set()
    while not wanted <= seen:
        seen.add(events.get(timeout=seconds))


@pytest.mark.parametrize("backend", ["database", "redis"])
def test_a_mention_written_on_one_node_reaches_a_page_open_on_another(tmp_path, backend, request):
    extra = {"REDIS_URL": request.getfixturevalue("redis_server")} if backend == "redis" else {}
    url, drop = fresh_database(tmp_path, "live")
    env = node_env(tmp_path, url, **extra)
    processes: list[subprocess.Popen] = []
    try:
        secrets = prepare_database(env)
        node_a, base_a = serve(env, tmp_path / "a.log", "--workers", "1", "--no-worker")
        node_b, base_b = serve(env, tmp_path / "b.log", "--workers", "1", "--no-worker")
        processes += [node_a, node_b]
        processes.append(
            subprocess.Popen(
                [HEARTH, "worker"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
        events: queue.Queue = queue.Queue()
        stream = listen(base_a, secrets["session"], events)
        post = urllib.request.Request(  # noqa: S310 - our own node on 127.0.0.1
            f"{base_b}/api/v1/posts",
            data=json.dumps({"kind": "update", "body": "Over to you, @ana"}).encode(),
            headers={
                "Authorization": f"Bearer {secrets['token']}",
                "Content-Type": "application/json",
            },
        )
        assert urllib.request.urlopen(post, timeout=10).status == 201  # noqa: S310
        # Node B wrote the post, the worker wrote the notification; node A's page hears both.
        expect(events, {"feed", "notification"})
        bell = urllib.request.Request(  # noqa: S310
            f"{base_a}/notifications/count/", headers={"Cookie": f"sessionid={secrets['session']}"}
        )
        html = urllib.request.urlopen(bell, timeout=10).read().decode()  # noqa: S310
        assert 'class="bell-count">1<' in html
        stream.shutdown(socket.SHUT_RDWR)  # the page is closed
    finally:
        stop(*processes)
        drop()
