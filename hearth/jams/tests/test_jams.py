"""Jams: scheduling with themes, facilitators, hosts and an audience; contributing while live;
facilitating (alerts, spotlight, merge); closing, the report and its follow-ups."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from hearth.communities.models import Community
from hearth.conversations import services as talk
from hearth.conversations.models import IdeaVote, Post
from hearth.core.errors import Conflict, Forbidden, Invalid
from hearth.core.events import events_dispatch
from hearth.core.models import Event
from hearth.jams import services
from hearth.jams.models import Contribution, Jam
from hearth.notifications.models import Notification
from hearth.notifications.selectors import decorate

from .factories import close, make_jam


def idea(jam, person, title, theme=None, body="Details to follow"):
    theme = theme or jam.themes.first()
    return services.contribution_create(
        actor=person, jam=jam, theme=theme, kind="idea", title=title, body=body
    )


def texts_for(person) -> list[str]:
    events_dispatch()
    return [n.text for n in decorate(person, list(Notification.objects.filter(recipient=person)))]


def test_a_leader_schedules_a_jam_with_its_forum_themes_and_audience(company):
    jam = make_jam(company, starts_in_hours=24)
    assert jam.state == "scheduled"
    assert jam.forum.privacy == "open" and jam.forum.name == "Jam: Customer obsession 2027"
    assert [t.title for t in jam.themes.all()] == ["Customers", "Network"]
    assert [p.username for p in jam.themes.first().facilitators.all()] == ["victor"]
    assert jam.audience_size == 6  # every active person
    assert Event.objects.filter(verb="jam.created", object_id=jam.pk).exists()


def test_the_audience_can_be_departments_locations_or_countries(company):
    jam = make_jam(company, audience_departments=["Sales"])
    assert jam.audience_size == 1 and not jam.audience_everyone
    jam = make_jam(company, title="Iberia", audience_countries=["es", "PT"])
    assert jam.audience_size == 1 and jam.audience_countries == ["ES", "PT"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"starts_in_hours": 5, "hours": -2}, "ends_at"),
        ({"themes": [services.ThemeIn("Only one", facilitators=["victor"])]}, "themes"),
        (
            {"themes": [services.ThemeIn("A", facilitators=["victor"]), services.ThemeIn("B")]},
            "themes.1.facilitators",
        ),
        ({"hosts": ["nobody"]}, "hosts"),
        ({"goal_pct": 0}, "goal_pct"),
        ({"audience_departments": ["Astrology"]}, "audience_departments"),
    ],
)
def test_bad_jams_are_refused_and_nothing_is_saved(company, overrides, field):
    communities_before = Community.objects.count()
    with pytest.raises(Invalid) as caught:
        make_jam(company, **overrides)
    assert field in [e.field for e in caught.value.errors]
    assert Jam.objects.count() == 0 and Community.objects.count() == communities_before


def test_only_leaders_and_administrators_run_jams(company):
    with pytest.raises(Forbidden):
        services.jam_create(
            actor=company.member,
            data=services.JamIn(
                title="Mine",
                challenge="Why not?",
                starts_at=timezone.now(),
                ends_at=timezone.now() + datetime.timedelta(days=1),
                themes=[],
                hosts=[],
            ),
        )


def test_people_contribute_while_it_is_live_and_only_then(company):
    jam = make_jam(company)
    item = idea(jam, company.member, "Chat support at night")
    assert item.post.community == jam.forum and item.post.kind == "idea"
    assert jam.forum.memberships.filter(person=company.member, state="active").exists()
    with pytest.raises(Conflict, match="own idea"):
        talk.idea_vote(actor=company.member, post=item.post)
    later = make_jam(company, title="Later", starts_in_hours=48)
    with pytest.raises(Conflict, match="not started"):
        idea(later, company.member, "Too early")
    close(jam)
    with pytest.raises(Conflict, match="closed"):
        idea(jam, company.member, "Too late")
    with pytest.raises(Conflict, match="archived"):
        talk.comment_create(
            actor=company.colleague, post=Post.objects.get(pk=item.post.pk), body="Late reply"
        )


def test_anonymous_contributions_only_where_the_jam_allows_them(company, settings):
    settings.HEARTH_ANONYMOUS_MIN_MEMBERS = 1
    settings.HEARTH_ANONYMOUS_DELAY_MINUTES = (0, 0)
    jam = make_jam(company)
    with pytest.raises(Invalid, match="anonymous"):
        services.contribution_create(
            actor=company.member,
            jam=jam,
            theme=jam.themes.first(),
            kind="idea",
            body="Secret idea",
            anonymous=True,
        )
    open_jam = make_jam(company, title="Speak freely", allow_anonymous=True)
    item = services.contribution_create(
        actor=company.member,
        jam=open_jam,
        theme=open_jam.themes.first(),
        kind="idea",
        body="Secret idea",
        anonymous=True,
    )
    assert item.post.author.is_stand_in


def test_merging_a_duplicate_moves_its_votes_and_followers(company):
    jam = make_jam(company)
    keep = idea(jam, company.member, "Night chat support")
    dup = idea(jam, company.manager, "Chat support at night")
    for voter in (company.colleague, company.ceo):
        talk.idea_vote(actor=voter, post=dup.post)
    talk.idea_vote(actor=company.colleague, post=keep.post)
    talk.bookmark_set(actor=company.vp, post=dup.post)
    services.idea_merge(actor=company.vp, source=dup, target=keep)
    keep.post.refresh_from_db()
    assert keep.post.vote_count == 2  # Carlos counted once, Grace moved over
    assert set(
        IdeaVote.objects.filter(post=keep.post).values_list("person__username", flat=True)
    ) == {"carlos", "grace"}
    assert keep.post.__class__.objects.get(pk=dup.post.pk).vote_count == 0
    dup.refresh_from_db()
    assert dup.merged_into == keep
    assert company.vp.bookmarks.filter(post=keep.post).exists()


def test_merging_refuses_itself_other_jams_and_non_facilitators(company):
    jam, other = make_jam(company), make_jam(company, title="Other jam")
    one, two = idea(jam, company.member, "One"), idea(jam, company.manager, "Two")
    elsewhere = idea(other, company.member, "Elsewhere")
    with pytest.raises(Invalid, match="itself"):
        services.idea_merge(actor=company.vp, source=one, target=one)
    with pytest.raises(Invalid, match="within one jam"):
        services.idea_merge(actor=company.vp, source=one, target=elsewhere)
    with pytest.raises(Forbidden):
        services.idea_merge(actor=company.colleague, source=one, target=two)


def test_alerts_reach_a_themes_participants_or_the_whole_audience(company):
    jam = make_jam(company)
    customers, network = jam.themes.all()
    idea(jam, company.member, "Chat support", theme=customers)
    idea(jam, company.colleague, "Faster fibre", theme=network)
    services.alert_send(
        actor=company.vp, jam=jam, theme=customers, body="Which idea would you pilot first?"
    )
    assert texts_for(company.member) == [
        "Jam alert in “Customer obsession 2027”: Which idea would you pilot first?"
    ]
    assert texts_for(company.colleague) == []
    services.alert_send(actor=company.ceo, jam=jam, body="One day left!")
    assert any("One day left!" in t for t in texts_for(company.colleague))
    with pytest.raises(Forbidden):
        services.alert_send(actor=company.member, jam=jam, body="Hello all")
    with pytest.raises(Invalid):
        services.alert_send(actor=company.vp, jam=jam, body="   ")


def test_people_who_asked_are_told_when_the_jam_goes_live(company):
    jam = make_jam(company, starts_in_hours=1)
    services.reminder_set(actor=company.member, jam=jam)
    Jam.objects.filter(pk=jam.pk).update(starts_at=timezone.now())
    assert services.jam_go_live_due() == 1 and services.jam_go_live_due() == 0
    assert texts_for(company.member) == ["The jam “Customer obsession 2027” is live: join in"]


def test_the_dashboard_counts_participation_and_pools_small_groups(company):
    jam = make_jam(company)
    item = idea(jam, company.member, "Chat support")
    talk.idea_vote(actor=company.colleague, post=item.post)
    talk.comment_create(actor=company.manager, post=item.post, body="Yes, nights matter")
    from hearth.jams.selectors import dashboard

    d = dashboard(company.ceo, jam)
    assert d["participants"] == 3 and d["audience"] == 6 and d["contributions"] == 2
    assert d["participation_pct"] == 50.0
    # Every group is under 5 people, and so is their pool: its count is not shown.
    assert d["by_department"] == [{"name": None, "participants": None, "pct": None}]
    assert d["top_ideas"][0].post == item.post
    assert sum(r["contributions"] for r in d["per_hour"]) == 2


def test_reach_names_the_largest_groups_and_pools_the_others(company):
    from hearth.jams.selectors import REACH_ROWS, _reach
    from hearth.people.models import Department, Person

    sizes = [30, 20, 12, 10, 9, 8, 7, 6, 5, 5, 4, 2]  # 12 departments, 4 past the first 8
    for n, size in enumerate(sizes):
        department = Department.objects.create(name=f"Dept {n:02d}")
        for i in range(size):
            Person.objects.create(
                username=f"p{n}-{i}", email=f"p{n}-{i}@x.example", department=department
            )
    rows = _reach(Person.objects.filter(department__name__startswith="Dept"), "department__name")
    assert [r["name"] for r in rows[:REACH_ROWS]] == [f"Dept {n:02d}" for n in range(REACH_ROWS)]
    assert rows[-1] == {"name": None, "participants": 5 + 5 + 4 + 2, "pct": 14}  # of 118
    assert rows[0]["pct"] == 25


def test_the_dashboard_draws_participation_against_the_audience_with_the_goal_marked(
    company, client
):
    jam = make_jam(company)
    idea(jam, company.member, "Chat support")
    client.force_login(company.ceo)
    page = client.get(f"/jams/{jam.slug}/dashboard/").content.decode()
    # 1 of 6 took part: 16.7% of a bar that is the whole audience, the goal a line at 50%.
    assert '<rect class="goal-fill" x="0" y="3" width="16.7" height="6">' in page
    assert '<line class="goal-mark" x1="50" x2="50"' in page
    assert "16.7% of the audience took part (goal: 50%)" in page


def test_follow_ups_come_after_the_jam_and_need_an_owner_and_a_date(company):
    jam = make_jam(company)
    item = idea(jam, company.member, "Chat support")
    due = timezone.localdate() + datetime.timedelta(days=60)
    with pytest.raises(Conflict, match="closed"):
        services.follow_up_set(
            actor=company.ceo, contribution=item, selected=True, owner=company.member, due_on=due
        )
    close(jam)
    with pytest.raises(Invalid) as caught:
        services.follow_up_set(actor=company.ceo, contribution=item, selected=True)
    assert {e.field for e in caught.value.errors} == {"owner", "due_on"}
    services.follow_up_set(
        actor=company.ceo, contribution=item, selected=True, owner=company.member, due_on=due
    )
    item.refresh_from_db()
    assert item.selected and item.owner == company.member


def test_the_report_tells_contributors_what_became_of_their_ideas(company):
    jam = make_jam(company)
    chosen = idea(jam, company.member, "Chat support")
    other = idea(jam, company.colleague, "Free coffee")
    close(jam)
    with pytest.raises(Invalid):
        services.report_publish(actor=company.ceo, jam=jam, summary="Short")
    due = timezone.localdate() + datetime.timedelta(days=30)
    services.follow_up_set(
        actor=company.ceo, contribution=chosen, selected=True, owner=company.manager, due_on=due
    )
    services.report_publish(
        actor=company.ceo, jam=jam, summary="Two hundred ideas; three pilots start in January."
    )
    assert Jam.objects.get(pk=jam.pk).state == "reported"
    assert texts_for(company.member) == [
        f"Your idea “Chat support” was selected in the report of “Customer obsession 2027”: "
        f"Maria Lopez follows it up by {due}"
    ]
    assert texts_for(company.colleague)[-1].startswith("The report of the jam")
    with pytest.raises(Conflict, match="already published"):
        services.report_publish(actor=company.ceo, jam=jam, summary="Once more, with feeling!")
    assert other.post.pk


def test_selected_ideas_become_a_community_of_purpose(company):
    jam = make_jam(company)
    item = idea(jam, company.member, "Chat support")
    close(jam)
    with pytest.raises(Conflict, match="Select at least one"):
        services.follow_up_community(actor=company.ceo, jam=jam)
    due = timezone.localdate() + datetime.timedelta(days=30)
    services.follow_up_set(
        actor=company.ceo, contribution=item, selected=True, owner=company.member, due_on=due
    )
    community = services.follow_up_community(actor=company.ceo, jam=jam)
    assert community.kind == "purpose" and community.state == "draft"
    assert "Chat support" in community.deliverable and community.ends_on == due
    assert community.memberships.filter(person=company.member, role="facilitator").exists()


def test_a_contribution_in_a_jam_is_a_post_everyone_may_read(company, client):
    jam = make_jam(company)
    item = idea(jam, company.member, "Chat support")
    client.force_login(company.colleague)
    assert client.get(item.post.get_absolute_url()).status_code == 200
    assert Post.objects.get(pk=item.post.pk).community.jam == jam
    assert Contribution.objects.count() == 1


def test_hosts_open_an_ask_the_host_thread_once(company):
    jam = make_jam(company)
    item = services.host_thread_open(actor=company.ceo, jam=jam)
    assert item.is_host_thread and item.spotlight and item.post.kind == "question"
    assert item.post.title == "Ask the host: Grace Mensah"
    with pytest.raises(Conflict, match="already open"):
        services.host_thread_open(actor=company.ceo, jam=jam)
    with pytest.raises(Forbidden):
        services.host_thread_open(actor=company.vp, jam=jam)
    later = make_jam(company, title="Later", starts_in_hours=10)
    with pytest.raises(Conflict, match="not started"):
        services.host_thread_open(actor=company.ceo, jam=later)


def test_a_jam_whose_themes_were_removed_in_the_admin_refuses_the_host_thread(company):
    jam = make_jam(company)
    jam.themes.all().delete()  # only Django's admin removes themes
    with pytest.raises(Conflict, match="no theme"):
        services.host_thread_open(actor=company.ceo, jam=jam)


def test_facilitators_tag_contributions_and_introduce_participants(company):
    from hearth.facilitation import services as facilitation

    jam = make_jam(company)
    item = idea(jam, company.member, "Night chat")
    services.contribution_tag(actor=company.vp, contribution=item, name="#support")
    assert [t.name for t in item.post.topics.all()] == ["support"]
    with pytest.raises(Invalid):
        services.contribution_tag(actor=company.vp, contribution=item, name="  ")
    with pytest.raises(Forbidden):
        services.contribution_tag(actor=company.colleague, contribution=item, name="x")
    intro = facilitation.introduction_create(
        actor=company.vp, first=company.member, second=company.colleague, community=jam.forum
    )
    assert intro.community == jam.forum and intro.state == "pending"


def test_hosts_edit_a_jam_and_overlapping_edits_are_refused(company):
    jam = make_jam(company, starts_in_hours=24)
    change = services.JamChange(
        version=jam.version,
        title="Customer love 2027",
        challenge=jam.challenge,
        starts_at=jam.starts_at,
        ends_at=jam.ends_at,
        goal_pct=60,
        allow_anonymous=False,
    )
    jam = services.jam_update(actor=company.ceo, jam=jam, change=change)
    assert jam.title == "Customer love 2027" and jam.version == 2
    with pytest.raises(Conflict, match="meanwhile"):
        services.jam_update(actor=company.ceo, jam=jam, change=change)  # made from version 1
    backwards = services.JamChange(
        **{**change.__dict__, "version": 2, "ends_at": jam.starts_at - datetime.timedelta(hours=1)}
    )
    with pytest.raises(Invalid):
        services.jam_update(actor=company.ceo, jam=jam, change=backwards)
    with pytest.raises(Forbidden):
        services.jam_update(
            actor=company.member,
            jam=jam,
            change=services.JamChange(**{**change.__dict__, "version": 2}),
        )
    assert Jam.objects.get(pk=jam.pk).version == 2


def test_the_audience_gets_personal_invitations_once(company):
    from hearth.communities.models import Invitation

    jam = make_jam(company, starts_in_hours=24, audience_departments=["Sales"])
    with pytest.raises(Forbidden):
        services.audience_invite(actor=company.member, jam=jam, message="Come!")
    with pytest.raises(Invalid):
        services.audience_invite(actor=company.ceo, jam=jam, message="  ")
    assert services.audience_invite(actor=company.ceo, jam=jam, message="Your ideas count") == 1
    assert services.audience_invite(actor=company.ceo, jam=jam, message="Again") == 0
    assert Invitation.objects.get().invitee == company.colleague
    assert texts_for(company.colleague) == [
        "Grace Mensah invites you to the jam “Customer obsession 2027”"
    ]
