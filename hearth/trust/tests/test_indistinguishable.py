"""Sealed identity: nothing another person can see depends on who wrote an anonymous post.

The same anonymous question, with a mention and a topic, is written in two worlds: once by a
long-standing community leader, once by a week-old member. Everything else is the same in both
(the same clock, the same colleagues doing the same things afterwards, one of whom is the leader
reacting under their own name). Every other role (member, facilitator, owner, sponsor, company
moderator, administrator without break-glass) then reads every surface: pages, API, feeds,
search, notifications, emails, the moderation queue, expert suggestions, rate limits, the audit
log and event-derived figures. The two worlds must read the same, byte for byte.

Both worlds are run inside one database transaction, rolled back to the same savepoint between
them (sequences reset too, so ids match on PostgreSQL). New surfaces join `SURFACES`.
"""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.utils import timezone

from hearth.communities import services as communities
from hearth.communities.models import Community
from hearth.conversations import services as talk
from hearth.conversations.models import Post
from hearth.conversations.services import PostIn
from hearth.core.errors import HearthError
from hearth.core.events import events_dispatch
from hearth.facilitation import experts
from hearth.live.models import LiveSignal
from hearth.notifications.emails import send_immediate
from hearth.people.services import token_create
from hearth.people.tests.factories import PersonFactory
from hearth.trust.limits import check_rate

START = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
VIEWERS = ("member", "facilitator", "owner", "sponsor", "moderator", "admin")


class Clock:
    def __init__(self):
        self.now = START

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += datetime.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(timezone, "now", clock)
    return clock


@pytest.fixture
def world(settings, company, clock):
    settings.HEARTH_ANONYMOUS_MIN_MEMBERS = 3
    settings.HEARTH_ANONYMOUS_DELAY_MINUTES = (10, 10)
    settings.HEARTH_RATE_LIMITS = {**settings.HEARTH_RATE_LIMITS, "post.created": (3, 3600)}
    old = START - datetime.timedelta(days=800)
    leader = PersonFactory(username="lena", display_name="Lena Leader", date_joined=old)
    newcomer = PersonFactory(
        username="nico", display_name="Nico New", date_joined=START - datetime.timedelta(days=2)
    )
    moderator = PersonFactory(username="mod", display_name="Mo Derator", date_joined=old)
    moderator.user_permissions.add(
        Permission.objects.get(codename="moderate", content_type__app_label="trust")
    )
    places = {}
    for name, preapprove in (("Open floor", False), ("Careful floor", True)):
        place = communities.community_create(
            actor=company.manager,
            name=name,
            purpose="Speak up",
            allow_anonymous=True,
            facilitators=[company.vp.username, leader.username],
            sponsors=[company.ceo.username],
            confirm_sponsors=True,
            preapprove_posts=preapprove,
        )
        for person in (company.member, newcomer):
            communities.member_add(actor=company.manager, community=place, person=person)
        places[name] = place
    # People who know the subject, for expert suggestions: both possible authors among them.
    from hearth.people.services import person_update_profile

    for person in (company.colleague, leader, newcomer):
        person_update_profile(
            actor=person, person=person, display_name=person.display_name, skills=["Reorg"]
        )
    events_dispatch()
    people = {
        "member": company.member,
        "facilitator": company.vp,
        "owner": company.manager,
        "sponsor": company.ceo,
        "moderator": moderator,
        "admin": company.admin,
    }
    tokens = {role: token_create(actor=p, person=p, name="t")[1] for role, p in people.items()}
    return {
        "leader": leader,
        "newcomer": newcomer,
        "people": people,
        "tokens": tokens,
        "places": places,
    }


def _normalised(text: str) -> str:
    text = re.sub(r'(csrfmiddlewaretoken" value=")[^"]+', r"\1CSRF", text)
    text = re.sub(r'("X-CSRFToken": ")[^"]+', r"\1CSRF", text)
    text = re.sub(r'(name="csrf-token" content=")[^"]+', r"\1CSRF", text)
    text = re.sub(r"It is now [^<]+", "It is now (the real clock)", text)  # {% now %}
    text = re.sub(r"unsubscribe/[^/\s]+/", "unsubscribe/SIGNED/", text)  # signed with time.time
    # "3 days ago" counts from the real clock; the datetime attribute beside it is compared.
    return re.sub(r"(<time [^>]*>)[^<]*(</time>)", r"\1\2", text)


def _api(world, role):
    return Client(HTTP_AUTHORIZATION=f"Bearer {world['tokens'][role]}")


def _page(world, role):
    client = Client()
    client.force_login(world["people"][role])
    return client


def _limit_answers(world) -> dict[str, str]:
    answers = {}
    for role, person in world["people"].items():
        try:
            check_rate(person, "post.created")
            answers[role] = "allowed"
        except HearthError as error:
            answers[role] = error.detail
    return answers


