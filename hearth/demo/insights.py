"""Demo insights: some people agree to be named, recent posts get readers, and the snapshots
are built once so the dashboards have figures as soon as the demo starts; expert routing's
history is counted once too, as the worker does hourly."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from hearth.conversations.models import Post, PostView
from hearth.core.bulk import analyze
from hearth.core.registry import DemoRun, demo_generator
from hearth.facilitation import tallies
from hearth.insights import compute
from hearth.insights.models import NamedChoice
from hearth.people.models import Person

from .company import PERSONAS

READ_DAYS = 90


def seed_insights(*, seed: int = 42) -> dict:
    rng = random.Random(seed)
    people = list(
        Person.objects.filter(is_active=True, is_stand_in=False).values_list(
            "id", "is_leader", "display_name"
        )
    )
    if not people:
        return {}
    if not NamedChoice.objects.exists():
        NamedChoice.objects.bulk_create(
            [
                NamedChoice(person_id=pid, named=True)
                for pid, leader, name in people
                # Ana (the employee) has not said yet: her impact page asks her, once.
                if (leader or rng.random() < 0.4) and name != PERSONAS["employee"][0]
            ],
            ignore_conflicts=True,
        )
    if not PostView.objects.exists():
        since = timezone.now() - datetime.timedelta(days=READ_DAYS)
        ids = [pid for pid, _leader, _name in people]
        views = []
        recent = Post.objects.filter(published_at__gte=since, is_draft=False).values_list(
            "id", "author_id", "published_at", "reaction_counts", "comment_count"
        )
        for post_id, author, published, reactions, comments in recent.iterator(chunk_size=2000):
            responses = sum((reactions or {}).values()) + comments
            readers = rng.sample(ids, k=min(len(ids), 2 + 3 * responses))
            for reader in readers:
                if reader != author:
                    delay = datetime.timedelta(minutes=rng.expovariate(1 / 600))
                    views.append(
                        PostView(
                            post_id=post_id,
                            person_id=reader,
                            first_seen_at=min(published + delay, timezone.now()),
                        )
                    )
        PostView.objects.bulk_create(views, batch_size=5000, ignore_conflicts=True)
    return compute.build()


@demo_generator("insights", 90)
def insights_write(run: DemoRun) -> str:
    """Last: the figures count what the generators before wrote."""
    run.say("Computing insights...")
    counts = seed_insights(seed=run.seed)
    analyze()  # the insights tables too
    if not counts:
        return "Insights: nobody to count yet."
    return (
        "Insights: {activity} activity rows, {edges} interaction rows, influence for "
        "{influence} people".format(**counts)
    )


@demo_generator("routing", 95)
def routing_write(run: DemoRun) -> str:
    """What the worker counts hourly for expert routing, counted once now."""
    counted = tallies.count()
    return f"Expert routing: {counted.rows} history rows counted."
