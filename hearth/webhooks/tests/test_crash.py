"""The real worker, killed with SIGKILL while it sends, loses no delivery and never makes two of
one: after a restart every event reaches the receiver, each under one webhook-id (a request in
flight when the worker died, one per worker thread, is sent again under the same id, which a
receiver recognises)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from standardwebhooks.webhooks import Webhook

from hearth.core.tests.nodes import HEARTH, wait_for

from .receiver import Receiver

pytestmark = pytest.mark.xdist_group("crash")

POSTS = 60
WRITER = f"""
import sys
from hearth.people.tests.factories import PersonFactory
from hearth.conversations.tests.factories import make_post
from hearth.webhooks.services import subscription_create
admin = PersonFactory(username="root", is_staff=True)
author = PersonFactory(username="author", display_name="Author")
hook = subscription_create(actor=admin, url=sys.argv[-1], kinds=["post.created"])
print(hook.secret)
for i in range({POSTS}):
    make_post(author, None, body=f"Post number {{i}} for the bridge")
"""


def _count(db: Path, sql: str) -> int:
    with sqlite3.connect(db, timeout=30) as connection:
        return connection.execute(sql).fetchone()[0]


def test_a_killed_worker_loses_no_delivery_and_makes_none_twice(tmp_path):
    db = tmp_path / "hearth.sqlite3"
    env = {
        **os.environ,
        "HEARTH_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SETTINGS_MODULE": "hearth.config.settings.base",
        "HEARTH_WEBHOOK_ALLOWED_HOSTS": "127.0.0.1",
        "HEARTH_WEBHOOK_LEASE_SECONDS": "2",
        "HEARTH_RATE_POSTS": "100000/h",
    }
    env.pop("HEARTH_TEST_POSTGRES_URL", None)

    def run(*args: str) -> str:
        done = subprocess.run([HEARTH, *args], env=env, check=True, capture_output=True, text=True)
        return done.stdout

    with Receiver(delay=0.1) as receiver:
        run("migrate")
        writer = tmp_path / "writer.py"
        writer.write_text(WRITER)
        secret = (
            run(
                "shell",
                "-c",
                f"import sys; sys.argv.append({receiver.url!r}); "
                f"exec(open({str(writer)!r}).read())",
            )
            .strip()
            .splitlines()[-1]
        )
        worker = subprocess.Popen(
            [HEARTH, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            assert wait_for(lambda: len(receiver.requests) >= 15, 90), "the worker did not send"
            worker.send_signal(signal.SIGKILL)  # mid-round
            worker.wait()
            sent = "SELECT COUNT(*) FROM webhooks_delivery WHERE status = 'delivered'"
            assert _count(db, sent) < POSTS
            worker = subprocess.Popen(
                [HEARTH, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            time.sleep(2.5)  # past the dead worker's lease
            run("shell", "-c", "from hearth.webhooks.tasks import send_webhooks; send_webhooks()")
            assert wait_for(lambda: _count(db, sent) >= POSTS, 120), _count(db, sent)
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=30)
        assert _count(db, "SELECT COUNT(*) FROM webhooks_delivery") == POSTS
        hook = Webhook(secret)
        ids = [headers["webhook-id"] for headers, _body in receiver.requests]
        bodies = {
            headers["webhook-id"]: hook.verify(body, headers) for headers, body in receiver.requests
        }
        assert len(set(ids)) == POSTS  # every event, under one id each
        # At most the requests in flight when it died (one per worker thread, two), again under
        # their ids.
        assert len(ids) - POSTS <= 2
        assert {b["data"]["post"]["excerpt"] for b in bodies.values()} == {
            f"Post number {i} for the bridge" for i in range(POSTS)
        }
