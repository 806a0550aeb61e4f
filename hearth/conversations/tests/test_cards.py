"""The post card's fragment cache (conversations/templatetags/cards.py): a card drawn once is served
again only to whom it fits, and every change a person makes shows on the very next request.

- A feed drawn from kept cards is the same page as one drawn afresh, whoever reads it, in any
  language or time zone;
- an edit, a moderation hide, a community made secret, an anonymous post, another reader's
  language, zone and reaction, each show right on the next request;
- each reader's forms carry their own CSRF token (the form posts), and the age ("now") is fresh.
"""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone, translation
from django.utils.formats import date_format

from hearth.communities.services import member_remove
from hearth.conversations import services as talk
from hearth.conversations.templatetags import cards
from hearth.conversations.tests.factories import make_post
from hearth.moderation import services as moderation

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
# What differs between two requests a moment apart, cards or not: tokens, "since" and ages.
MOMENT = [
    (re.compile(r'"X-CSRFToken": "[^"]+"'), '"X-CSRFToken": "T"'),
    (re.compile(r"since=[^\"&]+"), "since=S"),
    (re.compile(r">[^<>]*</time>"), ">AGE</time>"),
]


@pytest.fixture(autouse=True)
def fresh_cards():
    cards.cards.clear()
    yield
    cards.cards.clear()


