"""Side channels around sealed identity, one by one: acknowledgement, rate limits, times,
pre-approval, expert requests, and mentions in content that appears later."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from hearth.communities import services as communities
from hearth.conversations import services as talk
from hearth.conversations.models import Post
from hearth.conversations.services import PostIn
from hearth.core.errors import Conflict, RateLimited
from hearth.core.events import events_dispatch
from hearth.core.models import Event
from hearth.moderation.models import Report
from hearth.moderation.selectors import queue_for
from hearth.notifications.models import Notification
from hearth.trust.tests.test_sealed import allow_anonymous


@pytest.fixture
def floor(settings, company, places):
    """Network Ops allows anonymous posts; Ana (a member) and Maria (its owner) write there."""
    allow_anonymous(settings, places.open, least=2, delay=10)
    return places.open


def anonymous(author, place, body="Honest question", **fields):
    return talk.post_create(
        actor=author, data=PostIn(body=body, community=place, anonymous=True, **fields)
    )


def out(post):
    """Let the anonymous post's delay pass, and let the worker announce it."""
    Post.objects.filter(pk=post.pk).update(published_at=timezone.now() - datetime.timedelta(1))
    talk.posts_announce_due()
    events_dispatch()
    return Post.objects.get(pk=post.pk)


def test_the_sealed_authors_own_reaction_acknowledges_like_anyone_elses(company, floor):
    post = out(anonymous(company.member, floor))
    talk.reaction_set(actor=company.member, post=post, kind="like")  # Ana wrote it
    post.refresh_from_db()
    assert post.acknowledged_at is not None


def test_nobody_can_reply_or_react_before_the_post_is_out(company, floor):
    """Only its author can reach it then: a named reaction would name them."""
    post = anonymous(company.member, floor)
    with pytest.raises(Conflict, match="not published yet"):
        talk.reaction_set(actor=company.member, post=post, kind="like")
    with pytest.raises(Conflict, match="not published yet"):
        talk.comment_create(actor=company.member, post=post, body="Me too")


def test_anonymous_posts_and_their_mentions_count_against_their_real_author(
    settings, company, floor
):
    settings.HEARTH_RATE_LIMITS = {
        **settings.HEARTH_RATE_LIMITS,
        "post.created": (9, 3600),
        "mention.created": (6, 3600),
    }
    ana = company.member  # a new account: a third of each limit (3 posts, 2 mentions)
    anonymous(ana, floor, body="First")
    anonymous(ana, floor, body="Second, @maria and @victor")
    with pytest.raises(RateLimited) as mentions:
        anonymous(ana, floor, body="Third, @grace")
    assert "You can make 2 mentions per 1 h" in mentions.value.detail
    talk.post_create(actor=ana, data=PostIn(body="Named, the third post"))
    with pytest.raises(RateLimited) as sealed_limit:
        anonymous(ana, floor, body="Fourth")
    with pytest.raises(RateLimited) as named_limit:
        talk.post_create(actor=ana, data=PostIn(body="Named, the fourth"))
    # The same answer, whichever kind of post was refused.
    assert sealed_limit.value.detail == named_limit.value.detail
    assert sealed_limit.value.detail.startswith("You can make 3 posts per 1 h; please wait")
    # Nobody else's limit moved, and no record names Ana as the anonymous author.
    talk.post_create(actor=company.colleague, data=PostIn(body="Carlos is free to post"))
    assert (
        not Event.objects.filter(actor=ana, verb="post.created")
        .exclude(object_id__in=Post.objects.filter(anonymous=False).values("id"))
        .exists()
    )


def test_every_time_others_can_read_is_the_published_time_or_later(company, floor):
    post = anonymous(company.member, floor, body="Before, @maria")
    written = timezone.now()
    assert post.published_at >= written + datetime.timedelta(minutes=9)
    # Nothing about it is in the event log yet, nor any notification.
    assert not Event.objects.filter(object_type="conversations.post", object_id=post.pk).exists()
    assert not Event.objects.filter(target_type="conversations.post", target_id=post.pk).exists()
    events_dispatch()
    assert not Notification.objects.filter(recipient=company.manager).exists()
    talk.post_update(actor=company.member, post=post, body="Before, @maria (edited)")
    post = out(post)
    times = Event.objects.filter(object_type="conversations.post", object_id=post.pk)
    mention_times = Event.objects.filter(verb="mention.created", target_id=post.pk)
    assert times.exists() and mention_times.exists()
    for event in [*times, *mention_times]:
        assert event.created_at >= post.published_at
    assert post.edited_at is None  # nobody saw the text before the edit
    assert Notification.objects.filter(recipient=company.manager, verb="mention").count() == 1


