"""Notifications derived from the event log: who hears about what, grouping, privacy, API."""

from __future__ import annotations

import json

from hearth.communities.invitations import Target, send
from hearth.communities.services import community_join
from hearth.conversations import services as talk
from hearth.conversations.tests.factories import make_post
from hearth.core.events import events_dispatch
from hearth.feeds.services import person_follow
from hearth.notifications.models import Notification


def texts(client) -> list[str]:
    events_dispatch()
    return [n["text"] for n in client.get("/api/v1/notifications").json()["items"]]


def test_replies_answers_acceptance_and_mentions_reach_the_right_people(api, api_as, company):
    question = make_post(company.member, None, kind="question", title="Which VPN?", body="?")
    answer = talk.comment_create(actor=company.manager, post=question, body="Ask @carlos")
    talk.answer_accept(actor=company.member, post=question, comment=answer)
    assert texts(api) == ["Maria Lopez answered your question “Which VPN?”"]
    assert texts(api_as(company.manager)) == ["Ana Ribeiro accepted your answer to “Which VPN?”"]
    assert texts(api_as(company.colleague)) == ["Maria Lopez mentioned you in “Which VPN?”"]


def test_reactions_are_grouped_while_unread(api, company):
    post = make_post(company.member, None, body="Shipped")
    for person in (company.manager, company.vp, company.colleague):
        talk.reaction_set(actor=person, post=post, kind="like")
    talk.reaction_set(actor=company.vp, post=post, kind="celebrate")  # a change, not a new one
    assert texts(api) == ["Carlos Diaz and 2 others reacted to “Shipped”"]
    assert Notification.objects.count() == 1


def test_followers_praise_and_invitations(api, api_as, company, places):
    person_follow(actor=company.colleague, person=company.member)
    make_post(company.manager, None, kind="praise", body="Great work", praised=["ana"])
    send(
        actor=company.ceo,
        community=places.secret,
        target=Target(usernames=["victor"]),
        template="{first_name}, join us",
    )
    assert texts(api) == ["Maria Lopez praised you", "Carlos Diaz started following you"]
    assert texts(api_as(company.vp)) == ["Grace Mensah invited you to Merger Room"]


def test_announcements_reach_members_but_not_those_who_muted(api, api_as, company, places):
    from hearth.communities.services import community_mute

    community_mute(actor=company.vp, community=places.open, muted=True)
    make_post(company.manager, places.open, kind="announcement", title="Freeze", body="No deploys")
    assert texts(api) == ["Announcement in Network Ops: “Freeze”"]
    assert texts(api_as(company.vp)) == []


def test_nobody_hears_about_content_they_may_not_see(api_as, company, places):
    # Carlos was removed from the secret community: a mention there reaches nobody outside it.
    post = make_post(company.member, places.secret, body="Secret plan, @carlos")
    talk.comment_create(actor=company.ceo, post=post, body="Noted")
    outsider = api_as(company.colleague)
    assert texts(outsider) == []
    assert not Notification.objects.filter(recipient=company.colleague).exists()


def test_a_notification_hides_the_title_once_the_post_is_gone(api, company):
    post = make_post(company.member, None, body="Soon gone")
    talk.comment_create(actor=company.manager, post=post, body="Reply")
    events_dispatch()
    talk.post_delete(actor=company.member, post=post)
    assert texts(api) == ["Maria Lopez replied in “a post you can no longer see”"]


def test_read_one_all_and_the_unread_filter(api, company):
    person_follow(actor=company.colleague, person=company.member)
    person_follow(actor=company.manager, person=company.member)
    post = make_post(company.member, None, body="x")
    talk.comment_create(actor=company.vp, post=post, body="y")
    events_dispatch()
    items = api.get("/api/v1/notifications", {"unread": "true"}).json()["items"]
    assert len(items) == 2  # followers are grouped
    read = api.post(
        "/api/v1/notifications/read",
        json.dumps({"ids": [items[0]["id"]]}),
        content_type="application/json",
    ).json()
    assert read == {"updated": 1, "unread": 1}
    read = api.post(
        "/api/v1/notifications/read", json.dumps({"all": True}), content_type="application/json"
    ).json()
    assert read == {"updated": 1, "unread": 0}
    assert api.get("/api/v1/notifications", {"unread": "true"}).json()["items"] == []
    bad = api.post("/api/v1/notifications/read", json.dumps({}), content_type="application/json")
    assert bad.status_code == 422


def test_nobody_reads_or_marks_someone_elses_notifications(api, api_as, company):
    person_follow(actor=company.colleague, person=company.manager)
    events_dispatch()
    theirs = Notification.objects.get(recipient=company.manager)
    response = api.post(
        "/api/v1/notifications/read",
        json.dumps({"ids": [theirs.pk]}),
        content_type="application/json",
    )
    assert response.json()["updated"] == 0
    assert api.get("/api/v1/notifications").json()["items"] == []


