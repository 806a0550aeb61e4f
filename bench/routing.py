"""Expert routing at scale (not part of the test suite): how long suggesting the experts for
one question takes on the Tell All-size dataset, and how long the weekly fit takes.

Usage: .venv/bin/python bench/routing.py [--people 30000] [--seed 42] [--questions 200] [--keep]
       [--no-fit]

Reuses (or builds) the dataset of bench/feed_search.py in bench-data/<people>-<seed>/ (`--keep`:
even one an older version of Hearth wrote, migrated first), then, in process, suggests the
experts for the latest questions (the search for posts and answers like each, the measures of
every candidate, the ranking): p50/p95/max and the query count. The worker's hourly count of
the history (`facilitation.tallies.count`) runs first, and is timed too. The goal is a p95
under 200 ms at 30,000 people. `make bench` runs it.
"""

from __future__ import annotations

import argparse
import datetime
import statistics
import time

from dataset import prepare  # noqa: E402 - bench/ is the script's own folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=30000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="use a stale dataset, migrated")
    parser.add_argument("--no-fit", action="store_true", help="time the suggestions only")
    args = parser.parse_args()
    prepare(args.people, args.seed, keep=args.keep)
    run(args.questions, fit=not args.no_fit)


def run(count: int, *, fit: bool = True) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from hearth.conversations.models import Comment, Post
    from hearth.facilitation import experts, services, tallies
    from hearth.people.models import Person

    # Counted as the worker would have an hour before the dataset's last reply: each suggestion
    # adds the hour since (the most it adds before the next count), whenever the bench runs.
    last = Comment.objects.order_by("-created_at").values_list("created_at", flat=True)[0]
    started = time.monotonic()
    counted = tallies.count(now=min(last, timezone.now()) - datetime.timedelta(hours=1))
    took = time.monotonic() - started
    since = Comment.objects.filter(created_at__gte=counted.counted_at).count()
    print(
        f"hourly count of the history: {took:.1f} s, {counted.rows} rows ({counted.written}"
        f" written), {since} replies written since"
    )

    questions = list(
        Post.objects.filter(kind="question", deleted_at__isnull=True)
        .select_related("community", "author")
        .order_by("-published_at")[:count]
    )
    print(f"{Person.objects.count()} people; suggesting experts for {len(questions)} questions")
    experts.suggest(questions[0])  # warm the caches a first request would
    times, queries = [], []
    for question in questions:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            experts.suggest(question)
            times.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured))
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(
        f"suggest: p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms, max {times[-1]:.0f} ms,"
        f" {statistics.median(queries):.0f} queries (goal: p95 under 200 ms)"
    )
    if not fit:
        return
    started = time.monotonic()
    model = services.routing_fit()
    took = time.monotonic() - started
    fitted = f"hit rate at 5 {model.hit_at_5:.0%}" if model else "too few answered questions"
    print(f"weekly fit: {took:.1f} s on the latest answered questions ({fitted})")


if __name__ == "__main__":
    main()
