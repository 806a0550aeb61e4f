"""Sealed-identity anonymous posts: a canary author must not leak through any surface."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core import mail
from django.utils import timezone

from hearth.communities import services as communities
from hearth.conversations import services as talk
from hearth.conversations.models import Post, Revision
from hearth.conversations.services import PostIn
from hearth.core.events import events_dispatch
from hearth.core.models import Event
from hearth.feeds import services as feeds
from hearth.moderation import services as moderation_services
from hearth.moderation.models import RevealRequest
from hearth.notifications.emails import send_immediate
from hearth.people.tests.factories import PersonFactory
from hearth.search.models import SearchDocument
from hearth.trust import sealed
from hearth.trust.models import AuditEntry, SealedAuthor

CANARY = ("Zebracanary", "canary7731", "zebra.canary@tellall.example")


def allow_anonymous(settings, place, *, least: int, delay: int) -> None:
    """`place` takes anonymous posts from `least` members on, shown after `delay` minutes."""
    settings.HEARTH_ANONYMOUS_MIN_MEMBERS = least
    settings.HEARTH_ANONYMOUS_DELAY_MINUTES = (delay, delay)
    place.allow_anonymous = True
    place.save(update_fields=["allow_anonymous"])


def post_json(client, url: str, payload: dict):
    return client.post(url, json.dumps(payload), content_type="application/json")


def assert_no_canary(text: str, where: str) -> None:
    for secret in CANARY:
        assert secret.lower() not in text.lower(), f"{secret} leaked through {where}"


@pytest.fixture
def canary(settings, company, places):
    """Ana's follower-rich colleague posts anonymously in Network Ops (which allows it)."""
    allow_anonymous(settings, places.open, least=3, delay=0)
    person = PersonFactory(username=CANARY[1], display_name=f"{CANARY[0]} Stripes", email=CANARY[2])
    communities.community_join(actor=person, community=places.open)
    feeds.person_follow(actor=company.member, person=person)  # Ana follows the canary
    events_dispatch()
    return person


@pytest.fixture
def secret_post(canary, company, places):
    before = Event.objects.filter(actor=canary).count()
    post = talk.post_create(
        actor=canary,
        data=PostIn(
            kind="question",
            title="Is the reorg safe?",
            community=places.open,
            anonymous=True,
            body="Honest question for @ana about #restructuring: are the warehouse jobs safe?",
        ),
    )
    assert Event.objects.filter(actor=canary).count() == before
    return post


def test_the_post_is_authored_by_the_stand_in_and_sealed(canary, secret_post):
    stand_in = sealed.stand_in()
    assert secret_post.author == stand_in and secret_post.anonymous
    assert not stand_in.is_active and not stand_in.has_usable_password()
    seal = SealedAuthor.objects.get(post=secret_post)
    assert "person" not in seal.token and len(seal.tag) == 64  # encrypted, and a keyed hash
    assert sealed.is_sealed_author(canary, secret_post)
    assert sealed.sealed_post_ids(canary) == [secret_post.pk]
    assert sealed.sealed_post_ids(stand_in) == []
    # Nothing recorded names the canary: events, search, mentions, invitations.
    for event in Event.objects.filter(verb__in=["post.created", "mention.created"]):
        assert event.actor_id != canary.pk
    assert SearchDocument.objects.filter(author_id=canary.pk).count() == 0


def test_no_page_shows_the_canary(client, company, places, canary, secret_post):
    events_dispatch()
    for viewer in (company.member, company.vp, company.admin):  # member, facilitator, admin
        client.force_login(viewer)
        for url in [
            "/",
            f"/posts/{secret_post.pk}/",
            f"/communities/{places.open.slug}/",
            "/search/?q=warehouse",
            "/topics/restructuring/",
            "/notifications/",
            f"/people/{canary.username}/",
        ]:
            response = client.get(url)
            assert response.status_code == 200, url
            body = response.content.decode()
            if url != f"/people/{canary.username}/":
                assert_no_canary(body, url)
            if url == f"/posts/{secret_post.pk}/" or (url == "/" and viewer != company.admin):
                assert "Anonymous colleague" in body
        profile = client.get(f"/people/{canary.username}/").content.decode()
        assert "warehouse" not in profile  # the canary's profile does not list it
    client.force_login(company.member)
    note = client.get("/notifications/").content.decode()
    assert "Anonymous colleague mentioned you" in note
    assert client.get("/people/anonymous-colleague/").status_code == 404
    assert "anonymous-colleague" not in client.get("/people/?q=anonymous").content.decode()


