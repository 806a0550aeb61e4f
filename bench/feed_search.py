"""Feed and search latency on a Tell All-size dataset (not part of the test suite).

Usage: .venv/bin/python bench/feed_search.py [--people 30000] [--seed 42] [--repeat 30]

The dataset is built once into bench-data/<people>-<seed>/ (or reused), then a heavy user is
made to follow 500 people and belong to 100 communities. Each page and API call is timed in
process (the view, its queries and its rendering; no HTTP server) and reported as p50/p95/p99
with its query count. `make bench` runs it.
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
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    prepare(args.people, args.seed)
    run(args.repeat)


def heavy_user():
    """A person who follows 500 people and belongs to 100 communities."""
    from hearth.communities.models import Community, Membership
    from hearth.feeds.models import Follow
    from hearth.people.models import Person

    person = Person.objects.get(email="ana.ribeiro@tellall.example")
    others = list(Person.objects.exclude(pk=person.pk).values_list("id", flat=True)[:500])
    Follow.objects.bulk_create(
        [Follow(follower=person, person_id=pk) for pk in others], ignore_conflicts=True
    )
    communities = list(Community.objects.values_list("id", flat=True)[:100])
    Membership.objects.bulk_create(
        [Membership(person=person, community_id=pk) for pk in communities], ignore_conflicts=True
    )
    return person


def timed(client, url: str, repeat: int) -> tuple[list[float], int, int]:
    from django.db import connection

    response = client.get(url)  # warm up
    queries = []
    with connection.execute_wrapper(
        lambda execute, sql, *rest: queries.append(sql) or execute(sql, *rest)
    ):
        response = client.get(url)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    return times, len(queries), response.status_code


def run(repeat: int) -> None:
    from django.test import Client

    from hearth.communities.models import Community
    from hearth.conversations.models import Post
    from hearth.people.models import Person

    person = heavy_user()
    newcomer = Person.objects.filter(is_active=True).order_by("-hire_date").first()
    community = Community.objects.filter(privacy="open").order_by("-member_count").first()
    post = Post.objects.filter(community=community).order_by("-comment_count").first()
    print(
        f"{Person.objects.count()} people, {Post.objects.count()} posts; heavy user "
        f"{person.username}, newcomer {newcomer.username}"
    )
    urls = [
        ("home feed (HTML)", "/"),
        ("home feed (API)", "/api/v1/feed"),
        ("discover (API)", "/api/v1/discover"),
        ("community feed (API)", f"/api/v1/communities/{community.slug}/feed"),
        ("community page (HTML)", community.get_absolute_url()),
        ("notifications (API)", "/api/v1/notifications"),
        ("post page (HTML)", post.get_absolute_url()),
        ("person page (HTML)", f"/people/{newcomer.username}/"),
        ("search posts (API)", "/api/v1/search?q=fiber&type=post"),
        ("search mixed (HTML)", "/search/?q=customer+app"),
        ("typeahead", "/search/suggest/?q=clo"),
        ("new posts count", "/feed/new/?since=2020-01-01T00:00:00"),
    ]
    print(f"{'who':<9} {'what':<24} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'queries':>8}")
    for who, viewer in (("heavy", person), ("newcomer", newcomer)):
        client = Client()
        client.force_login(viewer)
        for label, url in urls:
            times, queries, status = timed(client, url, repeat)
            if status != 200:
                print(f"{who:<9} {label:<24} HTTP {status}")
                continue
            cuts = statistics.quantiles(times, n=100)
            print(
                f"{who:<9} {label:<24} {cuts[49]:8.1f} {cuts[94]:8.1f} {cuts[98]:8.1f} {queries:8d}"
            )


if __name__ == "__main__":
    main()
