"""Ideas get an answer: statuses set by the community's leaders and sponsors, with history;
authors, voters and followers told; waiting ideas escalated to sponsors; shipped ideas earn
points; the sponsors' scorecard counts ideas answered."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from hearth.communities.models import Membership
from hearth.conversations import services as talk
from hearth.conversations.models import Bookmark, IdeaVote, Post
from hearth.conversations.tests.factories import make_post
from hearth.core.errors import Conflict, Forbidden, Invalid
from hearth.core.events import events_dispatch
from hearth.core.models import Event
from hearth.ideas import selectors, services
from hearth.ideas.models import IdeaStatus, IdeaStatusChange, Status
from hearth.notifications.models import Notification
from hearth.recognition.models import PointEntry

IDEA = "Let us run a monthly open office hour for every team to meet the network group."


@pytest.fixture
def idea(company, places):
    """Ana's idea in the open community (maria owns it, victor facilitates); carlos votes for it
    and the CEO bookmarks it."""
    post = make_post(company.member, places.open, kind="idea", title="Open office hours", body=IDEA)
    talk.idea_vote(actor=company.colleague, post=post)
    talk.bookmark_set(actor=company.ceo, post=post)
    return post


def _texts(person):
    from hearth.notifications.selectors import decorate, notifications_for

    return [n.text for n in decorate(person, list(notifications_for(person)))]


def test_a_leader_answers_an_idea_and_its_history_keeps_each_change(company, idea):
    services.idea_status_set(actor=company.vp, post=idea, status="under_review")
    row = services.idea_status_set(
        actor=company.manager, post=idea, status="planned", reason="In the Q1 plan."
    )
    assert (row.status, row.reason, row.set_by) == ("planned", "In the Q1 plan.", company.manager)
    history = list(selectors.history_for(company.member, idea))
    assert [(c.previous, c.status, c.actor) for c in history] == [
        ("under_review", "planned", company.manager),
        ("new", "under_review", company.vp),
    ]
    event = Event.objects.filter(verb="idea.status_set").latest("id")
    assert event.metadata["status"] == "planned" and event.object_id == idea.pk


def test_only_the_community_leaders_and_sponsors_answer_an_idea(company, places, idea):
    for outsider in (company.member, company.colleague, company.ceo):
        with pytest.raises(Forbidden):
            services.idea_status_set(actor=outsider, post=idea, status="planned")
    Membership.objects.filter(community=places.open, person=company.member).update(role="sponsor")
    services.idea_status_set(actor=company.member, post=idea, status="planned")
    assert IdeaStatus.objects.get(post=idea).status == "planned"


def test_bad_input_is_refused_and_changes_nothing(company, places, idea):
    update = make_post(company.member, places.open, body="Just an update, not an idea at all.")
    with pytest.raises(Conflict):
        services.idea_status_set(actor=company.manager, post=update, status="planned")
    with pytest.raises(Invalid) as declined:
        services.idea_status_set(actor=company.manager, post=idea, status="declined", reason="no")
    assert declined.value.errors[0].field == "reason"
    with pytest.raises(Invalid) as unknown:
        services.idea_status_set(actor=company.manager, post=idea, status="shipped")
    assert unknown.value.errors[0].field == "status"
    with pytest.raises(Invalid) as merged:
        services.idea_status_set(actor=company.manager, post=idea, status="merged")
    assert merged.value.errors[0].field == "merged_into"
    with pytest.raises(Invalid):
        services.idea_status_set(
            actor=company.manager, post=idea, status="merged", merged_into=idea
        )
    elsewhere = make_post(company.member, places.private, kind="idea", body=IDEA)
    with pytest.raises(Invalid):
        services.idea_status_set(
            actor=company.manager, post=idea, status="merged", merged_into=elsewhere
        )
    with pytest.raises(Invalid):
        services.idea_status_set(
            actor=company.manager, post=idea, status="planned", reason="x" * 2001
        )
    assert not IdeaStatus.objects.filter(post=idea).exists()
    assert not IdeaStatusChange.objects.exists()
    services.idea_status_set(actor=company.manager, post=idea, status="planned")
    with pytest.raises(Conflict):
        services.idea_status_set(actor=company.manager, post=idea, status="planned")


def test_a_merged_idea_hands_its_votes_and_followers_to_the_other(company, places, idea):
    other = make_post(company.vp, places.open, kind="idea", title="Team office hours", body=IDEA)
    talk.idea_vote(actor=company.colleague, post=other)  # counted once there
    talk.idea_vote(actor=company.admin, post=idea)
    services.idea_status_set(actor=company.manager, post=idea, status="merged", merged_into=other)
    other.refresh_from_db()
    idea.refresh_from_db()
    assert (idea.vote_count, other.vote_count) == (0, 2)
    assert set(IdeaVote.objects.filter(post=other).values_list("person", flat=True)) == {
        company.colleague.pk,
        company.admin.pk,
    }
    assert Bookmark.objects.filter(post=other, person=company.ceo).exists()
    events_dispatch()
    # Its voters heard of the merge though their votes moved.
    assert any("was merged into “Team office hours”" in t for t in _texts(company.admin))
    with pytest.raises(Conflict):
        services.idea_status_set(actor=company.manager, post=idea, status="planned")


def test_author_voters_and_followers_hear_the_new_status(company, idea):
    services.idea_status_set(
        actor=company.manager, post=idea, status="declined", reason="Budget is frozen this year."
    )
    events_dispatch()
    for person in (company.member, company.colleague, company.ceo):
        assert "What became of the idea “Open office hours”: Declined" in _texts(person)
    assert not Notification.objects.filter(recipient=company.manager, verb="idea").exists()
    assert not Notification.objects.filter(recipient=company.admin, verb="idea").exists()


def test_an_anonymous_idea_never_tells_its_author(company, places, settings):
    settings.HEARTH_ANONYMOUS_MIN_MEMBERS = 1
    settings.HEARTH_ANONYMOUS_DELAY_MINUTES = (0, 0)
    places.open.allow_anonymous = True
    places.open.save(update_fields=["allow_anonymous"])
    post = make_post(company.member, places.open, kind="idea", body=IDEA, anonymous=True)
    services.idea_status_set(actor=company.manager, post=post, status="done")
    events_dispatch()
    assert not Notification.objects.filter(verb="idea").exists()
    assert not PointEntry.objects.filter(rule="idea_shipped").exists()


def test_a_shipped_idea_earns_its_author_once_and_a_decline_costs_nothing(company, idea):
    services.idea_status_set(actor=company.manager, post=idea, status="done")
    services.idea_status_set(actor=company.manager, post=idea, status="in_progress")
    services.idea_status_set(actor=company.manager, post=idea, status="done")
    events_dispatch()
    shipped = PointEntry.objects.filter(rule="idea_shipped")
    assert list(shipped.values_list("person", "points", "community")) == [
        (company.member.pk, 30, idea.community_id)
    ]
    services.idea_status_set(
        actor=company.manager, post=idea, status="declined", reason="Budget is frozen after all."
    )
    events_dispatch()
    assert sum(PointEntry.objects.filter(person=company.member).values_list("points", flat=True))
    assert not PointEntry.objects.filter(person=company.member, points__lt=0).exists()


def test_a_leader_shipping_their_own_idea_earns_nothing(company, places):
    own = make_post(company.manager, places.open, kind="idea", body=IDEA)
    services.idea_status_set(actor=company.manager, post=own, status="done")
    events_dispatch()
    assert not PointEntry.objects.filter(rule="idea_shipped").exists()


def test_a_popular_idea_unanswered_past_the_target_goes_to_the_sponsors_once(
    company, places, idea, settings
):
    settings.HEARTH_IDEA_ESCALATION_VOTES = 2
    Membership.objects.filter(community=places.open, person=company.vp).update(role="sponsor")
    talk.idea_vote(actor=company.admin, post=idea)
    late = timezone.now() - datetime.timedelta(days=settings.HEARTH_IDEA_RESPONSE_DAYS + 1)
    Post.objects.filter(pk=idea.pk).update(published_at=late, created_at=late)
    quiet = make_post(company.member, places.open, kind="idea", body=IDEA)  # no votes: waits
    Post.objects.filter(pk=quiet.pk).update(published_at=late)
    assert services.ideas_escalate() == 1
    assert services.ideas_escalate() == 0
    events_dispatch()
    assert "The idea “Open office hours” has 2 votes and waits for an answer" in _texts(company.vp)
    assert not Notification.objects.filter(recipient=company.manager, verb="idea").exists()


def test_an_answered_idea_is_never_escalated(company, places, idea, settings):
    settings.HEARTH_IDEA_ESCALATION_VOTES = 1
    late = timezone.now() - datetime.timedelta(days=settings.HEARTH_IDEA_RESPONSE_DAYS + 1)
    Post.objects.filter(pk=idea.pk).update(published_at=late)
    services.idea_status_set(actor=company.manager, post=idea, status="under_review")
    assert services.ideas_escalate() == 0


def test_the_sponsors_scorecard_counts_ideas_answered_and_waiting(company, places, idea):
    from hearth.leadership.scorecard import measures

    Membership.objects.filter(community=places.open, person=company.vp).update(role="sponsor")
    waiting = make_post(company.member, places.open, kind="idea", body=IDEA)
    services.idea_status_set(actor=company.vp, post=idea, status="planned")
    services.idea_status_set(actor=company.vp, post=idea, status="done")  # still one idea
    row = measures([company.vp.pk])[company.vp.pk]
    assert (row["ideas_answered"], row["ideas_waiting"]) == (1, 1)
    services.idea_status_set(actor=company.vp, post=waiting, status="under_review")
    row = measures([company.vp.pk])[company.vp.pk]
    assert (row["ideas_answered"], row["ideas_waiting"]) == (2, 0)


def test_lists_show_only_ideas_the_reader_may_read_by_status(company, places, idea):
    secret = make_post(company.member, places.secret, kind="idea", body=IDEA)
    services.idea_status_set(actor=company.ceo, post=secret, status="done")
    services.idea_status_set(actor=company.manager, post=idea, status="planned")
    assert set(selectors.ideas_for(company.member)) == {idea, secret}
    assert list(selectors.ideas_for(company.colleague)) == [idea]
    assert selectors.status_counts(company.colleague)["done"] == 0
    assert selectors.status_counts(company.member)["done"] == 1
    assert list(selectors.ideas_for(company.member, status=Status.PLANNED)) == [idea]
