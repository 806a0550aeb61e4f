"""Insights at scale (not part of the test suite): the full rebuild time and the dashboards'
latency on the Tell All-size dataset.

Usage: .venv/bin/python bench/insights.py [--people 30000] [--seed 42] [--repeat 20] [--keep]

Reuses (or builds) the dataset of bench/feed_search.py in bench-data/<people>-<seed>/ (`--keep`:
even one an older version of Hearth wrote, migrated first), times
`hearth insights rebuild` in process, then the dashboard, personas, influencers, community
health and the value report (its outcomes included) as an administrator (in process, as
feed_search.py does: the view, its queries and its rendering), reported as p50/p95 with the
query count. `make bench` runs it.
"""

from __future__ import annotations

import argparse
import statistics
import time

from dataset import prepare  # noqa: E402 - bench/ is the script's own folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=30000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="use a stale dataset, migrated")
    args = parser.parse_args()
    prepare(args.people, args.seed, keep=args.keep)
    run(args.repeat)


def run(repeat: int) -> None:
    import resource

    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from hearth.conversations.models import Comment, Post
    from hearth.core.models import Event
    from hearth.insights import compute
    from hearth.people.models import Person

    print(
        f"{Person.objects.count()} people, {Post.objects.count()} posts, "
        f"{Comment.objects.count()} comments, {Event.objects.count()} events"
    )
    started = time.monotonic()
    counts = compute.build()
    took = time.monotonic() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"insights rebuild: {took:.1f} s ({counts['activity']} activity rows, "
        f"{counts['edges']} interaction rows, {counts['posts']} posts, influence for "
        f"{counts['influence']} people); peak RSS {peak:.0f} MB"
    )
    admin = Person.objects.filter(is_superuser=True).first()
    client = Client()
    client.force_login(admin)
    urls = [
        ("dashboard (HTML), 30 days", "/insights/"),
        ("dashboard (API), 90 days", "/api/v1/insights/dashboard?start=" + _days_ago(90)),
        ("  the same, not cached", "/api/v1/insights/dashboard?start=" + _days_ago(90)),
        ("personas (API)", "/api/v1/insights/personas"),
        ("influencers (HTML)", "/insights/influencers/"),
        ("community health (API)", "/api/v1/insights/communities"),
        ("value report (API), 30 days", "/api/v1/insights/report"),
        ("  the same, not cached", "/api/v1/insights/report"),
    ]
    print(f"{'what':<28} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for label, url in urls:
        if "not cached" in label:
            cache.clear()
        client.get(url)
        queries: list[str] = []

        def count(execute, sql, *rest, queries=queries):
            queries.append(sql)
            return execute(sql, *rest)

        if "not cached" in label:
            cache.clear()
        with connection.execute_wrapper(count):
            response = client.get(url)
        if response.status_code != 200:
            print(f"{label:<28} HTTP {response.status_code}")
            continue
        times = []
        for _ in range(repeat):
            if "not cached" in label:
                cache.clear()
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        cuts = statistics.quantiles(times, n=20)
        print(f"{label:<28} {statistics.median(times):8.1f} {cuts[18]:8.1f} {len(queries):8d}")


def _days_ago(days: int) -> str:
    import datetime

    return (datetime.date.today() - datetime.timedelta(days=days - 1)).isoformat()


if __name__ == "__main__":
    main()
