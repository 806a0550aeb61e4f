"""How a colleague engages (questions answered, answers accepted, people helped, communities
led), on their page and in the API, counted only on what the reader may see."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from hearth.conftest import sign_in
from hearth.conversations import services as talk
from hearth.conversations.tests.factories import make_post
from hearth.facilitation import selectors


@pytest.fixture
def answered(company, places, settings):
    """Maria answers: Ana's open question (accepted), Ana's secret one, Carlos's profile
    question, an anonymous question, and her own question."""
    settings.HEARTH_ANONYMOUS_MIN_MEMBERS = 1
    settings.HEARTH_ANONYMOUS_DELAY_MINUTES = (0, 0)
    type(places.open).objects.filter(pk=places.open.pk).update(allow_anonymous=True)
    places.open.refresh_from_db()
    maria = company.manager
    open_q = make_post(company.member, places.open, kind="question", title="Which VPN?")
    accepted = talk.comment_create(actor=maria, post=open_q, body="The new client.")
    talk.answer_accept(actor=company.member, post=open_q, comment=accepted)
    secret_q = make_post(company.member, places.secret, kind="question", title="Which bank?")
    talk.comment_create(actor=maria, post=secret_q, body="Ask the board.")
    profile_q = make_post(company.colleague, None, kind="question", title="Where is the form?")
    talk.comment_create(actor=maria, post=profile_q, body="On the HR pages.")
    anonymous_q = make_post(
        company.vp, places.open, kind="question", title="Is it safe?", anonymous=True
    )
    talk.comment_create(actor=maria, post=anonymous_q, body="Yes, it is.")
    own = make_post(maria, places.open, kind="question", title="Anyone?")
    talk.comment_create(actor=maria, post=own, body="Found it.")
    return maria


def test_engagement_counts_only_what_the_reader_may_see(company, places, answered):
    # Ana reads the secret community: four questions answered, one accepted; two askers
    # helped (Ana and Carlos; the anonymous asker is never counted).
    for_ana = selectors.engagement_of(company.member, answered)
    assert (for_ana["answered"], for_ana["accepted"], for_ana["helped"]) == (4, 1, 2)
    # Carlos does not: the secret question is not counted.
    for_carlos = selectors.engagement_of(company.colleague, answered)
    assert (for_carlos["answered"], for_carlos["accepted"], for_carlos["helped"]) == (3, 1, 2)
    # Communities led: a secret one only for those who know it.
    grace_for_ana = [
        m.community.name for m in selectors.engagement_of(company.member, company.ceo)["leading"]
    ]
    grace_for_carlos = selectors.engagement_of(company.colleague, company.ceo)["leading"]
    assert grace_for_ana == ["Merger Room"] and grace_for_carlos == []


def test_the_engagement_api(company, places, answered, api_as):
    body = api_as(company.colleague).get("/api/v1/people/maria/engagement").json()
    assert body["answered"] == 3 and body["helped"] == 2
    assert {"community": places.open.slug, "name": "Network Ops", "role": "owner"} in body[
        "leading"
    ]
    assert all(lead["name"] != "Merger Room" for lead in body["leading"])
    assert api_as(company.colleague).get("/api/v1/people/nobody/engagement").status_code == 404


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_newcomer_sees_how_a_colleague_engages(page, company, places, answered):
    sign_in(page, "victor@tellall.example")  # Victor does not know the secret community
    page.goto("/people/maria/")
    section = page.locator("#engagement")
    expect(section.get_by_role("heading")).to_have_text("How they engage")
    expect(section).to_contain_text("Questions answered")
    expect(section.locator("dd").first).to_have_text("3")
    expect(section.get_by_role("link", name="Network Ops")).to_be_visible()
    expect(section).not_to_contain_text("Merger Room")
