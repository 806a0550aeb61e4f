"""The demo company has a live jam whenever the demo starts, one scheduled and one reported."""

from __future__ import annotations

import datetime

from django.utils import timezone

from hearth.demo.company import seed_people
from hearth.demo.jams import LIVE, seed_jams
from hearth.jams.models import Jam


def test_the_demo_jams_are_live_scheduled_and_reported_and_stay_so(db):
    seed_people(people=60, seed=3)
    assert seed_jams(seed=3) == 3
    states = {jam.slug: jam.state for jam in Jam.objects.all()}
    assert sorted(states.values()) == ["live", "reported", "scheduled"]
    live = Jam.objects.get(slug=LIVE)
    assert live.contributions.count() == 10 and live.clusters.exists()
    reported = Jam.objects.get(reported_at__isnull=False)
    assert reported.contributions.filter(selected=True).count() == 2
    # Days later the demo starts again: the live jam is live again, not duplicated.
    Jam.objects.filter(slug=LIVE).update(ends_at=timezone.now() - datetime.timedelta(days=3))
    assert seed_jams(seed=3) == 0
    assert Jam.objects.get(slug=LIVE).state == "live" and Jam.objects.count() == 3
    assert Jam.objects.get(slug=LIVE).forum.state == "active"


def test_the_reported_jam_picks_the_ideas_it_says_it_picks(db):
    """Its ideas are about its own challenge, and the report names the two ideas with the most
    votes, which are the ones selected for follow-up."""
    from hearth.demo.jams import IDEAS, REPORTED

    seed_people(people=60, seed=5)
    seed_jams(seed=5)
    jam = Jam.objects.get(slug=REPORTED)
    titles = {title for ideas in IDEAS[REPORTED].values() for title, _body in ideas}
    ideas = list(jam.contributions.select_related("post"))
    assert {c.post.title for c in ideas} == titles
    selected = [c for c in ideas if c.selected]
    others = [c for c in ideas if not c.selected]
    assert len(selected) == 2
    assert min(c.post.vote_count for c in selected) >= max(c.post.vote_count for c in others)
    for idea in selected:
        assert f"“{idea.post.title}”" in jam.report_summary
    assert jam.report_summary.startswith("10 ideas, two pilots")
