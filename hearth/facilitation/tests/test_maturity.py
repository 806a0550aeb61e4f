"""Maturity levels on constructed communities: each level's criteria, and the explanation."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from hearth.communities.models import Community
from hearth.communities.services import community_create, community_join
from hearth.conversations import services as talk
from hearth.conversations.models import Post
from hearth.conversations.tests.factories import make_post
from hearth.core.models import Event
from hearth.facilitation import maturity
from hearth.facilitation.maturity import Signals
from hearth.facilitation.services import maturity_refresh
from hearth.people.tests.factories import PersonFactory

EMPTY = Signals(
    members=10,
    contributors=0,
    posts=0,
    acknowledged=0,
    median_first_response_hours=None,
    answerers=0,
    sponsor_idle_days=None,
)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, 1),
        ({"posts": 5, "acknowledged": 1}, 1),  # 20% answered: not yet level 2
        ({"posts": 5, "acknowledged": 2, "median_first_response_hours": 70}, 2),
        ({"posts": 10, "acknowledged": 6, "median_first_response_hours": 40, "contributors": 1}, 3),
        (
            {
                "posts": 10,
                "acknowledged": 7,
                "median_first_response_hours": 20,
                "contributors": 2,
                "answerers": 3,
            },
            4,
        ),
        (
            {
                "posts": 10,
                "acknowledged": 9,
                "median_first_response_hours": 10,
                "contributors": 4,
                "answerers": 5,
                "sponsor_idle_days": 40,
            },
            4,
        ),  # the sponsor is away: not level 5
        (
            {
                "posts": 10,
                "acknowledged": 9,
                "median_first_response_hours": 10,
                "contributors": 4,
                "answerers": 5,
                "sponsor_idle_days": 3,
            },
            5,
        ),
        (
            {
                "posts": 10,
                "acknowledged": 9,
                "median_first_response_hours": 10,
                "contributors": 4,
                "answerers": 0,
                "sponsor_idle_days": 3,
            },
            3,
        ),  # levels build on each other
    ],
)
def test_levels_follow_their_criteria(changes, expected):
    signals = Signals(**{**EMPTY.__dict__, **changes})
    assert maturity.level(signals) == expected


def test_the_explanation_names_what_the_next_level_needs():
    signals = Signals(
        **{
            **EMPTY.__dict__,
            "posts": 10,
            "acknowledged": 7,
            "median_first_response_hours": 30,
            "contributors": 2,
        }
    )
    explained = maturity.explain(signals)
    assert explained["level"] == 3 and explained["next"] == 4
    assert [(str(c.label), c.met) for c in explained["criteria"]] == [
        ("at least 3 members beyond the leaders answer others", False),
        ("at least 20% of members contribute", True),
        ("a first response within 24 hours (median)", False),
    ]


def _back(post: Post, hours: float) -> None:
    """Move a post (and its first response) into the past."""
    Post.objects.filter(pk=post.pk).update(
        published_at=timezone.now() - datetime.timedelta(hours=hours)
    )


def test_signals_are_measured_from_what_happened(company):
    owner = company.manager
    community = community_create(
        actor=owner, name="Measured", purpose="Measure it", sponsors=["grace"]
    )
    people = [PersonFactory(username=f"m{i}") for i in range(6)]
    for person in people:
        community_join(actor=person, community=community)
    first = make_post(people[0], community, body="Question one")
    _back(first, 10)
    talk.comment_create(actor=people[1], post=first, body="An answer")  # a member answers
    second = make_post(people[2], community, body="Unanswered")
    old = make_post(people[3], community, body="Too old")
    Post.objects.filter(pk=old.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=120)
    )
    measured = maturity.signals(community)
    assert measured.members == 8  # owner, sponsor and six members
    assert measured.posts == 2 and measured.acknowledged == 1
    assert 9.9 <= measured.median_first_response_hours <= 10.1
    assert measured.contributors == 3 and measured.answerers == 1
    assert measured.sponsor_idle_days is None  # grace has done nothing there yet
    assert second.pk  # kept in the window, unanswered


def test_the_stored_level_is_refreshed_and_the_change_recorded(company):
    community = community_create(actor=company.manager, name="Lively", purpose="Talk")
    members = [PersonFactory(username=f"p{i}") for i in range(4)]
    for person in members:
        community_join(actor=person, community=community)
    for i in range(5):
        post = make_post(members[i % 4], community, body=f"Topic {i}")
        if i < 2:
            talk.comment_create(actor=members[(i + 1) % 4], post=post, body="Reply")
    assert maturity_refresh() == 1
    assert Community.objects.get(pk=community.pk).maturity_level == 2
    event = Event.objects.get(verb="community.maturity_changed")
    assert event.metadata == {"from": 1, "to": 2}
    assert maturity_refresh() == 0


def test_the_community_page_explains_its_level(member_client, company, places):
    html = member_client.get(f"/communities/{places.open.slug}/").content.decode()
    assert "Maturity: level 1 of 5" in html
    assert "at least 5 posts in 90 days" in html
