"""The demo AMAs: the CEO's is live whenever the demo starts; a past one keeps questions
unanswered."""

from __future__ import annotations

import datetime

from django.utils import timezone

from hearth.demo.amas import LIVE, PAST, seed_amas
from hearth.leadership import selectors as leadership_selectors
from hearth.leadership.models import Ama
from hearth.people.tests.factories import PersonFactory


def test_the_demo_amas_are_live_and_past_and_a_second_seed_moves_them_back(company):
    PersonFactory.create_batch(25)
    assert seed_amas(seed=3) == 2
    live, past = Ama.objects.get(slug=LIVE), Ama.objects.get(slug=PAST)
    assert live.state == "live" and past.state == "ended"
    assert leadership_selectors.counts(company.member, live) == {
        "questions": 7,
        "answered": 3,
        "unanswered": 4,
    }
    assert leadership_selectors.counts(company.member, past)["unanswered"] == 5
    Ama.objects.filter(pk=live.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=3),
        ends_at=timezone.now() - datetime.timedelta(days=2),
    )
    assert seed_amas(seed=3) == 0
    live.refresh_from_db()
    assert live.state == "live" and Ama.objects.count() == 2
