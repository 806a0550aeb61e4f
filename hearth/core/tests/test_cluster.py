"""Several nodes, as a company that outgrew one machine runs Hearth: two app processes and two
background workers on one database (this pass's kind; PostgreSQL in the PostgreSQL pass) and
one Redis (cache, task queue, live signals).

Writes go through both app processes; one worker is killed with SIGKILL midway. Every
notification is written exactly once, every live signal is published exactly once (a worker
killed between its commit and its publish leaves the signal to the hubs' sweep), and a person
whose page is open on process A sees, live, what was written through process B.
"""

from __future__ import annotations

import datetime
import json
import queue
import signal
import socket
import sqlite3
import subprocess
import threading
import time
import urllib.request

import pytest

from hearth.core.tests.nodes import (
    HEARTH,
    Signals,
    fresh_database,
    node_env,
    prepare_database,
    redis_server,
    serve,
    stop,
    wait_for,
)
from hearth.live.tests.test_nodes import expect, listen

__all__ = ["redis_server"]

pytestmark = pytest.mark.xdist_group("nodes")

POSTS = 40


def _scalar(url: str, tmp_path, sql: str) -> int:
    if url.startswith("sqlite"):
        with sqlite3.connect(tmp_path / "cluster.sqlite3", timeout=30) as connection:
            return connection.execute(sql).fetchone()[0]
    import psycopg

    with psycopg.connect(url) as connection:
        return connection.execute(sql).fetchone()[0]


def _orphan_signal(url: str, tmp_path, channel: str) -> int:
    """A signal row as a writer leaves it when it dies between its commit and its publish."""
    now = datetime.datetime.now(datetime.UTC)
    insert = "INSERT INTO live_livesignal (channel, created_at) VALUES ({0}, {0}) RETURNING id"
    if url.startswith("sqlite"):
        with sqlite3.connect(tmp_path / "cluster.sqlite3", timeout=30) as connection:
            value = now.replace(tzinfo=None).isoformat(sep=" ")
            return connection.execute(insert.format("?"), (channel, value)).fetchone()[0]
    import psycopg

    with psycopg.connect(url) as connection:
        return connection.execute(insert.format("%s"), (channel, now)).fetchone()[0]


def _drain(events: queue.Queue) -> None:
    while not events.empty():
        events.get_nowait()


