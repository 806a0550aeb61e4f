"""The Tell All-size dataset the benchmarks share: built once into bench-data/<people>-<seed>/
(`hearth seed`), then reused; Django is set up on it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def prepare(people: int, seed: int) -> Path:
    data = ROOT / "bench-data" / f"{people}-{seed}"
    os.environ["HEARTH_DATA_DIR"] = str(data)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hearth.config.settings.base")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    hearth = [str(Path(sys.executable).parent / "hearth")]
    data.mkdir(parents=True, exist_ok=True)
    # Our own `hearth` command with our own arguments: nothing untrusted reaches the shell.
    subprocess.run([*hearth, "migrate"], check=True, stdout=subprocess.DEVNULL)  # noqa: S603
    if not (data / "seeded").exists():
        started = time.monotonic()
        command = [*hearth, "seed", "--people", str(people), "--seed", str(seed)]
        subprocess.run(command, check=True)  # noqa: S603
        (data / "seeded").write_text(f"{time.monotonic() - started:.0f} s\n")
    import django

    django.setup()
    return data
