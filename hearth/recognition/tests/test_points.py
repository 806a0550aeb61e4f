"""The points ledger: derived from events, append-only, and each anti-gaming rule."""

from __future__ import annotations

import datetime

import pytest

from hearth.communities import invitations
from hearth.communities import services as communities
from hearth.conversations import services as talk
from hearth.conversations.tests.factories import make_post
from hearth.core.events import events_dispatch
from hearth.core.models import Event
from hearth.recognition import points as ledger
from hearth.recognition.models import PointEntry, PointRule
from hearth.recognition.selectors import points_of

LONG = "A contribution long enough to count for points."


def total(person) -> int:
    events_dispatch()
    return points_of(person)


def rules_of(person) -> list[str]:
    return sorted(
        PointEntry.objects.filter(person=person, reverses__isnull=True).values_list(
            "rule", flat=True
        )
    )


def test_the_default_rules_exist(db):
    assert PointRule.objects.get(code="accepted_answer").points == 15
    assert PointRule.objects.get(code="deliverable_shipped").points == 50


def test_a_post_earns_once_and_trivial_posts_earn_nothing(company, places):
    make_post(company.member, places.open, body=LONG)
    make_post(company.member, places.open, body="ok")
    assert total(company.member) == 2
    assert PointEntry.objects.get().community == places.open


def test_each_rule_has_a_daily_cap(company, places):
    for i in range(7):
        make_post(company.member, places.open, body=f"{LONG} Number {i}.")
    assert total(company.member) == 2 * 5  # the post rule stops at 5 a day


def test_nothing_for_commenting_or_answering_ones_own_post(company, places):
    question = make_post(
        company.member, places.open, kind="question", title="Which VPN?", body=LONG
    )
    talk.comment_create(actor=company.member, post=question, body=LONG)
    answer = talk.comment_create(actor=company.vp, post=question, body=LONG)
    talk.answer_accept(actor=company.member, post=question, comment=answer)
    events_dispatch()
    assert rules_of(company.member) == ["post"]
    assert rules_of(company.vp) == ["accepted_answer", "answer"]
    assert points_of(company.vp) == 18


def test_reactions_from_the_same_colleague_count_three_times_a_day(company, places):
    posts = [make_post(company.member, places.open, body=f"{LONG} {i}") for i in range(5)]
    for post in posts:
        talk.reaction_set(actor=company.vp, post=post, kind="like")
    talk.reaction_set(actor=company.member, post=posts[0], kind="like")  # oneself: nothing
    talk.reaction_set(actor=company.manager, post=posts[0], kind="like")
    events_dispatch()
    assert rules_of(company.member).count("reaction_received") == 4  # 3 from Victor, 1 Maria