def test_no_api_shows_the_canary(api, api_as, company, places, canary, secret_post):
    events_dispatch()
    for client in (api, api_as(company.admin)):
        for url in [
            f"/api/v1/posts/{secret_post.pk}",
            "/api/v1/feed",
            f"/api/v1/communities/{places.open.slug}/feed",
            "/api/v1/search?q=warehouse",
            "/api/v1/topics/restructuring/feed",
            "/api/v1/notifications",
            f"/api/v1/people/{canary.username}/activity",
        ]:
            response = client.get(url)
            assert response.status_code == 200, (url, response.content)
            assert_no_canary(response.content.decode(), url)
        detail = client.get(f"/api/v1/posts/{secret_post.pk}").json()
        assert detail["author"] is None and detail["anonymous"] is True
        activity = client.get(f"/api/v1/people/{canary.username}/activity").json()
        assert activity["items"] == []


def test_emails_and_followers_learn_nothing(company, canary, secret_post):
    events_dispatch()
    send_immediate()
    assert [m.to for m in mail.outbox] == [["ana@tellall.example"]]  # the mention, nothing else
    message = mail.outbox[0]
    whole = message.subject + message.body + str(message.extra_headers) + message.from_email
    whole += "".join(alt[0] for alt in getattr(message, "alternatives", []))
    assert_no_canary(whole, "email")
    assert "Anonymous colleague" in message.subject


def test_the_author_alone_edits_deletes_and_sees_it_early(
    settings, client, company, places, canary
):
    settings.HEARTH_ANONYMOUS_DELAY_MINUTES = (20, 20)
    post = talk.post_create(
        actor=canary, data=PostIn(body="Later, please", community=places.open, anonymous=True)
    )
    assert post.published_at >= timezone.now() + datetime.timedelta(minutes=19)
    assert post.created_at == post.published_at  # no creation time to correlate
    client.force_login(company.member)
    assert client.get(f"/posts/{post.pk}/").status_code == 404  # not out yet
    assert "Later, please" not in client.get("/").content.decode()
    client.force_login(canary)
    page = client.get(f"/posts/{post.pk}/").content.decode()
    assert "only you see this note" in page and "Others will see it from" in page
    assert f'href="/posts/{post.pk}/edit/"' in page
    # Before it is out nobody saw it: an edit leaves no revision and no "edited" time, whose
    # moment would point at its author.
    talk.post_update(actor=canary, post=post, body="Later, please (edited)")
    post.refresh_from_db()
    assert post.edited_at is None and not Revision.objects.filter(post=post).exists()
    # Once out, edits keep revisions that name nobody, and others cannot edit.
    Post.objects.filter(pk=post.pk).update(published_at=timezone.now())
    talk.post_update(actor=canary, post=post, body="Later, please (edited twice)")
    assert Revision.objects.get(post=post).edited_by == sealed.stand_in()
    with pytest.raises(Exception, match="Only the author"):
        talk.post_update(actor=company.member, post=post, body="Hijack")
    with pytest.raises(Exception, match="Only the author"):
        talk.post_delete(actor=company.member, post=post)
    response = client.post(f"/posts/{post.pk}/delete/")
    assert response.status_code == 302
    assert Post.objects.get(pk=post.pk).deleted_by == sealed.stand_in()
    assert not Event.objects.filter(actor=canary, verb__startswith="post.").exists()


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"allow": False}, "not allowed here"),
        ({"community": None}, "not allowed here"),
        ({"least": 50}, "at least 50 members"),
        ({"kind": "announcement"}, "Updates, questions, ideas and polls only"),
    ],
)
def test_anonymous_posting_is_refused_where_it_could_expose_someone(
    settings, api_as, company, places, canary, change, words
):
    places.open.allow_anonymous = change.get("allow", True)
    places.open.save(update_fields=["allow_anonymous"])
    settings.HEARTH_ANONYMOUS_MIN_MEMBERS = change.get("least", 3)
    payload = {
        "kind": change.get("kind", "update"),
        "body": "Psst",
        "anonymous": True,
        "community": change.get("community", places.open.slug),
    }
    if payload["kind"] == "announcement":
        communities.member_add(
            actor=company.manager, community=places.open, person=canary, role="facilitator"
        )
    response = post_json(api_as(canary), "/api/v1/posts", payload)
    assert response.status_code == 422
    assert words in json.dumps(response.json())
    assert not Post.objects.filter(anonymous=True).exists()


def test_moderators_act_without_learning_who(client, api, api_as, company, places, secret_post):
    report = post_json(api, "/api/v1/reports", {"post": secret_post.pk, "reason": "spam"})
    assert report.status_code == 201
    victor = api_as(company.vp)  # facilitator of Network Ops
    queue = victor.get("/api/v1/moderation/queue")
    assert_no_canary(queue.content.decode(), "queue API")
    client.force_login(company.vp)
    for url in ["/moderation/", f"/moderation/reports/{report.json()['id']}/"]:
        assert_no_canary(client.get(url).content.decode(), url)
    act = "/api/v1/moderation/actions"
    rid = report.json()["id"]
    warn = post_json(victor, act, {"report": rid, "action": "warn", "reason": "Be nice"})
    assert warn.status_code == 422
    assert "anonymous" in json.dumps(warn.json())
    hide = post_json(victor, act, {"report": rid, "action": "hide", "reason": "Off topic"})
    assert hide.status_code == 201
    client.force_login(company.admin)
    stats = client.get("/moderation/").content.decode()
    assert_no_canary(stats, "repeat offenders")


