"""SQLite writers take turns through a lock file (hearth/core/sqlite/base.py), and metrics are
created once per process however many threads ask at the same moment."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

import pytest
from django.db.utils import ConnectionHandler, OperationalError


def _connections(tmp_path, timeout: float) -> ConnectionHandler:
    settings = {
        "ENGINE": "hearth.core.sqlite",
        "NAME": str(tmp_path / "writers.sqlite3"),
        "OPTIONS": {"timeout": timeout, "transaction_mode": "IMMEDIATE"},
    }
    return ConnectionHandler({"default": dict(settings), "b": dict(settings)})


@contextmanager
def writing(connection):
    """A write transaction, begun as transaction.atomic begins one."""
    connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    try:
        with connection.cursor() as cursor:
            yield cursor
        connection.commit()
    except BaseException:
        connection.rollback()
        raise
    finally:
        connection.set_autocommit(True)


def test_a_second_writer_waits_for_the_first_and_gives_up_with_a_clear_error(tmp_path, db):
    handler = _connections(tmp_path, timeout=0.3)
    first, second = handler["default"], handler["b"]
    try:
        with first.cursor() as cursor:
            cursor.execute("CREATE TABLE note (text TEXT)")
        with writing(first) as cursor:
            cursor.execute("INSERT INTO note VALUES ('first')")
            assert (tmp_path / "writers.sqlite3.writer").exists()
            refused = pytest.raises(OperationalError, match="waited for the writer lock")
            with refused, writing(second):
                pass
        # Once the first committed, the second writes.
        with writing(second) as cursor:
            cursor.execute("INSERT INTO note VALUES ('second')")
        with first.cursor() as cursor:
            cursor.execute("SELECT text FROM note ORDER BY rowid")
            assert [row[0] for row in cursor.fetchall()] == ["first", "second"]
    finally:
        handler.close_all()


def test_writers_in_many_threads_all_get_their_turn(tmp_path, db):
    handler = _connections(tmp_path, timeout=20)
    with handler["default"].cursor() as cursor:
        cursor.execute("CREATE TABLE note (text TEXT)")
    handler["default"].close()
    failures: list[Exception] = []

    def write(number: int) -> None:
        # Each thread has its own connection (Django's connections are per thread).
        local = _connections(tmp_path, timeout=20)
        try:
            for row in range(20):
                with writing(local["default"]) as cursor:
                    cursor.execute("INSERT INTO note VALUES (%s)", [f"{number}:{row}"])
                    time.sleep(0.001)  # a transaction that takes a moment
        except Exception as error:  # noqa: BLE001 - collected for the assertion
            failures.append(error)
        finally:
            local.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with handler["default"].cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM note")
        assert cursor.fetchone()[0] == 8 * 20
    handler.close_all()


def test_a_metric_is_registered_once_when_threads_ask_together():
    from hearth.core.ops import _once

    made = []

    def make():
        time.sleep(0.01)  # long enough for every thread to arrive
        made.append(object())
        return made[-1]

    get = _once(make)
    results = []
    threads = [threading.Thread(target=lambda: results.append(get())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(made) == 1 and all(result is made[0] for result in results)
