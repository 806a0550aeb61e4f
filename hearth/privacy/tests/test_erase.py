"""Deactivate (content stays, attributed) or erase a person (pseudonymise or remove), under the
documented policy; administrators only, never oneself, audited, nothing half-done."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core.files.storage import default_storage

from hearth.conversations.models import Attachment, Comment, Post
from hearth.core.errors import Conflict, Forbidden, Invalid
from hearth.feeds import services as feeds
from hearth.moderation import services as moderation
from hearth.people.models import Person
from hearth.people.tests.factories import PersonFactory
from hearth.privacy import services
from hearth.trust import services as trust
from hearth.trust.models import AuditEntry, SealedAuthor

from .conftest import post_json

REASON = "Left in June and asked to be forgotten (ticket HR-4411)."


def erase(actor, person, mode="pseudonymise", **overrides):
    data = {"mode": mode, "reason": REASON, "confirm": person.username, **overrides}
    return services.person_erase(actor=actor, person=person, **data)


def test_pseudonymising_keeps_the_conversation_and_empties_the_person(company, ana_wrote):
    ana = company.member
    feeds.person_follow(actor=company.manager, person=ana)
    result = erase(company.admin, ana)
    ana.refresh_from_db()
    assert ana.display_name == f"Former colleague {ana.pk}"
    assert ana.username == f"former-{ana.pk}" and ana.email.endswith("@erased.invalid")
    assert (ana.title, ana.bio, ana.manager, ana.employee_id) == ("", "", None, None)
    assert not ana.is_active and not ana.has_usable_password() and ana.erased_at
    assert not EmailAddress.objects.filter(user=ana).exists()
    assert not ana.tokens.exists() and not ana.following.exists() and not ana.followers.exists()
    post = Post.objects.get(pk=ana_wrote["post"].pk)
    assert post.body == "Ana's plan for the ring network" and post.author_id == ana.pk
    assert result["posts_removed"] == 0 and result["anonymous_seals_destroyed"] == 1


def test_erased_people_cannot_sign_in_and_their_tokens_stop(company, api):
    erase(company.admin, company.member)
    assert api.get("/api/v1/me").status_code == 401
    from django.test import Client

    assert not Client().login(username="ana", password="tellall-demo")


def test_the_seals_of_their_anonymous_posts_are_destroyed_for_good(company, ana_wrote):
    anonymous = ana_wrote["anonymous"]
    pending = moderation.reveal_request(actor=company.admin, post=anonymous, reason=REASON)
    erase(PersonFactory(username="root2", is_staff=True), company.member)
    assert not SealedAuthor.objects.filter(post=anonymous).exists()
    pending.refresh_from_db()
    assert pending.state == "expired"
    again = moderation.reveal_request(actor=company.admin, post=anonymous, reason=REASON)
    with pytest.raises(Conflict, match="no sealed author"):
        moderation.reveal_decide(
            actor=PersonFactory(username="root3", is_staff=True),
            request=again,
            approve=True,
            reason=REASON,
        )
    assert Post.objects.get(pk=anonymous.pk).body.startswith("Anonymous:")


def test_removing_deletes_and_purges_what_they_wrote(company, ana_wrote):
    attachment = Attachment.objects.get(post=ana_wrote["post"])
    stored = attachment.file.name
    result = erase(company.admin, company.member, mode="remove")
    assert result["posts_removed"] == 2 and result["comments_removed"] == 1
    for key in ("post", "anonymous"):
        post = Post.objects.get(pk=ana_wrote[key].pk)
        assert post.deleted_at and post.purged_at and post.body == "" and post.html == ""
    assert Comment.objects.get(pk=ana_wrote["comment"].pk).body == ""
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not default_storage.exists(stored)
    assert Post.objects.get(pk=ana_wrote["others"].pk).body.startswith("Maria's own roadmap")


def test_an_erasure_is_audited_with_its_reason(company):
    erase(company.admin, company.member)
    entry = AuditEntry.objects.get(action="person.erased")
    assert entry.actor == company.admin and entry.detail["reason"] == REASON
    assert entry.detail["mode"] == "pseudonymise"
    assert "Ana" not in entry.target_label


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"reason": "because"}, "reason"),
        ({"confirm": "anna"}, "confirm"),
        ({"mode": "shred"}, "mode"),
    ],
)
def test_bad_erase_requests_change_nothing(company, overrides, field):
    with pytest.raises(Invalid) as caught:
        erase(company.admin, company.member, **overrides)
    assert field in [e.field for e in caught.value.errors]
    ana = Person.objects.get(pk=company.member.pk)
    assert ana.username == "ana" and ana.is_active and ana.erased_at is None


def test_who_can_erase_whom(company):
    with pytest.raises(Forbidden):
        erase(company.manager, company.member)
    with pytest.raises(Forbidden, match="yourself"):
        erase(company.admin, company.admin)
    with pytest.raises(Conflict, match="administrator rights"):
        erase(PersonFactory(username="root2", is_staff=True), company.admin)
    erase(company.admin, company.member)
    ana = Person.objects.get(pk=company.member.pk)
    with pytest.raises(Conflict, match="already erased"):
        erase(company.admin, ana)


def test_the_api_erases_and_refuses_clearly(company, api_as, api):
    admin = api_as(company.admin)
    url = "/api/v1/people/ana/erase"
    assert (
        post_json(api, url, {"mode": "remove", "reason": REASON, "confirm": "ana"}).status_code
        == 403
    )
    bad = post_json(admin, url, {"mode": "pseudonymise", "reason": "short", "confirm": "ana"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "reason"
    assert post_json(admin, url, {"mode": "pseudonymise"}).status_code == 422
    assert (
        post_json(
            admin,
            "/api/v1/people/nobody/erase",
            {"mode": "remove", "reason": REASON, "confirm": "nobody"},
        ).status_code
        == 404
    )
    done = post_json(admin, url, {"mode": "pseudonymise", "reason": REASON, "confirm": "ana"})
    assert done.status_code == 200
    assert done.json()["display_name"].startswith("Former colleague")
    again = post_json(
        admin,
        f"/api/v1/people/{done.json()['username']}/erase",
        {"mode": "remove", "reason": REASON, "confirm": done.json()["username"]},
    )
    assert again.status_code == 409


def test_deactivation_keeps_content_attributed_and_can_be_undone(company, api_as, ana_wrote):
    admin = api_as(company.admin)
    ana_api = api_as(company.member)
    response = post_json(admin, "/api/v1/people/ana/deactivate")
    assert response.status_code == 200 and response.json()["is_active"] is False
    assert ana_api.get("/api/v1/me").status_code == 401
    post = Post.objects.select_related("author").get(pk=ana_wrote["post"].pk)
    assert post.author.display_name == "Ana Ribeiro"
    assert AuditEntry.objects.filter(action="person.left", actor=company.admin).exists()
    back = post_json(admin, "/api/v1/people/ana/reactivate")
    assert back.status_code == 200 and back.json()["is_active"] is True
    assert post_json(api_as(company.manager), "/api/v1/people/ana/deactivate").status_code == 403


def test_erased_people_cannot_be_reactivated_and_admins_cannot_deactivate_themselves(
    company, api_as
):
    erase(company.admin, company.member)
    admin = api_as(company.admin)
    ana = Person.objects.get(pk=company.member.pk)
    assert post_json(admin, f"/api/v1/people/{ana.username}/reactivate").status_code == 409
    assert post_json(admin, "/api/v1/people/admin/deactivate").status_code == 403


def test_the_erase_page_keeps_what_was_typed_and_then_erases(client, company):
    client.force_login(company.admin)
    page = client.get("/privacy/people/ana/")
    assert page.status_code == 200 and b"Erase this person" in page.content
    bad = client.post(
        "/privacy/people/ana/", {"mode": "remove", "reason": REASON, "confirm": "anna"}
    )
    assert bad.status_code == 422
    assert b"Type the person&#x27;s username to confirm." in bad.content
    assert REASON.encode() in bad.content
    done = client.post(
        "/privacy/people/ana/",
        {"mode": "pseudonymise", "reason": REASON, "confirm": "ana"},
        follow=True,
    )
    assert b"Erased on" in done.content
    ana = Person.objects.get(pk=company.member.pk)
    assert ana.erased_at is not None
    profile = client.get(f"/people/{ana.username}/")
    assert b"Former colleague" in profile.content and b"erased.invalid" not in profile.content


def test_the_account_page_deactivates_and_is_for_administrators_only(client, company):
    client.force_login(company.manager)
    assert client.get("/privacy/people/ana/").status_code == 404
    assert client.post("/privacy/people/ana/active/", {"active": "0"}).status_code == 404
    client.force_login(company.admin)
    page = client.post("/privacy/people/ana/active/", {"active": "0"}, follow=True)
    assert b"is deactivated" in page.content
    assert not Person.objects.get(pk=company.member.pk).is_active
    own = client.post("/privacy/people/admin/active/", {"active": "0"}, follow=True)
    assert b"cannot deactivate yourself" in own.content
    assert Person.objects.get(pk=company.admin.pk).is_active


def test_every_app_forgets_what_it_holds_of_an_erased_person(company, ana_wrote):
    """Erasure loops over the steps the apps register (core.registry.erasers): blocks, mutes,
    bookmarks, notifications, endorsements and the leadership corner all go, both ways, and
    the other people's own rows stay."""
    from hearth.conversations import services as talk
    from hearth.conversations.models import Bookmark
    from hearth.core.events import event_record
    from hearth.core.registry import erasers, purgers, retention, writings
    from hearth.facilitation import services as facilitation
    from hearth.facilitation.models import Endorsement
    from hearth.leadership import services as leadership
    from hearth.leadership.models import CornerFollow
    from hearth.notifications.models import Notification
    from hearth.people.services import tags_from_names
    from hearth.trust.models import Block, Mute

    ana, maria, vp = company.member, company.manager, company.vp
    assert {name for name, _step in erasers.items()} >= {
        "conversations",
        "facilitation",
        "feeds",
        "insights",
        "jams",
        "leadership",
        "notifications",
        "recognition",
        "trust",
    }
    assert [name for name, _step in writings.items()] == ["conversations", "moderation"]
    assert [name for name, _step in purgers.items()] == ["search"]
    assert [name for name, _step in retention.items()] == ["conversations", "notifications"]
    ana.skills.set(tags_from_names(["Fibre"]))
    maria.skills.set(tags_from_names(["Fibre"]))
    trust.block_set(actor=ana, person=vp, blocked=True)
    trust.mute_set(actor=maria, person=ana, muted=True)
    trust.mute_set(actor=maria, person=vp, muted=True)
    talk.bookmark_set(actor=ana, post=ana_wrote["others"])
    facilitation.skill_endorse(actor=maria, person=ana, skill="Fibre")
    facilitation.skill_endorse(actor=ana, person=maria, skill="Fibre")
    facilitation.skill_endorse(actor=vp, person=maria, skill="Fibre")
    leadership.corner_follow(actor=ana)
    mention = event_record(actor=vp, verb="mention.created")
    for person in (ana, maria):
        Notification.objects.create(
            recipient=person,
            verb="mention",
            actor=vp,
            group_key=f"mention:{person.pk}",
            event_id=mention.pk,
            created_at=mention.created_at,
            updated_at=mention.created_at,
        )

    erase(company.admin, ana)

    assert not Block.objects.filter(blocker=ana).exists()
    assert list(Mute.objects.values_list("person", "muted")) == [(maria.pk, vp.pk)]
    assert not Bookmark.objects.filter(person=ana).exists()
    assert list(Endorsement.objects.values_list("endorser", "person")) == [(vp.pk, maria.pk)]
    assert not CornerFollow.objects.filter(person=ana).exists()
    assert list(Notification.objects.values_list("recipient", flat=True)) == [maria.pk]


def test_an_app_plugs_its_own_steps_into_erasure_and_retention(company, ana_wrote):
    """A new app registers what it does with a person's writings and at retention time; privacy
    calls it with the erasure (mode, anonymous posts) and reports its counts, with no change to
    privacy."""
    from hearth.core.registry import retention, writings

    seen = []

    def notes_erase(erasure):
        seen.append((erasure.person.pk, erasure.mode, erasure.anonymous_post_ids))
        return {"notes_removed": 3}

    writings.register("notes", notes_erase)
    retention.register(
        "notes", lambda policy, now: {"notes_purged": policy["deleted_content_days"]}
    )
    try:
        result = erase(company.admin, company.member, mode="remove")
        counts = services.retention_purge()
    finally:
        writings.unregister("notes")
        retention.unregister("notes")
    assert seen == [(company.member.pk, "remove", [ana_wrote["anonymous"].pk])]
    assert result["notes_removed"] == 3 and result["posts_removed"] >= 1
    assert counts["notes_purged"] > 0 and "posts_purged" in counts
    from hearth.core.models import Event

    recorded = Event.objects.filter(verb="person.erased").latest("pk")
    assert recorded.metadata["notes_removed"] == 3