def _page(client: Client, path: str = "/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return TOKEN.sub('name="csrfmiddlewaretoken" value="T"', response.content.decode())


def _same_moment(page: str) -> str:
    for pattern, fixed in MOMENT:
        page = pattern.sub(fixed, page)
    return page


def _signed_in(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def _allow_anonymous(settings, place) -> None:
    settings.HEARTH_ANONYMOUS_MIN_MEMBERS = 1
    settings.HEARTH_ANONYMOUS_DELAY_MINUTES = (0, 0)
    type(place).objects.filter(pk=place.pk).update(allow_anonymous=True)
    place.refresh_from_db()


def test_a_feed_from_kept_cards_is_the_page_drawn_afresh(company, places, monkeypatch, settings):
    """Every kind of post, as three readers see it, in two languages and zones."""
    ana, maria, carlos = company.member, company.manager, company.colleague
    make_post(maria, places.open, kind="question", title="Which VPN?", body="Details #security")
    question = make_post(ana, places.open, kind="question", title="Printer?", body="Floor 3")
    answer = talk.comment_create(actor=maria, post=question, body="Ask the help desk.")
    talk.answer_accept(actor=ana, post=question, comment=answer)
    make_post(
        maria, places.open, kind="article", title="What we learned", body="## Start\n\nSmall."
    )
    idea = make_post(carlos, None, kind="idea", title="Quiet floors", body="One per office.")
    talk.idea_vote(actor=ana, post=idea)
    make_post(ana, None, kind="praise", body="Thanks for the fix!", praised=["maria"])
    update = make_post(maria, places.open, body="Router upgrade on Saturday #network")
    talk.reaction_set(actor=ana, post=update, kind="celebrate")
    talk.bookmark_set(actor=ana, post=update, on=True)
    _allow_anonymous(settings, places.open)
    make_post(ana, places.open, body="I'd rather not say who I am", anonymous=True)
    ana.language, ana.time_zone = "es", "America/Sao_Paulo"
    ana.save(update_fields=["language", "time_zone"])
    readers = [_signed_in(p) for p in (ana, maria, carlos)]
    kept = [_page(reader) for reader in readers]  # the first draws and keeps the cards
    again = [_page(reader) for reader in readers]  # served from the kept cards
    assert cards.cards.hits > 0
    monkeypatch.setattr(cards, "card_key", lambda post, context: None)
    afresh = [_page(reader) for reader in readers]
    kept, again, afresh = ([_same_moment(p) for p in pages] for pages in (kept, again, afresh))
    assert again == afresh
    assert kept == afresh
    assert "\x00" not in "".join(again)
    assert kept[0] != kept[1]  # each reader sees their own (language, zone, marks)


def test_an_ideas_status_shows_on_its_card_at_the_next_request(company, places):
    """ "You said, we did" in the feed too: the card of an answered idea says its status, in the
    reader's language, and a new status shows on the very next request."""
    from hearth.ideas import services as ideas

    idea = make_post(company.member, places.open, kind="idea", body="Quiet floors in every office.")
    reader, feed = _signed_in(company.colleague), places.open.get_absolute_url()  # in Spanish
    assert "Quiet floors" in _page(reader, feed)
    assert "card-marks" not in _page(reader, feed)  # a new idea says nothing
    ideas.idea_status_set(actor=company.manager, post=idea, status="planned")
    assert 'class="status status-soon">Planificada<' in _page(reader, feed)
    ideas.idea_status_set(actor=company.manager, post=idea, status="done")
    page = _page(reader, feed)
    assert ">Hecho<" in page and "Planificada" not in page


def test_an_edit_shows_on_the_next_request(company, places):
    post = make_post(company.manager, places.open, body="The router upgrade is on Saturday.")
    reader = _signed_in(company.member)
    assert "on Saturday" in _page(reader)
    talk.post_update(actor=company.manager, post=post, body="The router upgrade moves to Sunday.")
    page = _page(reader)
    assert "moves to Sunday" in page and "on Saturday" not in page


def test_a_moderation_hide_and_a_secret_community_show_on_the_next_request(company, places):
    hidden = make_post(company.vp, places.open, body="Cheap watches, click here")
    inside = make_post(company.manager, places.private, body="Next year's price plans, draft one")
    ana = company.member
    reader = _signed_in(ana)
    page = _page(reader)
    assert "Cheap watches" in page and "price plans" in page
    report = moderation.report_create(actor=ana, reason="spam", post=hidden)
    moderation.action_take(actor=company.admin, report=report, kind="hide", reason="Spam")
    member_remove(actor=company.manager, community=places.private, person=ana)
    page = _page(reader)
    assert "Cheap watches" not in page and "price plans" not in page
    assert inside.pk  # still there for its members
    assert "price plans" in _page(_signed_in(company.manager))


def test_an_anonymous_post_never_names_its_author(company, places, settings):
    _allow_anonymous(settings, places.open)
    make_post(company.member, places.open, body="Our targets are unrealistic", anonymous=True)
    make_post(company.member, places.open, body="Hello from the Lisbon office")
    for reader in (company.manager, company.colleague, company.member):
        page = _page(_signed_in(reader), places.open.get_absolute_url())
        articles = re.findall(r"<article.*?</article>", page, re.S)
        card = next(a for a in articles if "Our targets are unrealistic" in a)
        named = next(a for a in articles if "Lisbon office" in a)
        assert "avatar-anonymous" in card and "Ana Ribeiro" not in card
        assert "/people/ana/" not in card and "Ana Ribeiro" in named


def test_another_readers_language_zone_and_reaction(company, places):
    post = make_post(company.manager, places.open, kind="question", title="VPN?", body="Which?")
    talk.reaction_set(actor=company.member, post=post, kind="insightful")
    ana, carlos = company.member, company.colleague
    carlos.language, carlos.time_zone = "es", "Asia/Tokyo"
    carlos.save(update_fields=["language", "time_zone"])
    where = places.open.get_absolute_url()
    first = _page(_signed_in(ana), where)
    second = _page(_signed_in(carlos), where)
    assert "Unanswered" in first and "Sin respuesta" in second
    assert 'class="reaction reaction-mine" aria-pressed="true"' in first
    assert "reaction-mine" not in second
    tokyo = timezone.localtime(post.published_at, timezone=ZoneInfo("Asia/Tokyo"))
    assert f'title="{date_format(tokyo, "DATETIME_FORMAT")}' not in first
    with translation.override("es"):
        assert f'title="{date_format(tokyo, "DATETIME_FORMAT")}' in second


def test_each_readers_forms_post_with_their_own_token(company, places):
    post = make_post(company.manager, places.open, body="Coffee machine fixed on floor 2")
    for person in (company.member, company.colleague):  # the second is served the kept card
        reader = Client(enforce_csrf_checks=True)
        reader.force_login(person)
        page = reader.get(places.open.get_absolute_url()).content.decode()
        token = re.search(rf'id="reactions-{post.pk}".*?value="([^"]+)"', page, re.S)
        assert token is not None and "\x00" not in page
        response = reader.post(
            f"/posts/{post.pk}/react/",
            {"kind": "like", "current": "", "csrfmiddlewaretoken": token.group(1)},
        )
        assert response.status_code == 302
    post.refresh_from_db()
    assert post.reaction_counts == {"like": 2}


def test_a_kept_card_says_its_age_as_of_now(company, places, monkeypatch):
    from datetime import datetime, timedelta

    from django.contrib.humanize.templatetags import humanize

    make_post(company.manager, places.open, body="Coffee machine fixed on floor 2")
    reader = _signed_in(company.member)
    assert ">now</time>" in _page(reader)

    class Later(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime.now(tz) + timedelta(hours=2)

    monkeypatch.setattr(humanize, "datetime", Later)
    hits = cards.cards.hits
    page = _page(reader)
    assert cards.cards.hits > hits  # served from the kept card...
    assert "2\u00a0hours ago</time>" in page  # ...with its age as of now


def test_a_posts_own_page_is_drawn_each_time(company, places):
    """A post's own page holds its whole text: one card, not worth the memory."""
    article = make_post(company.manager, places.open, kind="article", body="Long text " * 400)
    reader = _signed_in(company.member)
    assert "Long text" in _page(reader, article.get_absolute_url())
    assert len(cards.cards.items) == 0
    _page(reader, places.open.get_absolute_url())
    assert len(cards.cards.items) == 1  # the article's card in the feed


def _ballot(page: str, post) -> str:
    return page.split(f'id="poll-{post.pk}"', 1)[1].split("</form>", 1)[0]


def test_a_kept_poll_shows_each_reader_their_own_ballot_and_a_vote_at_once(
    company, places, monkeypatch
):
    poll = make_post(company.manager, places.open, kind="poll", body="Which day suits?")
    yes, no = poll.poll.options.order_by("position")
    ana, victor = _signed_in(company.member), _signed_in(company.vp)
    for reader in (ana, victor, ana, victor):  # drawn, then kept
        assert "Vote to see the results." in _ballot(_page(reader), poll)
    talk.poll_vote(actor=company.member, post=poll, option_ids=[no.pk])
    mine = _ballot(_page(ana), poll)
    assert "Change my vote" in mine and f'value="{no.pk}" checked' in mine
    assert "100% (1)" in mine and "(your vote)" in mine
    theirs = _ballot(_page(victor), poll)  # Victor has not voted: no results, no tick
    assert "Vote to see the results." in theirs and "checked" not in theirs
    assert "(your vote)" not in theirs
    hits = cards.cards.hits
    assert _ballot(_page(victor), poll) == theirs
    assert cards.cards.hits > hits  # Victor's ballot again: from the kept card
    kept = [_same_moment(_page(reader)) for reader in (ana, victor)]
    monkeypatch.setattr(cards, "card_key", lambda post, context: None)
    assert kept == [_same_moment(_page(reader)) for reader in (ana, victor)]
