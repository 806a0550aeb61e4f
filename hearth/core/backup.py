"""Backups: SQLite's online backup API (a consistent copy while Hearth runs) and, on
PostgreSQL, pg_dump's custom format; restore puts either back. Uploaded files live in the
instance folder (`MEDIA_ROOT`) and are copied with the file system, beside the database backup.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

SQLITE_HEADER = b"SQLite format 3\x00"
PG_HEADER = b"PGDMP"


class BackupError(Exception):
    """What went wrong, in words for the operator."""


def _engine() -> str:
    return "sqlite" if connection.vendor == "sqlite" else "postgresql"


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = connection.settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (Debian: postgresql-client).")
    return found


def backup(target: Path) -> str:
    """Write a consistent copy of the database to `target`; return what was done."""
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} exists already: choose a new file name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    if _engine() == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            with destination:
                connection.connection.backup(destination)
        finally:
            destination.close()
        return f"SQLite online backup written to {target}"
    args, env = _pg_env()
    name = connection.settings_dict["NAME"]
    command = [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}", *args, name]
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode:
        target.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed: {result.stderr.strip()[:500]}")
    return f"pg_dump (custom format) written to {target}"


def restore(source: Path) -> str:
    """Replace the database with the backup in `source` (stop the app and worker first)."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"There is no file {source}.")
    head = source.read_bytes()[:16]
    if _engine() == "sqlite":
        if not head.startswith(SQLITE_HEADER):
            raise BackupError(f"{source} is not an SQLite backup made by `hearth backup`.")
        origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            connection.ensure_connection()
            with origin:
                origin.backup(connection.connection)
        finally:
            origin.close()
            connection.close()
        return f"SQLite database restored from {source}"
    if not head.startswith(PG_HEADER):
        raise BackupError(f"{source} is not a pg_dump custom-format backup.")
    args, env = _pg_env()
    name = connection.settings_dict["NAME"]
    connection.close()
    command = [
        _tool("pg_restore"),
        "--clean",
        "--if-exists",
        "--no-owner",
        "--single-transaction",
        *args,
        f"--dbname={name}",
        str(source),
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()[:500]}")
    return f"PostgreSQL database restored from {source}"
