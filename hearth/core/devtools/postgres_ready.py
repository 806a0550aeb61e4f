"""Exit 0 when the PostgreSQL server of the suite's second pass answers (used by make test)."""

import os
import sys

import psycopg

url = os.environ.get("HEARTH_TEST_POSTGRES_URL", "")
try:
    psycopg.connect(url, connect_timeout=3).close()
except Exception:  # noqa: BLE001 - any failure means "not reachable"
    sys.exit(1)
