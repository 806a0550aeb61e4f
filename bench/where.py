"""Where one page's time goes, in process: profile a page of the bench dataset as a bench user.

    .venv/bin/python bench/where.py / --people 3000          # pyinstrument's tree
    .venv/bin/python bench/where.py /discover/ --queries     # each SQL query and its time
    .venv/bin/python bench/where.py /api/v1/feed --token     # an API call with a bearer token

The page is requested through Django's WSGI handler (the test client) with the session or token
`bench/web.py` gives the first of its users (the heavy follower; `--user` picks another), after a
few warm-up requests, so the figures are a warm process's: what `make bench` measures, minus the
server. Needs pyinstrument (`make install-test` installs it).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import time
from contextlib import redirect_stdout
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import dataset  # noqa: E402
import web  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", help="The page, as in the address bar: / or /discover/.")
    parser.add_argument("--people", type=int, default=30000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--user", type=int, default=0, help="Which bench user (0, 1 or 2).")
    parser.add_argument("--token", action="store_true", help="Sign in with a bearer token.")
    parser.add_argument("--repeat", type=int, default=20, help="Requests profiled.")
    parser.add_argument("--queries", action="store_true", help="List the SQL of one request.")
    parser.add_argument("--time", action="store_true", help="Only time the requests.")
    parser.add_argument(
        "--functions", action="store_true", help="The costliest functions (cProfile) instead."
    )
    args = parser.parse_args()

    dataset.prepare(args.people, args.seed, keep=True)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with redirect_stdout(io.StringIO()) as printed:
        exec(web.SETUP, {})  # noqa: S102 - the bench's own set-up code
    user = json.loads(printed.getvalue().strip().splitlines()[-1])["users"][args.user]
    client = Client()
    headers = {}
    if args.token:
        headers["Authorization"] = f"Bearer {user['token']}"
    else:
        client.cookies["sessionid"] = user["session"]
    for _ in range(5):
        response = client.get(args.path, headers=headers)
        if response.status_code != 200:
            raise SystemExit(f"{args.path} answered {response.status_code}")
    print(f"{args.path} as the {user['role']} ({args.people:,} people)")
    plain = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        client.get(args.path, headers=headers)
        plain.append((time.perf_counter() - started) * 1000)
    print(
        f"{args.repeat} requests: median {statistics.median(plain):.1f} ms, "
        f"fastest {min(plain):.1f} ms (no profiler)"
    )
    if args.time:
        return
    if args.queries:
        with CaptureQueriesContext(connection) as queries:
            client.get(args.path, headers=headers)
        for query in queries.captured_queries:
            print(f"{float(query['time']) * 1000:7.2f} ms  {query['sql'][:300]}")
        total = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        print(f"{len(queries.captured_queries)} queries, {total:.1f} ms in the database")
        return
    if args.functions:
        import cProfile
        import pstats

        with cProfile.Profile() as functions:
            for _ in range(args.repeat):
                client.get(args.path, headers=headers)
        stats = (
            pstats.Stats(functions).strip_dirs().sort_stats(os.environ.get("SORT", "cumulative"))
        )
        stats.print_stats(int(os.environ.get("LINES", "60")))
        return
    from pyinstrument import Profiler

    timings = []
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(args.repeat):
        started = time.perf_counter()
        client.get(args.path, headers=headers)
        timings.append((time.perf_counter() - started) * 1000)
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))
    print(
        f"{args.repeat} requests: median {statistics.median(timings):.1f} ms, "
        f"fastest {min(timings):.1f} ms (under the profiler)"
    )


if __name__ == "__main__":
    main()