def test_the_bell_counts_and_the_page_opens_the_item(member_client, company):
    post = make_post(company.member, None, body="Hello")
    comment = talk.comment_create(actor=company.manager, post=post, body="Hi!")
    events_dispatch()
    html = member_client.get("/").content.decode()
    assert '<span class="bell-count">1</span>' in html
    page = member_client.get("/notifications/").content.decode()
    notification = Notification.objects.get()
    assert "Maria Lopez replied in “Hello”" in page
    opened = member_client.get(f"/notifications/{notification.pk}/")
    assert opened["Location"] == f"/posts/{post.pk}/#comment-{comment.pk}"
    assert '<span class="bell-count">' not in member_client.get("/").content.decode()


def test_reading_the_item_reads_its_notifications(member_client, client, company):
    """Not only through the bell: opening the post from a feed or a link settles them too."""
    mine = make_post(company.member, None, body="Hello")
    talk.comment_create(actor=company.manager, post=mine, body="Hi!")
    other = make_post(company.manager, None, body="Lunch with @ana?")
    elsewhere = make_post(company.manager, None, body="And with @ana again")
    events_dispatch()
    assert '<span class="bell-count">3</span>' in member_client.get("/").content.decode()
    member_client.get(mine.get_absolute_url())  # the author reads the reply on their post
    member_client.get(other.get_absolute_url())
    assert '<span class="bell-count">1</span>' in member_client.get("/").content.decode()
    unread = Notification.objects.filter(recipient=company.member, read_at__isnull=True)
    assert list(unread.values_list("post_id", flat=True)) == [elsewhere.pk]


def test_each_event_notifies_once_even_if_dispatched_again(api, company):
    post = make_post(company.member, None, body="x")
    talk.comment_create(actor=company.manager, post=post, body="y")
    events_dispatch()
    events_dispatch()
    assert Notification.objects.count() == 1


def test_join_requests_reach_the_leaders(api_as, company, places):
    community_join(actor=company.vp, community=places.private)
    events_dispatch()
    assert Notification.objects.get(recipient=company.manager).verb == "join_request"
    assert not Notification.objects.filter(recipient=company.member).exists()


def test_an_app_says_whom_its_events_concern_without_touching_the_hub(company):
    """The hub loops over what apps register (core.registry.notifiers): a new verb, declared
    by its app alone, reaches the people it names, once, and never its own actor."""
    from hearth.core.events import event_record
    from hearth.core.registry import Notice, notifier, notifiers

    @notifier("a-new-app", ["garden.watered"])
    def whom(event):
        return [Notice(company.member.pk, "mention"), Notice(event.actor_id, "mention")]

    try:
        event_record(actor=company.vp, verb="garden.watered")
        events_dispatch()
        events_dispatch()
        got = Notification.objects.filter(verb="mention")
        assert list(got.values_list("recipient", flat=True)) == [company.member.pk]
    finally:
        notifiers.unregister("a-new-app")


def test_an_app_declares_a_new_kind_with_its_text_and_email_default(company, client):
    """A kind of notification is declared by its app (core.registry.notification_kinds): the
    hub then accepts, tells, links and offers it in the settings, with no migration."""
    from hearth.core.events import event_record
    from hearth.core.registry import (
        Notice,
        NotificationKind,
        notification_kinds,
        notifier,
        notifiers,
    )

    notification_kinds.register(
        "watering",
        NotificationKind(
            "Gardens watered", email="immediate", text="%(who)s watered the garden", link="actor"
        ),
    )

    @notifier("a-new-app", ["garden.watered"])
    def whom(event):
        return [Notice(company.member.pk, "watering")]

    try:
        event_record(actor=company.vp, verb="garden.watered")
        events_dispatch()
        got = Notification.objects.get(recipient=company.member)
        assert (got.verb, got.email_frequency) == ("watering", "immediate")
        client.force_login(company.member)
        items = client.get("/api/v1/notifications?verb=watering").json()["items"]
        assert [(n["text"], n["target_url"]) for n in items] == [
            (
                f"{company.vp.name} watered the garden",
                f"http://testserver/people/{company.vp.username}/",
            )
        ]
        assert "Gardens watered" in client.get("/notifications/preferences/").content.decode()
        refused = client.get("/api/v1/notifications?verb=pruning")
        assert refused.status_code == 422 and "watering" in refused.content.decode()
    finally:
        notifiers.unregister("a-new-app")
        notification_kinds.unregister("watering")