def _post(base: str, token: str, body: str) -> int:
    request = urllib.request.Request(  # noqa: S310 - our own node on 127.0.0.1
        f"{base}/api/v1/posts",
        data=json.dumps({"kind": "update", "body": body}).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
        return response.status


def _send(base: str, token: str, path: str, body: dict) -> int:
    request = urllib.request.Request(  # noqa: S310 - our own node on 127.0.0.1
        f"{base}{path}",
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status


def _get_json(base: str, path: str, token: str) -> bytes:
    request = urllib.request.Request(  # noqa: S310
        f"{base}{path}", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
        return response.read()


def test_two_app_processes_and_two_workers_deliver_everything_once_through_a_killed_worker(
    tmp_path, redis_server
):
    url, drop = fresh_database(tmp_path, "cluster")
    env = node_env(tmp_path, url, REDIS_URL=redis_server)
    processes: list[subprocess.Popen] = []
    signals = None
    try:
        secrets = prepare_database(env, writers=4)
        node_a, base_a = serve(env, tmp_path / "a.log", "--workers", "1", "--no-worker")
        node_b, base_b = serve(env, tmp_path / "b.log", "--workers", "1", "--no-worker")
        workers = [
            subprocess.Popen(
                [HEARTH, "worker"],
                env=env,
                stdout=(tmp_path / f"w{n}.log").open("w"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            for n in range(2)
        ]
        processes += [node_a, node_b, *workers]
        signals = Signals(redis_server, f"hearth:*:live:user:{secrets['reader']}")
        channel = f"user:{secrets['reader']}"
        rows = f"SELECT COUNT(*) FROM live_livesignal WHERE channel = '{channel}'"  # noqa: S608
        earlier = _scalar(url, tmp_path, rows)
        events: queue.Queue = queue.Queue()
        stream = listen(base_a, secrets["session"], events)  # Ana's page, open on process A

        mentions = "SELECT COUNT(*) FROM notifications_notification WHERE verb = 'mention'"
        for number in range(POSTS):
            base = base_b if number % 2 else base_a  # through both app processes
            token = secrets["tokens"][number % len(secrets["tokens"])]
            assert _post(base, token, f"Update {number} for @ana, with numbers") == 201
            if number == POSTS // 2:  # midway, whichever worker is working dies
                assert wait_for(lambda: _scalar(url, tmp_path, mentions) > 0, 60)
                workers[0].send_signal(signal.SIGKILL)
                workers[0].wait(timeout=10)
        # The survivor (and its periodic catch-up) delivers the rest.
        assert wait_for(lambda: _scalar(url, tmp_path, mentions) >= POSTS, 120), _scalar(
            url, tmp_path, mentions
        )
        time.sleep(2)  # anything late or doubled would show now
        assert _scalar(url, tmp_path, mentions) == POSTS
        doubled = (
            "SELECT COUNT(*) FROM (SELECT recipient_id, event_id FROM notifications_notification"
            " GROUP BY recipient_id, event_id HAVING COUNT(*) > 1) AS doubled"
        )
        assert _scalar(url, tmp_path, doubled) == 0
        # One live signal per notification for Ana, however the work was split or redone:
        # Redis carries each exactly once, whether its writer published it or, for the one
        # event a killed worker committed but never published, the hub's sweep did.
        assert _scalar(url, tmp_path, rows) == earlier + POSTS
        assert wait_for(lambda: signals.count >= POSTS, 20), signals.ids
        time.sleep(3)  # a sweep or two more: nothing is published again
        assert signals.count == POSTS == len(set(signals.ids)), signals.ids
        # Process A's open page heard what process B wrote, and its bell shows every mention.
        expect(events, {"notification"})
        bell = urllib.request.Request(  # noqa: S310
            f"{base_a}/notifications/count/", headers={"Cookie": f"sessionid={secrets['session']}"}
        )
        html = urllib.request.urlopen(bell, timeout=10).read().decode()  # noqa: S310
        assert f'class="bell-count">{POSTS}<' in html
        # A signal whose writer committed it and died before publishing it (as the killed
        # worker may have): the hubs of both processes, each with Ana's page open, sweep it.
        # Redis carries it once and both pages hear it.
        events_b: queue.Queue = queue.Queue()
        stream_b = listen(base_b, secrets["session"], events_b)
        time.sleep(1)
        _drain(events)
        _drain(events_b)
        orphan = _orphan_signal(url, tmp_path, channel)
        expect(events, {"notification"}, 15)
        expect(events_b, {"notification"}, 15)
        time.sleep(3)  # a sweep or two more on each process
        assert signals.ids.count(orphan) == 1, signals.ids
        assert signals.count == POSTS + 1
        stream_b.shutdown(socket.SHUT_RDWR)
        stream.shutdown(socket.SHUT_RDWR)
        # Counters stay right under concurrent writes through both processes: the writers
        # reply to, and react to, one post all at once.
        target = _scalar(url, tmp_path, "SELECT MIN(id) FROM conversations_post")
        writes = []
        for number in range(24):
            base = base_b if number % 2 else base_a
            token = secrets["tokens"][number % len(secrets["tokens"])]
            writes.append(
                (
                    base,
                    token,
                    f"/api/v1/posts/{target}/comments",
                    {"body": f"Reply {number}, all at once"},
                )
            )
        for number, kind in enumerate(("like", "celebrate", "thanks", "like")):
            writes.append(
                (
                    base_a if number % 2 else base_b,
                    secrets["tokens"][number],
                    f"/api/v1/posts/{target}/reactions",
                    {"kind": kind},
                )
            )
        statuses: list[int] = []
        threads = [threading.Thread(target=lambda w=w: statuses.append(_send(*w))) for w in writes]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(set(statuses)) in ([200, 201], [201])
        comments = (
            "SELECT COUNT(*) FROM conversations_comment"
            " WHERE post_id = (SELECT MIN(id) FROM conversations_post)"
        )
        counted = "SELECT comment_count FROM conversations_post ORDER BY id LIMIT 1"
        assert _scalar(url, tmp_path, comments) == 24 == _scalar(url, tmp_path, counted)
        post = json.loads(_get_json(base_a, f"/api/v1/posts/{target}", secrets["tokens"][0]))
        assert post["comment_count"] == 24
        assert post["reactions"] == {"like": 2, "celebrate": 1, "thanks": 1}
    finally:
        if signals is not None:
            signals.close()
        stop(*processes)
        drop()
