"""Notification emails through a real SMTP server on loopback (aiosmtpd)."""

from __future__ import annotations

import datetime
import email
from email import policy

import pytest
from aiosmtpd.controller import Controller

from hearth.conversations import services as talk
from hearth.conversations.tests.factories import make_post
from hearth.core.events import events_dispatch
from hearth.notifications.emails import send_digests, send_immediate, unsubscribe_token
from hearth.notifications.models import DigestSent, EmailPreference, Notification
from hearth.notifications.services import preference_set


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(
            (envelope.rcpt_tos, email.message_from_bytes(envelope.content, policy=policy.default))
        )
        return "250 OK"


@pytest.fixture
def smtp(settings):
    import socket

    with socket.socket() as probe:  # a free port on loopback
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    settings.HEARTH_BASE_URL = "https://tap.tellall.example"
    yield inbox
    controller.stop()


def test_a_mention_is_emailed_at_once_as_text_and_html(smtp, company):
    post = make_post(company.manager, None, body="Can @ana check <this>?")
    events_dispatch()
    assert send_immediate() == 1
    ((recipients, message),) = smtp.messages
    assert recipients == ["ana@tellall.example"]
    assert (
        message["Subject"].strip()
        == f"[Hearth] Maria Lopez mentioned you in “{post.display_title}”"
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Reply-To"].startswith(f"reply+{post.pk}.{company.member.pk}.")
    assert (
        message["List-Unsubscribe"]
        .strip()
        .startswith("<https://tap.tellall.example/notifications/unsubscribe/")
    )
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert f"https://tap.tellall.example/posts/{post.pk}/" in text
    assert f'href="https://tap.tellall.example/posts/{post.pk}/"' in html
    assert "&lt;this&gt;" in html and "<this>" not in html
    assert send_immediate() == 0  # sent once
    assert Notification.objects.get().emailed_at is not None


def test_emails_and_digests_speak_the_recipients_language_right_to_left(smtp, company):
    company.member.language = "ar"
    company.member.save(update_fields=["language"])
    post = make_post(company.manager, None, title="Night shift rota", body="@ana can you cover?")
    make_post(company.manager, None, kind="praise", body="Thanks!", praised=["ana"])  # daily
    events_dispatch()
    assert send_immediate() == 1
    ((_, mention),) = smtp.messages
    assert mention["Subject"].strip() == "[Hearth] أشار إليك Maria Lopez في «Night shift rota»"
    html = mention.get_body(("html",)).get_content()
    assert '<html lang="ar" dir="rtl">' in html
    assert "أوقف هذه الرسائل" in html  # "Stop these emails"
    assert send_digests(now=datetime.datetime(2026, 11, 24, 8, 5, tzinfo=datetime.UTC)) == 1
    digest = smtp.messages[1][1]
    assert digest["Subject"].strip() == "[Hearth] ملخّصك اليومي"  # "Your daily digest"
    assert "أثنى عليك Maria Lopez" in digest.get_body(("plain",)).get_content()
    assert 'dir="rtl"' in digest.get_body(("html",)).get_content()
    assert post.display_title == "Night shift rota"  # the content itself stays as written


def test_reactions_wait_for_the_weekly_digest_and_preferences_change_that(smtp, company):
    post = make_post(company.member, None, body="Shipped")
    talk.reaction_set(actor=company.manager, post=post, kind="like")
    events_dispatch()
    assert send_immediate() == 0
    preference_set(actor=company.member, verb="follow", frequency="immediate")
    from hearth.feeds.services import person_follow

    person_follow(actor=company.vp, person=company.member)
    events_dispatch()
    assert send_immediate() == 1
    assert smtp.messages[0][1]["Subject"] == "[Hearth] Victor Vale started following you"


def test_the_daily_digest_arrives_at_the_local_morning_hour_once(smtp, company):
    company.member.time_zone = "Asia/Kolkata"
    company.member.save(update_fields=["time_zone"])
    make_post(company.manager, None, kind="praise", body="Thanks!", praised=["ana"])  # daily
    events_dispatch()
    morning = datetime.datetime(2026, 11, 24, 2, 40, tzinfo=datetime.UTC)  # 08:10 in Kolkata
    assert send_digests(now=morning - datetime.timedelta(hours=1)) == 0  # 07:10 there
    assert send_digests(now=morning) == 1
    assert send_digests(now=morning) == 0
    ((_, message),) = smtp.messages
    assert message["Subject"] == "[Hearth] Your daily digest"
    assert "Maria Lopez praised you" in message.get_body(("plain",)).get_content()
    assert DigestSent.objects.get().items == 1


def test_an_empty_digest_is_not_sent(smtp, company):
    make_post(company.manager, None, kind="praise", body="Thanks!", praised=["ana"])
    events_dispatch()
    Notification.objects.update(read_at=datetime.datetime.now(datetime.UTC))  # already seen in app
    assert send_digests(now=datetime.datetime(2026, 11, 24, 8, 5, tzinfo=datetime.UTC)) == 0
    assert smtp.messages == []


def test_one_click_unsubscribe_turns_that_kind_off(client, smtp, company):
    token = unsubscribe_token(company.member.pk, "mention")
    page = client.get(f"/notifications/unsubscribe/{token}/")
    assert page.status_code == 200 and "Mentions" in page.content.decode()
    response = client.post(
        f"/notifications/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert EmailPreference.objects.get(person=company.member, verb="mention").frequency == "off"
    make_post(company.manager, None, body="Hey @ana")
    events_dispatch()
    assert send_immediate() == 0 and smtp.messages == []


@pytest.mark.parametrize("which", ["nonsense", "long", "nobody"])
def test_a_bad_unsubscribe_link_is_a_clear_400(client, company, which):
    token = {"nonsense": "nonsense", "long": "a" * 300}.get(which) or unsubscribe_token(
        999999, "mention"
    )
    response = client.post(f"/notifications/unsubscribe/{token}/")
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()


def test_no_email_about_a_post_the_recipient_can_no_longer_see(smtp, company, places):
    post = make_post(company.member, places.private, body="Ping @carlos")  # carlos was removed
    make_post(company.member, None, body="And @maria")
    talk.post_delete(actor=company.member, post=make_post(company.member, None, body="@victor"))
    events_dispatch()
    send_immediate()
    assert [r for r, _ in smtp.messages] == [["maria@tellall.example"]]
    assert post.pk


def test_smtp_down_keeps_the_email_for_later(settings, company):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    from hearth.core.ops import delivery_failures

    failures = delivery_failures().labels("notification")._value.get()
    make_post(company.manager, None, body="Hi @ana")
    events_dispatch()
    assert send_immediate() == 0
    notification = Notification.objects.get()
    assert notification.emailed_at is None and notification.email_claimed_at is None
    assert delivery_failures().labels("notification")._value.get() == failures + 1  # /metrics


def test_the_email_settings_page_saves_choices(member_client, company):
    page = member_client.get("/notifications/preferences/").content.decode()
    assert 'name="mention"' in page
    member_client.post("/notifications/preferences/", {"mention": "daily", "reaction": "off"})
    prefs = dict(
        EmailPreference.objects.filter(person=company.member).values_list("verb", "frequency")
    )
    assert prefs == {"mention": "daily", "reaction": "off"}


def test_the_digest_tells_what_followed_people_and_my_communities_posted(smtp, company, places):
    from django.utils import timezone

    from hearth.feeds.services import person_follow

    person_follow(actor=company.member, person=company.colleague)
    make_post(company.colleague, None, body="Hola from Madrid")
    make_post(company.manager, places.open, body="Router news")
    events_dispatch()
    # The next 08:05 in London (Ana's time zone, GMT in winter): the digest covers the last
    # day, so "tomorrow" would miss posts made just after midnight.
    now = timezone.now()
    morning = now.replace(hour=8, minute=5)
    if morning <= now:
        morning += datetime.timedelta(days=1)
    assert send_digests(now=morning) >= 1
    texts = {r[0]: m.get_body(("plain",)).get_content() for r, m in smtp.messages}
    text = texts["ana@tellall.example"]
    assert "From people you follow" in text and "Hola from Madrid" in text
    assert "Network Ops: 1 new post" in text
    assert "Router news" not in texts.get("maria@tellall.example", "")  # her own post


def test_a_scheduled_article_reaches_the_digest_once_after_it_appears(smtp, company, monkeypatch):
    from django.utils import timezone

    from hearth.feeds.services import person_follow

    clock = {"now": datetime.datetime(2026, 12, 1, 7, 0, tzinfo=datetime.UTC)}
    monkeypatch.setattr(timezone, "now", lambda: clock["now"])

    def digest_at(when) -> str:
        clock["now"] = when
        talk.posts_announce_due()
        events_dispatch()
        smtp.messages.clear()
        send_digests(now=when)
        texts = {r[0]: m.get_body(("plain",)).get_content() for r, m in smtp.messages}
        return texts.get("ana@tellall.example", "")

    person_follow(actor=company.member, person=company.colleague)  # Ana follows Carlos
    make_post(
        company.colleague,
        None,
        kind="article",
        title="Roadmap 2027",
        body="Soon.",
        publish_at=clock["now"] + datetime.timedelta(hours=3),
    )
    make_post(company.colleague, None, body="Hola from Madrid")  # so the digest is not empty
    morning = datetime.datetime(2026, 12, 1, 8, 5, tzinfo=datetime.UTC)  # 08:05 in London
    first = digest_at(morning)
    assert "Hola from Madrid" in first and "Roadmap 2027" not in first  # not out yet
    assert "Roadmap 2027" in digest_at(morning + datetime.timedelta(days=1))
    assert "Roadmap 2027" not in digest_at(morning + datetime.timedelta(days=2))
