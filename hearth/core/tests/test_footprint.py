"""A web process's footprint: what `hearth serve` loads to answer pages leaves out the heavy
libraries only the worker and the exports need (scikit-learn with SciPy and NumPy: about 100 MB;
fpdf2, which loads NumPy), so each web process stays small (bench/versus.py reports its RSS)."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("sklearn", "scipy", "numpy", "networkx", "fpdf")

SCRIPT = """
import json, sys
from hearth.config.asgi import application
from django.urls import get_resolver
get_resolver().url_patterns
print(json.dumps([name for name in HEAVY if name in sys.modules]))
"""


def test_a_web_process_does_not_load_what_only_the_worker_and_exports_need(tmp_path):
    script = f"HEAVY = {HEAVY!r}\n{SCRIPT}"
    env = {
        "HEARTH_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "hearth.config.settings.base",
        "PATH": "/usr/bin:/bin",
    }
    run = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert json.loads(run.stdout.strip().splitlines()[-1]) == []
