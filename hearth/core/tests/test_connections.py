"""Database connections under `hearth serve`, as production runs it: a burst of signed-in
requests all answer; on PostgreSQL the process holds no more connections than its pool, and on
SQLite the pages' threads keep theirs (persistent) without piling up more (Django's ASGI handler
runs each request in a thread of its own: that is why pages go through a fixed pool of threads,
hearth/config/asgi.py)."""

from __future__ import annotations

import os
import subprocess
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from hearth.core.tests.nodes import fresh_database, node_env, prepare_database, serve, stop

pytestmark = pytest.mark.xdist_group("nodes")

POOL = 4
THREADS = 3


def _children(pid: int | str) -> list[str]:
    return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()


def _sqlite_handles(process: subprocess.Popen, database: str) -> int:
    """Open handles on the database file in the web workers (children of gunicorn's master)."""
    workers = _children(process.pid)
    workers += [pid for worker in workers for pid in _children(worker)]
    count = 0
    for pid in workers:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                count += os.readlink(f"/proc/{pid}/fd/{fd}") == database
            except OSError:
                continue
    return count


def _connections(url: str) -> int:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres") as connection:
        return connection.execute(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = %s", (name,)
        ).fetchone()[0]


def test_a_burst_of_requests_keeps_connections_within_the_pool_or_threads(tmp_path):
    url, drop = fresh_database(tmp_path, "pool")
    env = node_env(tmp_path, url, HEARTH_DB_POOL_SIZE=str(POOL))
    processes: list[subprocess.Popen] = []
    try:
        secrets = prepare_database(env)
        node, base = serve(
            env, tmp_path / "node.log", "--workers", "1", "--threads", str(THREADS), "--no-worker"
        )
        processes.append(node)
        peak = [0]
        done = threading.Event()

        def watch() -> None:  # the most connections the node held at once during the burst
            while not done.wait(0.05):
                peak[0] = max(peak[0], _connections(url))

        def ping(_: int) -> int:
            request = urllib.request.Request(  # noqa: S310 - our own node on 127.0.0.1
                f"{base}/ping", headers={"Cookie": f"sessionid={secrets['session']}"}
            )
            with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
                return response.status

        watcher = threading.Thread(target=watch, daemon=True)
        if url.startswith("postgresql"):
            watcher.start()
        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(ping, range(300)))
        done.set()
        assert statuses == [200] * 300
        if url.startswith("postgresql"):
            watcher.join()
            # The pool's connections, plus the watcher's own.
            assert 1 <= peak[0] - 1 <= POOL, peak[0]
            assert _connections(url) - 1 <= POOL
        else:  # each thread of the pool keeps its own connection, and no more are opened
            handles = _sqlite_handles(node, url.removeprefix("sqlite:///"))
            assert 1 <= handles <= THREADS + 1, handles
    finally:
        stop(*processes)
        drop()