def test_a_held_anonymous_post_joins_the_queue_at_its_published_time(company, places, floor):
    """Pre-approval: the owner's anonymous post is held like anyone's, and the queue (and a
    moderator's direct look) learns of it only from its published time."""
    floor.preapprove_posts = True
    floor.save(update_fields=["preapprove_posts"])
    by_owner = anonymous(company.manager, floor, body="From a leader")
    by_member = anonymous(company.member, floor, body="From a member")
    assert by_owner.held and by_member.held
    report = Report.objects.get(post=by_owner)
    assert report.created_at == by_owner.published_at
    assert not queue_for(company.admin).filter(post__in=[by_owner, by_member]).exists()
    from django.test import Client

    moderator = Client()
    moderator.force_login(company.admin)
    assert moderator.get(f"/posts/{by_owner.pk}/").status_code == 404
    for post in (by_owner, by_member):
        Post.objects.filter(pk=post.pk).update(published_at=timezone.now())
        Report.objects.filter(post=post).update(created_at=timezone.now())
    talk.posts_announce_due()
    assert queue_for(company.admin).filter(post__in=[by_owner, by_member]).count() == 2
    held = Event.objects.filter(verb="post.held", object_id__in=[by_owner.pk, by_member.pk])
    assert held.count() == 2


def test_asking_the_sealed_author_to_answer_their_own_question_spares_them(company, floor):
    from hearth.facilitation.services import experts_ask
    from hearth.people.services import person_update_profile

    for person in (company.member, company.colleague):
        person_update_profile(
            actor=person, person=person, display_name=person.display_name, skills=["Routing"]
        )
    communities.community_join(actor=company.colleague, community=floor)
    post = out(
        anonymous(company.member, floor, body="How does #routing fail over?", kind="question")
    )
    suggested = {s.person.username for s in talk_suggest(post)}
    assert {"ana", "carlos"} <= suggested  # the same list whoever asked
    experts_ask(actor=company.vp, post=post, usernames=["ana", "carlos"])
    events_dispatch()
    asked = set(
        Notification.objects.filter(verb="expert").values_list("recipient__username", flat=True)
    )
    assert asked == {"carlos"}


def talk_suggest(post):
    from hearth.facilitation.experts import suggest

    return suggest(post)


def test_a_scheduled_article_notifies_its_mentions_when_it_appears_and_once(company, places):
    publish_at = timezone.now() + datetime.timedelta(hours=2)
    article = talk.post_create(
        actor=company.manager,
        data=PostIn(
            kind="article",
            title="Roadmap",
            body="Thanks @ana for the #roadmap",
            publish_at=publish_at,
            community=places.open,
        ),
    )
    events_dispatch()
    assert not Notification.objects.filter(recipient=company.member).exists()
    assert talk.posts_announce_due() == 0  # not yet
    Post.objects.filter(pk=article.pk).update(published_at=timezone.now())
    assert talk.posts_announce_due() == 1
    assert talk.posts_announce_due() == 0  # once
    events_dispatch()
    mentions = Notification.objects.filter(recipient=company.member, verb="mention")
    assert mentions.count() == 1 and mentions.get().post_id == article.pk
    assert Event.objects.filter(verb="post.published", object_id=article.pk).count() == 1


def test_the_worker_announces_due_posts_on_its_schedule(company, floor):
    from hearth.conversations.tasks import announce_posts_periodically

    post = anonymous(company.member, floor, body="Hello @maria")
    Post.objects.filter(pk=post.pk).update(published_at=timezone.now())
    announce_posts_periodically.call_local()
    events_dispatch()
    assert Notification.objects.filter(recipient=company.manager, verb="mention").count() == 1


def test_a_scheduled_draft_published_early_is_announced_at_its_time(company, places):
    publish_at = timezone.now() + datetime.timedelta(hours=2)
    draft = talk.post_create(
        actor=company.manager,
        data=PostIn(
            kind="article",
            title="Plan",
            body="Thanks @ana",
            draft=True,
            publish_at=publish_at,
            community=places.open,
        ),
    )
    talk.post_update(actor=company.manager, post=draft, publish=True)
    events_dispatch()
    assert not Notification.objects.filter(recipient=company.member).exists()
    assert Post.objects.get(pk=draft.pk).announce_pending
    Post.objects.filter(pk=draft.pk).update(published_at=timezone.now())
    assert talk.posts_announce_due() == 1
    events_dispatch()
    assert Notification.objects.filter(recipient=company.member, verb="mention").count() == 1