def test_praise_and_invitations_and_jams_and_acknowledgements_earn(company, places):
    from hearth.facilitation import services as facilitation
    from hearth.jams import services as jams
    from hearth.jams.tests.factories import close, make_jam

    make_post(company.manager, places.open, kind="praise", body=LONG, praised=["ana"])
    invitations.send(
        actor=company.manager,
        community=places.open,
        target=invitations.Target(usernames=["carlos"]),
        template="Join us",
    )
    communities.community_join(actor=company.colleague, community=places.open)
    jam = make_jam(company)
    idea = jams.contribution_create(
        actor=company.member,
        jam=jam,
        theme=jam.themes.first(),
        kind="idea",
        title="Night chat",
        body=LONG,
    )
    close(jam)
    from django.utils import timezone

    jams.follow_up_set(
        actor=company.ceo,
        contribution=idea,
        selected=True,
        owner=company.member,
        due_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    waiting = make_post(company.colleague, places.open, body=LONG)
    facilitation.post_acknowledge(actor=company.vp, post=waiting)
    events_dispatch()
    assert {"praise_received", "jam_idea", "idea_selected"} <= set(rules_of(company.member))
    assert "invitation_joined" in rules_of(company.manager)
    assert "acknowledgement" in rules_of(company.vp)


def test_a_delivered_community_rewards_each_active_member(company, places):
    from hearth.communities.services import OutcomeIn, community_deliver

    purpose = communities.community_create(
        actor=company.manager,
        name="Ship it",
        kind="purpose",
        purpose="Ship the thing",
        business_goal="Faster",
        deliverable="The thing",
        starts_on=datetime.date.today(),
        ends_on=datetime.date.today() + datetime.timedelta(days=30),
    )
    communities.member_add(actor=company.manager, community=purpose, person=company.member)
    community_deliver(
        actor=company.manager,
        community=purpose,
        outcome=OutcomeIn(summary="We shipped the thing on time.", links=[], final_values={}),
    )
    events_dispatch()
    assert "deliverable_shipped" in rules_of(company.member)
    assert "deliverable_shipped" in rules_of(company.manager)


def test_deleting_or_moderating_takes_points_back_with_a_counter_entry(company, places):
    from hearth.moderation import services as moderation

    post = make_post(company.member, places.open, body=LONG)
    comment = talk.comment_create(actor=company.vp, post=post, body=LONG)
    assert total(company.member) == 2 and points_of(company.vp) == 1
    report = moderation.report_create(
        actor=company.manager, reason="spam", comment=comment, post=post
    )
    moderation.action_take(actor=company.admin, report=report, kind="hide", reason="Off topic here")
    talk.post_delete(actor=company.member, post=post)
    assert total(company.member) == 0 and points_of(company.vp) == 0
    assert PointEntry.objects.filter(reverses__isnull=False).count() == 2


def test_the_ledger_is_append_only_and_redelivery_changes_nothing(company, places):
    make_post(company.member, places.open, body=LONG)
    events_dispatch()
    entry = PointEntry.objects.get()
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        PointEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        PointEntry.objects.update(points=100)
    ledger.points(Event.objects.get(verb="post.created"))  # delivered again
    assert PointEntry.objects.count() == 1


def test_anonymous_posts_earn_nothing_for_anyone(company, places, settings):
    settings.HEARTH_ANONYMOUS_MIN_MEMBERS = 1
    settings.HEARTH_ANONYMOUS_DELAY_MINUTES = (0, 0)
    places.open.allow_anonymous = True
    places.open.save(update_fields=["allow_anonymous"])
    post = make_post(company.member, places.open, body=LONG, anonymous=True)
    talk.reaction_set(actor=company.vp, post=post, kind="like")
    assert total(company.member) == 0
    assert not PointEntry.objects.filter(person__is_stand_in=True).exists()


def test_a_bulk_import_of_past_events_follows_the_daily_and_pair_caps(db, company):
    """award_history (the demo's three years of points) applies the same caps as the consumer."""
    import datetime as dt

    from hearth.core.models import Event
    from hearth.recognition.models import PointEntry
    from hearth.recognition.points import REACTION_PAIR_CAP, award_history, rule_for

    author, fan = company.member, company.colleague
    day = dt.datetime(2026, 3, 10, 11, tzinfo=dt.UTC)
    awards = []
    for number in range(60):  # reactions from one person on one day, then on the next
        when = day + dt.timedelta(days=number // 30, minutes=number % 30)
        event = Event.objects.create(actor=fan, verb="reaction.set", created_at=when)
        awards.append(
            (
                event.pk,
                when,
                author.pk,
                author.department_id,
                "reaction_received",
                f"reaction:{number}:{fan.pk}",
                None,
                fan.pk,
            )
        )
    posts = []
    for number in range(8):
        event = Event.objects.create(actor=author, verb="post.created", created_at=day)
        posts.append((event.pk, day, author.pk, None, "post", f"post:{number}", None, None))
    state: dict = {}
    written = award_history(awards, state) + award_history(posts, state)
    entries = PointEntry.objects.filter(person=author)
    assert entries.filter(rule="reaction_received").count() == 2 * REACTION_PAIR_CAP
    assert entries.filter(rule="post").count() == rule_for("post").daily_cap
    assert written == entries.count()
    assert entries.first().department_id == author.department_id
