"""The worker killed with SIGKILL mid-batch loses nothing and repeats no notification.

Runs the real `hearth worker` on a real SQLite file (like `make demo`), kills it while it
works through hundreds of events, restarts it, and checks every notification exists exactly
once and every email was delivered (to a real SMTP server on loopback).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from hearth.core.tests.nodes import free_port, fresh_database, wait_for

pytestmark = pytest.mark.xdist_group("crash")

WRITER = """
from hearth.people.tests.factories import PersonFactory
from hearth.conversations.tests.factories import make_post
from hearth.conversations.services import comment_create
author = PersonFactory(username="author", display_name="Author")
mentioned = PersonFactory(username="mentioned", display_name="Mentioned")
post = make_post(author, None, body="Crash test")
for i in range(200):
    comment_create(actor=mentioned if i % 2 else PersonFactory(username=f"c{i}"), post=post,
                   body=f"Reply {i} @mentioned")
"""


class Inbox:
    def __init__(self):
        self.ids = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        for line in envelope.content.decode(errors="replace").splitlines():
            if line.lower().startswith("message-id:"):
                self.ids.append(line.split(":", 1)[1].strip())
        return "250 OK"


def _count(db: Path, sql: str) -> int:
    with sqlite3.connect(db, timeout=30) as connection:
        return connection.execute(sql).fetchone()[0]


def test_a_killed_worker_loses_and_repeats_nothing(tmp_path):
    hearth = str(Path(sys.executable).parent / "hearth")
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    db = tmp_path / "hearth.sqlite3"
    env = {
        **os.environ,
        "HEARTH_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{db}",
        "DJANGO_SETTINGS_MODULE": "hearth.config.settings.base",
        "EMAIL_HOST": "127.0.0.1",
        "HEARTH_RATE_COMMENTS": "100000/h",
        "HEARTH_RATE_MENTIONS": "100000/h",
        "EMAIL_PORT": str(port),
        "EMAIL_USE_TLS": "false",
        "HEARTH_EMAIL_CLAIM_SECONDS": "2",
    }
    env.pop("HEARTH_TEST_POSTGRES_URL", None)
    run = lambda *args: subprocess.run([hearth, *args], env=env, check=True, capture_output=True)  # noqa: E731
    try:
        run("migrate")
        run("shell", "-c", WRITER)
        expected = 200 + 100  # a reply to the author per comment, and 100 mentions
        worker = subprocess.Popen(
            [hearth, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        notifications = "SELECT COUNT(*) FROM notifications_notification"
        assert wait_for(lambda: _count(db, notifications) >= 40, 60), "the worker did not start"
        worker.send_signal(signal.SIGKILL)  # mid-batch
        worker.wait()
        assert _count(db, notifications) < expected
        worker = subprocess.Popen(
            [hearth, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        # Nudge the restarted worker instead of waiting for its periodic catch-up.
        run("shell", "-c", "from hearth.core.tasks import dispatch_events; dispatch_events()")
        assert wait_for(lambda: _count(db, notifications) >= expected, 90)
        run("shell", "-c", "from hearth.notifications.tasks import send_emails; send_emails()")
        assert wait_for(lambda: len(set(inbox.ids)) >= expected, 90), len(set(inbox.ids))
        time.sleep(1)
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=30)
        assert _count(db, notifications) == expected
        duplicates = _count(
            db,
            "SELECT COUNT(*) FROM (SELECT recipient_id, event_id FROM notifications_notification"
            " GROUP BY recipient_id, event_id HAVING COUNT(*) > 1)",
        )
        assert duplicates == 0
        assert (
            _count(db, "SELECT COUNT(*) FROM notifications_notification WHERE emailed_at IS NULL")
            == 0
        )
        assert len(set(inbox.ids)) == expected  # every email arrived; a resend keeps its Message-ID
    finally:
        controller.stop()


def _query(url: str, tmp_path, sql: str) -> int:
    if url.startswith("sqlite"):
        return _count(tmp_path / "two.sqlite3", sql)
    import psycopg

    with psycopg.connect(url) as connection:
        return connection.execute(sql).fetchone()[0]


def test_two_workers_side_by_side_never_handle_an_event_twice(tmp_path):
    hearth = str(Path(sys.executable).parent / "hearth")
    inbox, port = Inbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    url, drop = fresh_database(tmp_path, "two")
    env = {
        **os.environ,
        "HEARTH_DATA_DIR": str(tmp_path),
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "hearth.config.settings.base",
        "EMAIL_HOST": "127.0.0.1",
        "HEARTH_RATE_COMMENTS": "100000/h",
        "HEARTH_RATE_MENTIONS": "100000/h",
        "EMAIL_PORT": str(port),
        "EMAIL_USE_TLS": "false",
    }
    workers = []
    try:
        subprocess.run([hearth, "migrate"], env=env, check=True, capture_output=True)
        subprocess.run([hearth, "shell", "-c", WRITER], env=env, check=True, capture_output=True)
        expected = 300
        workers = [
            subprocess.Popen(
                [hearth, "worker"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            for _ in range(2)
        ]
        nudge = (
            "from hearth.core.tasks import dispatch_events; dispatch_events(); dispatch_events()"
        )
        subprocess.run([hearth, "shell", "-c", nudge], env=env, check=True, capture_output=True)
        notifications = "SELECT COUNT(*) FROM notifications_notification"
        assert wait_for(lambda: _query(url, tmp_path, notifications) >= expected, 120)
        assert wait_for(lambda: len(inbox.ids) >= expected, 120), len(inbox.ids)
        time.sleep(2)  # anything sent twice would arrive now
        assert _query(url, tmp_path, notifications) == expected
        assert len(inbox.ids) == len(set(inbox.ids)) == expected
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
        controller.stop()
        drop()
