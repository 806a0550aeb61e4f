"""Helpers for tests that run Hearth as operators do: real processes on their own database."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

HEARTH = str(Path(sys.executable).parent / "hearth")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(predicate: Callable[[], object], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def fresh_database(tmp_path: Path, name: str = "node") -> tuple[str, Callable[[], None]]:
    """A new, empty database of the kind this pass runs on (PostgreSQL or SQLite) and its drop."""
    from django.conf import settings

    default = settings.DATABASES["default"]
    if default["ENGINE"] != "django.db.backends.postgresql":
        return f"sqlite:///{tmp_path / f'{name}.sqlite3'}", lambda: None
    import psycopg

    database = f"hearth_{name}_{uuid.uuid4().hex[:10]}"
    server = {
        "host": default["HOST"] or "127.0.0.1",
        "port": default["PORT"] or 5432,
        "user": default["USER"],
        "password": default["PASSWORD"],
        "dbname": "postgres",
    }
    with psycopg.connect(**server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{database}"')

    def drop() -> None:
        with psycopg.connect(**server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    user, password, host, port = server["user"], server["password"], server["host"], server["port"]
    return f"postgresql://{user}:{password}@{host}:{port}/{database}", drop


def node_env(tmp_path: Path, database_url: str, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "HEARTH_DATA_DIR": str(tmp_path),
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "hearth.config.settings.base",
        # Scripted writers act faster than people: lift the per-person rate limits.
        "HEARTH_RATE_POSTS": "100000/h",
        "HEARTH_RATE_COMMENTS": "100000/h",
        "HEARTH_RATE_MENTIONS": "100000/h",
        **extra,
    }
    for name in ("DJANGO_ALLOW_ASYNC_UNSAFE", "HEARTH_TEST_POSTGRES_URL", "REDIS_URL"):
        if name not in extra:
            env.pop(name, None)
    return env


def serve(env: dict[str, str], log: Path, *args: str) -> tuple[subprocess.Popen, str]:
    """Start `hearth serve` on a free port; return the process and its address once it answers."""
    port = free_port()
    process = subprocess.Popen(
        [HEARTH, "serve", "--port", str(port), *args],
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        try:
            return urllib.request.urlopen(f"{base}/healthz", timeout=2).status == 200  # noqa: S310
        except (OSError, urllib.error.HTTPError):
            return False

    assert wait_for(answers, 60), f"hearth serve did not answer: {log.read_text()[-2000:]}"
    return process, base


def stop(*processes: subprocess.Popen) -> None:
    import signal

    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM) if _leads_group(process) else process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def _leads_group(process: subprocess.Popen) -> bool:
    try:
        return os.getpgid(process.pid) == process.pid
    except ProcessLookupError:
        return False


@pytest.fixture
def redis_server(tmp_path):
    """A real Redis on a free loopback port (CI installs Debian's redis-server)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (CI installs it)")
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port)

    def pong() -> bool:
        try:
            return client.ping()
        except redis.ConnectionError:
            return False

    assert wait_for(pong, 20), "redis-server did not start"
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


# A script for `hearth shell -c`: a reader with a browser session and writers with API tokens;
# prints their secrets as JSON ({"session", "reader", "tokens", "token"}).
PEOPLE = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from hearth.people.services import token_create
from hearth.people.tests.factories import PersonFactory
reader = PersonFactory(username="ana", display_name="Ana Reader")
session = SessionStore()
session[SESSION_KEY] = str(reader.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = reader.get_session_auth_hash()
session.create()
tokens = []
for number in range(WRITERS):
    name = "maria" if number == 0 else f"writer{number}"
    writer = PersonFactory(username=name, display_name=name.title())
    tokens.append(token_create(actor=writer, person=writer, name="t")[1])
print(json.dumps({"session": session.session_key, "reader": reader.pk, "tokens": tokens,
                  "token": tokens[0]}))
"""


def prepare_database(env: dict[str, str], writers: int = 1) -> dict:
    """Migrate the node database and create the reader and writers; returns their secrets."""
    import json

    subprocess.run([HEARTH, "migrate"], env=env, check=True, capture_output=True, timeout=300)
    script = PEOPLE.replace("range(WRITERS)", f"range({writers})")
    setup = subprocess.run(
        [HEARTH, "shell", "-c", script], env=env, check=True, capture_output=True, text=True
    )
    return json.loads(setup.stdout.strip().splitlines()[-1])


class Signals:
    """The live signals Redis carries for a channel pattern: each publish's payload (the signal
    id), in order, as it happens."""

    def __init__(self, redis_url: str, pattern: str):
        import redis

        self.ids: list[int] = []
        self.pubsub = redis.Redis.from_url(redis_url).pubsub()
        self.pubsub.psubscribe(pattern)
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    @property
    def count(self) -> int:
        return len(self.ids)

    def _read(self) -> None:
        try:
            for message in self.pubsub.listen():
                if message["type"] == "pmessage":
                    self.ids.append(int(message["data"]))
        except (OSError, ValueError, AttributeError):  # closed at the end of the test
            pass

    def close(self) -> None:
        self.pubsub.close()
