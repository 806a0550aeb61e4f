"""The Tell All-size dataset the benchmarks share: built once into bench-data/<people>-<seed>/
(`hearth seed`), then reused while the code that writes it is unchanged; Django is set up on it.

A cache written by another version of the generator or the schema (its fingerprint differs) is
removed and built again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def fingerprint() -> str:
    """What the dataset depends on: the demo generators and every migration."""
    digest = hashlib.sha256()
    package = ROOT / "hearth"
    files = sorted([*package.glob("demo/**/*.py"), *package.glob("*/migrations/*.py")])
    files = [path for path in files if "tests" not in path.parts]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _postgres_database(url: str, name: str, *, fresh: bool) -> str:
    """A database of its own on the server of DATABASE_URL (created, or dropped and created)."""
    import psycopg

    base = url.rsplit("/", 1)[0]
    try:
        with psycopg.connect(f"{base}/postgres", autocommit=True, connect_timeout=5) as server:
            exists = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if fresh and exists.fetchone():
                server.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
                exists = None
            if exists is None or not exists.fetchone():
                server.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as error:
        raise SystemExit(f"Cannot prepare the bench database on DATABASE_URL: {error}") from error
    return f"{base}/{name}"


def prepare(people: int, seed: int, *, setup: bool = True, keep: bool = False) -> Path:
    """The dataset's folder, built if missing or stale (`keep`: use it even if stale, migrated
    to the code's schema).

    On PostgreSQL (DATABASE_URL set) the dataset lives in its own database on that server,
    `hearth_bench_<people>_<seed>`, never in the one DATABASE_URL names."""
    if people < 20:
        raise SystemExit(f"--people must be at least 20 (got {people}).")
    url = os.environ.get("DATABASE_URL", "")
    postgres = url.startswith(("postgres://", "postgresql://"))
    data = ROOT / "bench-data" / (f"{people}-{seed}-postgresql" if postgres else f"{people}-{seed}")
    stamp, expected = data / "seeded", fingerprint()
    if postgres:
        fresh = not stamp.exists() or not (keep or stamp.read_text().startswith(expected))
        os.environ["DATABASE_URL"] = _postgres_database(
            url, f"hearth_bench_{people}_{seed}", fresh=fresh
        )
    os.environ["HEARTH_DATA_DIR"] = str(data)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.config.settings.base")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    hearth = [str(Path(sys.executable).parent / "hearth")]
    stale = stamp.exists() and not stamp.read_text().startswith(expected)
    migrate = stale and keep
    if migrate:
        print(f"{data.name}: written by another version of Hearth; kept and migrated (--keep).")
    elif data.exists() and (stale or not stamp.exists()):
        print(f"{data.name}: unfinished, or written by another version of Hearth; building again.")
        shutil.rmtree(data)
    data.mkdir(parents=True, exist_ok=True)
    if not stamp.exists():
        started = time.monotonic()
        # Our own `hearth` command with our own arguments: nothing untrusted reaches the shell.
        subprocess.run([*hearth, "migrate"], check=True, stdout=subprocess.DEVNULL)  # noqa: S603
        command = [*hearth, "seed", "--people", str(people), "--seed", str(seed)]
        subprocess.run(command, check=True)  # noqa: S603
        stamp.write_text(f"{expected} {time.monotonic() - started:.0f} s\n")
    if migrate:
        subprocess.run([*hearth, "migrate"], check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    if setup:
        import django

        django.setup()
        if migrate:
            from hearth.core.bulk import analyze

            analyze()  # the planner's picture of new tables and indexes, as a fresh build has
    return data


def seed_seconds(data: Path) -> str:
    parts = (data / "seeded").read_text().split()
    return " ".join(parts[1:])
