"""Django's SQLite backend, with writers taking turns.

SQLite allows one writer at a time. A transaction that finds the database busy waits in
SQLite's busy handler, which sleeps longer and longer (up to 100 ms at a time) and may lose the
lock to a newcomer each time it wakes: under a burst of writes from several web workers and the
background worker, a few unlucky requests wait seconds. Here each transaction first takes an
exclusive lock on a file beside the database (`<database>.writer`), checked every millisecond,
then begins as before (BEGIN IMMEDIATE): waits stay near the time the writers ahead need.

The lock is held from BEGIN to COMMIT or ROLLBACK, per connection (each thread has its own), and
released by the kernel if the process dies. In-memory databases (the test suite) skip it.
"""

from __future__ import annotations

import fcntl
import os
import time

from django.db.backends.sqlite3 import base
from django.db.utils import OperationalError


class DatabaseWrapper(base.DatabaseWrapper):
    _writer_fd: int | None = None
    _writer_held = False

    def _writer_path(self) -> str | None:
        if self.is_in_memory_db():
            return None
        return f"{self.settings_dict['NAME']}.writer"

    def _writer_acquire(self) -> None:
        path = self._writer_path()
        if path is None or self._writer_held:
            return
        if self._writer_fd is None:
            self._writer_fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + float(self.settings_dict["OPTIONS"].get("timeout", 20))
        while True:
            try:
                fcntl.flock(self._writer_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self._writer_held = True
                return
            except BlockingIOError as busy:
                if time.monotonic() > deadline:
                    message = "database is locked (waited for the writer lock)"
                    raise OperationalError(message) from busy
                time.sleep(0.001)

    def _writer_release(self) -> None:
        if self._writer_held and self._writer_fd is not None:
            fcntl.flock(self._writer_fd, fcntl.LOCK_UN)
        self._writer_held = False

    def _start_transaction_under_autocommit(self) -> None:
        self._writer_acquire()
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]
        except BaseException:
            self._writer_release()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]
        finally:
            self._writer_release()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]
        finally:
            self._writer_release()

    def _close(self) -> None:
        try:
            self._writer_release()
            if self._writer_fd is not None:
                os.close(self._writer_fd)
                self._writer_fd = None
        finally:
            super()._close()  # type: ignore[misc]
