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