def snapshot(world, post_id: int, place: Community) -> dict[str, str]:
    """What every other role reads, surface by surface."""
    from hearth.insights.compute import refresh

    refresh()  # the insights snapshots, derived from the event log as the nightly run does
    seen: dict[str, str] = {}
    reads = {
        "post (API)": f"/api/v1/posts/{post_id}",
        "comments (API)": f"/api/v1/posts/{post_id}/comments",
        "reactions (API)": f"/api/v1/posts/{post_id}/reactions",
        "home feed (API)": "/api/v1/feed",
        "community feed (API)": f"/api/v1/communities/{place.slug}/feed",
        "community (API)": f"/api/v1/communities/{place.slug}",
        "topic (API)": "/api/v1/topics/reorg/feed",
        "search (API)": "/api/v1/search?q=reorg",
        "notifications (API)": "/api/v1/notifications",
        "queue (API)": "/api/v1/moderation/queue",
        "audit (API)": "/api/v1/audit",
        "leader corner (API)": "/api/v1/leaders/feed",
        "insights dashboard (API)": "/api/v1/insights/dashboard",
        "insights communities (API)": "/api/v1/insights/communities",
        "insights personas (API)": "/api/v1/insights/personas",
        "insights experts (API)": "/api/v1/insights/experts/reorg",
    }
    pages = {
        "post (page)": f"/posts/{post_id}/",
        "home (page)": "/",
        "community (page)": f"/communities/{place.slug}/",
        "queue (page)": "/moderation/",
        "experts (page)": f"/facilitation/posts/{post_id}/experts/",
        "facilitation (page)": "/facilitation/",
    }
    for role in VIEWERS:
        api = _api(world, role)
        for name, url in reads.items():
            answer = api.get(url)
            seen[f"{role} {name}"] = f"{answer.status_code} {_normalised(answer.content.decode())}"
        browser = _page(world, role)
        for name, url in pages.items():
            answer = browser.get(url)
            body = answer.content.decode() if answer.status_code == 200 else ""
            seen[f"{role} {name}"] = f"{answer.status_code} {_normalised(body)}"
    post = Post.objects.get(pk=post_id)
    seen["experts"] = json.dumps(
        [(s.person.username, s.reasons) for s in experts.suggest(post)], sort_keys=True
    )
    seen["post row"] = json.dumps(
        {
            field: str(getattr(post, field))
            for field in (
                "created_at",
                "published_at",
                "edited_at",
                "acknowledged_at",
                "last_activity_at",
                "hidden_at",
                "held",
                "comment_count",
                "reaction_counts",
                "author_id",
            )
        },
        sort_keys=True,
    )
    seen["emails"] = _normalised(json.dumps(sorted((m.to, m.subject, m.body) for m in mail.outbox)))
    # (The outbox rows' own times are the real clock's, which this test does not move.)
    seen["live signals"] = json.dumps(
        list(LiveSignal.objects.order_by("id").values_list("channel"))
    )
    seen["limits"] = json.dumps(_limit_answers(world), sort_keys=True)
    return seen


def play(world, clock, author, place) -> dict[str, str]:
    """The scenario, written by `author`; what everyone else saw at each step."""
    leader = world["leader"]
    people = world["people"]
    seen = {}
    post = talk.post_create(
        actor=author,
        data=PostIn(
            kind="question",
            title="Is the reorg safe?",
            community=place,
            anonymous=True,
            body="Honest question about #reorg, @ana: are the warehouse jobs safe?",
        ),
    )
    clock.advance(minutes=1)
    talk.post_update(actor=author, post=post, body=post.body + " (and the depots?)")
    events_dispatch()
    send_immediate()
    seen.update({f"before: {k}": v for k, v in snapshot(world, post.pk, place).items()})
    clock.advance(minutes=10)
    talk.posts_announce_due()
    if Post.objects.get(pk=post.pk).held:  # a community that approves posts first
        from hearth.moderation import services as moderation
        from hearth.moderation.selectors import queue_for

        report = queue_for(people["owner"]).get(post=post)
        moderation.action_take(actor=people["owner"], report=report, kind="dismiss", reason="Fine")
    events_dispatch()
    send_immediate()
    clock.advance(minutes=5)
    # The leader, under their own name, reacts (and in one world they wrote it).
    post = Post.objects.get(pk=post.pk)
    talk.reaction_set(actor=leader, post=post, kind="like")
    clock.advance(minutes=5)
    talk.comment_create(actor=people["member"], post=post, body="Same question here")
    events_dispatch()
    send_immediate()
    seen.update({f"after: {k}": v for k, v in snapshot(world, post.pk, place).items()})
    return seen


def _in_a_world(world, clock, author, place) -> dict[str, str]:
    from django.apps import apps

    from hearth.core.bulk import reset_sequences

    reset_sequences(*apps.get_models())  # each world's ids start from the same place
    point = transaction.savepoint()
    mail.outbox = []
    cache.clear()
    clock.now = START
    try:
        return play(world, clock, author, place)
    finally:
        transaction.savepoint_rollback(point)
        reset_sequences(*apps.get_models())
        cache.clear()


@pytest.mark.parametrize("place_name", ["Open floor", "Careful floor"])
def test_the_same_anonymous_post_reads_the_same_whoever_wrote_it(world, clock, place_name):
    place = world["places"][place_name]
    by_leader = _in_a_world(world, clock, world["leader"], place)
    by_newcomer = _in_a_world(world, clock, world["newcomer"], place)
    assert set(by_leader) == set(by_newcomer)
    different = [name for name in by_leader if by_leader[name] != by_newcomer[name]]
    details = []
    for name in different[:5]:
        a, b = by_leader[name], by_newcomer[name]
        at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), 0)
        details.append(
            f"{name}:\n  leader:   ...{a[max(0, at - 150) : at + 150]}\n"
            f"  newcomer: ...{b[max(0, at - 150) : at + 150]}"
        )
    assert not different, f"{len(different)} surfaces differ ({different}):\n" + "\n".join(details)
    # The scenario reached what it set out to: the post was out, mentioned Ana, was answered.
    assert "Same question here" in by_leader["after: member post (page)"]
    assert "Is the reorg safe?" in by_leader["after: member notifications (API)"]
    assert "Is the reorg safe?" not in by_leader["before: member notifications (API)"]
    assert '"acknowledged_at": "None"' not in by_leader["after: post row"]
    assert by_leader["after: admin insights dashboard (API)"].startswith("200 ")
    assert by_leader["after: owner queue (API)"].startswith("200 ")
