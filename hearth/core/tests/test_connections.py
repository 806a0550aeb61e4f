"""Database connections under the ASGI server, as production runs it: a burst of signed-in
requests all answer, and on PostgreSQL the process holds no more connections than its pool
(each ASGI request runs in a thread of its own, so persistent connections would pile up)."""

from __future__ import annotations

import subprocess
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from hearth.core.tests.nodes import fresh_database, node_env, prepare_database, serve, stop

pytestmark = pytest.mark.xdist_group("nodes")

POOL = 4


def _connections(url: str) -> int:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres") as connection:
        return connection.execute(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = %s", (name,)
        ).fetchone()[0]


def test_a_burst_of_requests_on_asgi_stays_within_the_connection_pool(tmp_path):
    url, drop = fresh_database(tmp_path, "pool")
    env = node_env(tmp_path, url, HEARTH_DB_POOL_SIZE=str(POOL))
    processes: list[subprocess.Popen] = []
    try:
        secrets = prepare_database(env)
        node, base = serve(env, tmp_path / "node.log", "--workers", "1", "--no-worker")
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
    finally:
        stop(*processes)
        drop()