@pytest.fixture
def two_admins(company):
    second = PersonFactory(username="li", display_name="Li Admin", is_staff=True)
    return company.admin, second


def test_break_glass_needs_two_administrators(api_as, company, canary, secret_post, two_admins):
    first, second = (api_as(p) for p in two_admins)
    reason = "Credible threat reported to security, case SEC-1234."
    assert (
        post_json(
            api_as(company.vp),
            "/api/v1/moderation/reveals",
            {"post": secret_post.pk, "reason": reason},
        ).status_code
        == 404
    )
    short = post_json(first, "/api/v1/moderation/reveals", {"post": secret_post.pk, "reason": "x"})
    assert short.status_code == 422
    asked = post_json(
        first, "/api/v1/moderation/reveals", {"post": secret_post.pk, "reason": reason}
    )
    assert asked.status_code == 201 and asked.json()["author"] is None
    again = post_json(
        first, "/api/v1/moderation/reveals", {"post": secret_post.pk, "reason": reason}
    )
    assert again.status_code == 409
    rid = asked.json()["id"]
    decision = f"/api/v1/moderation/reveals/{rid}/decision"
    own = post_json(first, decision, {"decision": "approve", "reason": "I approve my own ask."})
    assert own.status_code == 403 and "second administrator" in own.json()["detail"]
    assert RevealRequest.objects.get(pk=rid).revealed_person is None
    yes = {"decision": "approve", "reason": "Confirmed with the security team."}
    approved = post_json(second, decision, yes)
    assert approved.status_code == 200
    assert approved.json()["author"] == CANARY[1]
    assert first.get("/api/v1/moderation/reveals").json()["items"][0]["author"] == CANARY[1]
    third = api_as(PersonFactory(username="third", is_staff=True))
    assert third.get("/api/v1/moderation/reveals").json()["items"][0]["author"] is None
    reused = post_json(second, decision, yes)
    assert reused.status_code == 409 and "already used" in reused.json()["detail"]
    # Audited, without the name; the author is told.
    actions = list(
        AuditEntry.objects.filter(action__startswith="identity.")
        .values_list("action", flat=True)
        .order_by("id")
    )
    assert actions == ["identity.reveal_requested", "identity.reveal_approved"]
    for entry in AuditEntry.objects.filter(action__startswith="identity."):
        assert_no_canary(json.dumps(entry.detail) + entry.target_label, "audit")
    events_dispatch()
    told = api_as(canary).get("/api/v1/notifications").json()["items"]
    assert any("revealed that you wrote" in n["text"] for n in told)


def test_expired_requests_cannot_be_approved(company, secret_post, two_admins):
    first, second = two_admins
    reason = "Credible threat reported to security, case SEC-1234."
    asked = moderation_services.reveal_request(actor=first, post=secret_post, reason=reason)
    RevealRequest.objects.filter(pk=asked.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(Exception, match="expired"):
        moderation_services.reveal_decide(actor=second, request=asked, approve=True, reason=reason)
    assert RevealRequest.objects.get(pk=asked.pk).revealed_person is None
    # A fresh request replaces the expired one.
    moderation_services.reveal_request(actor=first, post=secret_post, reason=reason)
    assert RevealRequest.objects.filter(state="pending").count() == 1


def test_a_wrong_key_cannot_open_a_seal(settings, secret_post):
    settings.HEARTH_SEAL_KEY = "another key entirely"
    seal = SealedAuthor.objects.get(post=secret_post)
    with pytest.raises(ValueError, match="cannot be opened"):
        sealed.unseal(seal)
    assert not sealed.is_sealed_author(secret_post.author, secret_post)


def test_a_colleagues_data_export_does_not_name_the_anonymous_author(canary, company, places):
    """Victor (who does not follow the canary) comments on and likes the anonymous post."""
    import io
    import zipfile

    from hearth.privacy import services as privacy

    post = talk.post_create(
        actor=canary,
        data=PostIn(
            kind="question", body="Who owns the rota?", community=places.open, anonymous=True
        ),
    )
    talk.comment_create(actor=company.vp, post=post, body="Good question, rota owner")
    talk.reaction_set(actor=company.vp, post=post, kind="like")
    events_dispatch()
    export = privacy.export_build(privacy.export_request(actor=company.vp).pk)
    with export.file.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    text = " ".join(archive.read(name).decode(errors="replace") for name in archive.namelist())
    assert "Good question, rota owner" in text
    assert_no_canary(text, "a colleague's data export")
