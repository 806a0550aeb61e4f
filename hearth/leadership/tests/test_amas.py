"""Ask Me Anything: a leader hosts, colleagues ask (anonymously where allowed) and vote, the
leader answers live; after the end no more questions or votes, and what is left unanswered
stays visible with its count."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hearth.communities.models import Community
from hearth.core.errors import Conflict, Forbidden, Invalid
from hearth.core.events import events_dispatch
from hearth.leadership import selectors as leadership_selectors
from hearth.leadership import services as leadership_services
from hearth.leadership.models import Ama, AmaQuestion, AmaVote
from hearth.notifications.models import Notification
from hearth.notifications.selectors import decorate

from .factories import end, make_ama


def test_only_leaders_host_and_bad_times_are_refused_with_nothing_saved(company):
    with pytest.raises(Forbidden):
        make_ama(company.member)
    now = timezone.now()
    forums = Community.objects.count()
    cases = {
        "ends_at": {"starts_at": now, "ends_at": now - datetime.timedelta(hours=1)},
        "title": {"title": " "},
    }
    for field, kwargs in cases.items():
        with pytest.raises(Invalid) as error:
            make_ama(company.ceo, **kwargs)
        assert field in {e.field for e in error.value.errors}
    with pytest.raises(Invalid) as error:
        make_ama(company.ceo, hours=24 * 8)
    assert "7 days" in error.value.errors[0].message
    assert Ama.objects.count() == 0 and Community.objects.count() == forums


def test_ask_vote_answer_and_the_not_yet_answered_count(company):
    ama = make_ama(company.ceo)
    first = leadership_services.question_ask(
        actor=company.member, ama=ama, body="Will we open an office in Lisbon?"
    )
    second = leadership_services.question_ask(
        actor=company.colleague, ama=ama, body="What is our plan for Sales in 2027?"
    )
    leadership_services.question_vote(actor=company.colleague, question=first)
    leadership_services.question_vote(actor=company.manager, question=first)
    leadership_services.question_vote(actor=company.manager, question=second)
    top = list(leadership_selectors.questions_for(company.vp, ama))
    assert [p.pk for p in top] == [first.post_id, second.post_id]
    assert [p.ama_votes for p in top] == [2, 1]
    assert leadership_selectors.counts(company.vp, ama) == {
        "questions": 2,
        "answered": 0,
        "unanswered": 2,
    }

    leadership_services.question_answer(
        actor=company.ceo, question=first, body="Yes, next spring: stay tuned."
    )
    assert leadership_selectors.counts(company.vp, ama) == {
        "questions": 2,
        "answered": 1,
        "unanswered": 1,
    }
    assert [p.pk for p in leadership_selectors.questions_for(company.vp, ama, "unanswered")] == [
        second.post_id
    ]
    answers = leadership_selectors.host_answers(company.vp, ama, [first.post_id])
    assert answers[first.post_id][0].body == "Yes, next spring: stay tuned."
    # The asker hears of the answer like any answer to their question.
    events_dispatch()
    texts = [
        n.text
        for n in decorate(
            company.member, list(Notification.objects.filter(recipient=company.member))
        )
    ]
    assert any("Grace Mensah answered your question" in t for t in texts)


def test_a_question_the_host_answered_reads_answered_everywhere(company, client):
    """One definition of answered: the feed, search's filter and the AMA agree."""
    ama = make_ama(company.ceo)
    question = leadership_services.question_ask(
        actor=company.member, ama=ama, body="Will we hire in Porto?"
    )
    client.force_login(company.member)
    post_url = question.post.get_absolute_url()
    assert "Unanswered" in client.get(post_url).content.decode()
    leadership_services.question_answer(actor=company.ceo, question=question, body="Yes, ten.")
    page = client.get(post_url).content.decode()
    assert "Answered" in page and "Unanswered" not in page
    assert "Unanswered" not in client.get(ama.forum.get_absolute_url()).content.decode()
    assert leadership_selectors.counts(company.member, ama)["answered"] == 1
    # A later answer of the host does not take the accepted place of the first.
    first = question.post.comments.get()
    leadership_services.question_answer(actor=company.ceo, question=question, body="And more.")
    question.post.refresh_from_db()
    assert question.post.accepted_comment_id == first.pk


def test_duplicate_and_own_votes_are_refused(company):
    ama = make_ama(company.ceo)
    question = leadership_services.question_ask(
        actor=company.member, ama=ama, body="How do we pick the next jam?"
    )
    leadership_services.question_vote(actor=company.colleague, question=question)
    with pytest.raises(Conflict, match="already voted"):
        leadership_services.question_vote(actor=company.colleague, question=question)
    with pytest.raises(Conflict, match="own question"):
        leadership_services.question_vote(actor=company.member, question=question)
    leadership_services.question_vote(actor=company.colleague, question=question, up=False)
    with pytest.raises(Conflict):
        leadership_services.question_vote(actor=company.colleague, question=question, up=False)
    question.refresh_from_db()
    assert question.vote_count == 0 and AmaVote.objects.count() == 0


def test_after_the_end_no_questions_or_votes_but_the_host_may_still_answer(company):
    ama = make_ama(company.ceo)
    question = leadership_services.question_ask(
        actor=company.member, ama=ama, body="Where do the jam ideas go?"
    )
    end(ama)
    with pytest.raises(Conflict, match="ended"):
        leadership_services.question_ask(
            actor=company.colleague, ama=ama, body="One more question, please?"
        )
    with pytest.raises(Conflict, match="ended"):
        leadership_services.question_vote(actor=company.colleague, question=question)
    assert AmaQuestion.objects.count() == 1
    assert leadership_selectors.counts(company.colleague, ama)["unanswered"] == 1
    leadership_services.question_answer(
        actor=company.ceo, question=question, body="Into the follow-up communities."
    )
    assert leadership_selectors.counts(company.colleague, ama)["unanswered"] == 0


def test_only_the_host_answers_and_the_host_does_not_ask(company):
    ama = make_ama(company.ceo)
    question = leadership_services.question_ask(
        actor=company.member, ama=ama, body="Can we have more AMAs?"
    )
    with pytest.raises(Forbidden):
        leadership_services.question_answer(
            actor=company.vp, question=question, body="I can answer that."
        )
    with pytest.raises(Conflict):
        leadership_services.question_ask(actor=company.ceo, ama=ama, body="Asking myself?")


def test_anonymous_questions_only_where_allowed_and_never_attributed(company, api, settings):
    settings.HEARTH_ANONYMOUS_MIN_MEMBERS = 2  # the forum: its host and the asker
    closed = make_ama(company.ceo, title="Named questions only", allow_anonymous=False)
    with pytest.raises(Invalid):
        leadership_services.question_ask(
            actor=company.member, ama=closed, body="Secret?", anonymous=True
        )
    ama = make_ama(company.ceo)
    question = leadership_services.question_ask(
        actor=company.member, ama=ama, body="Why are salaries frozen?", anonymous=True
    )
    assert question.post.author.is_stand_in
    from hearth.conversations.models import Post

    Post.objects.filter(pk=question.post_id).update(
        created_at=timezone.now(), published_at=timezone.now()
    )
    body = api.get(f"/api/v1/leaders/amas/{ama.slug}/questions").json()
    assert body["items"][0]["anonymous"] is True and body["items"][0]["author"] is None
    assert "ana" not in str(body["items"][0])
    # The sealed author still cannot vote for their own question.
    with pytest.raises(Conflict):
        leadership_services.question_vote(actor=company.member, question=question)


def test_the_api_end_to_end(company, api, api_as):
    ceo = api_as(company.ceo)
    start = timezone.now() - datetime.timedelta(minutes=1)
    response = ceo.post(
        "/api/v1/leaders/amas",
        {
            "title": "Ask me about 2027",
            "starts_at": start.isoformat(),
            "ends_at": (start + datetime.timedelta(hours=1)).isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    slug = response.json()["slug"]
    assert response.json()["state"] == "live"
    asked = api.post(
        f"/api/v1/leaders/amas/{slug}/questions",
        {"body": "What will change for engineers?"},
        content_type="application/json",
    )
    assert asked.status_code == 201 and asked.json()["author"] == "ana"
    qid = asked.json()["id"]
    colleague = api_as(company.colleague)
    vote = colleague.post(f"/api/v1/leaders/amas/{slug}/questions/{qid}/vote")
    assert vote.status_code == 200 and vote.json()["votes"] == 1 and vote.json()["voted"]
    again = colleague.post(f"/api/v1/leaders/amas/{slug}/questions/{qid}/vote")
    assert again.status_code == 409 and "already voted" in again.json()["detail"]
    refused = colleague.post(
        f"/api/v1/leaders/amas/{slug}/questions/{qid}/answer",
        {"body": "Not mine to answer"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    answered = ceo.post(
        f"/api/v1/leaders/amas/{slug}/questions/{qid}/answer",
        {"body": "More time for learning."},
        content_type="application/json",
    )
    assert answered.status_code == 201 and answered.json()["answered"] is True
    assert answered.json()["answers"][0]["author"] == "grace"
    listing = api.get("/api/v1/leaders/amas").json()
    assert listing[0]["tally"] == {"questions": 1, "answered": 1, "unanswered": 0}
    assert api.get(f"/api/v1/leaders/amas/{slug}").json()["host"] == "grace"
    assert api.get("/api/v1/leaders/amas/no-such-ama").status_code == 404


def test_bad_input_through_the_api(company, api, api_as):
    ceo = api_as(company.ceo)
    now = timezone.now()
    bad = ceo.post(
        "/api/v1/leaders/amas",
        {
            "title": "Backwards",
            "starts_at": now.isoformat(),
            "ends_at": (now - datetime.timedelta(hours=2)).isoformat(),
        },
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert "ends_at" in str(bad.json()["errors"])
    not_leader = api.post(
        "/api/v1/leaders/amas",
        {
            "title": "Me too",
            "starts_at": now.isoformat(),
            "ends_at": (now + datetime.timedelta(hours=1)).isoformat(),
        },
        content_type="application/json",
    )
    assert not_leader.status_code == 403
    ama = make_ama(company.ceo)
    empty = api.post(
        f"/api/v1/leaders/amas/{ama.slug}/questions",
        {"body": "  "},
        content_type="application/json",
    )
    assert empty.status_code == 422
    end(ama)
    late = api.post(
        f"/api/v1/leaders/amas/{ama.slug}/questions",
        {"body": "Too late?"},
        content_type="application/json",
    )
    assert late.status_code == 409 and "ended" in late.json()["detail"]
    assert AmaQuestion.objects.count() == 0
    assert api.post(f"/api/v1/leaders/amas/{ama.slug}/questions/999999/vote").status_code == 404


def test_the_page_lets_people_ask_and_shows_counts(company, client):
    ama = make_ama(company.ceo)
    client.force_login(company.member)
    response = client.post(ama.get_absolute_url(), {"body": "   "})
    assert response.status_code == 422
    response = client.post(ama.get_absolute_url(), {"body": "Will the canteen reopen?"})
    assert response.status_code == 302
    page = client.get(ama.get_absolute_url()).content.decode()
    assert "Will the canteen reopen?" in page and "1 not yet answered" in page
    listing = client.get("/leaders/amas/").content.decode()
    assert ama.title in listing and "1 not yet answered" in listing
    end(ama)
    late = client.post(ama.get_absolute_url(), {"body": "Another one after the end?"})
    assert late.status_code == 422 and "ended" in late.content.decode()
    assert "Another one after the end?" in late.content.decode()  # what was typed is kept


def test_the_question_list_reads_in_a_fixed_number_of_queries(company, api):
    ama = make_ama(company.ceo)
    people = [company.member, company.colleague, company.manager, company.vp]
    for i, person in enumerate(people):
        q = leadership_services.question_ask(
            actor=person, ama=ama, body=f"Question number {i} for the CEO?"
        )
        leadership_services.question_answer(
            actor=company.ceo, question=q, body="An answer for you."
        )
    url = f"/api/v1/leaders/amas/{ama.slug}/questions"
    api.get(url)
    with CaptureQueriesContext(connection) as few:
        api.get(url)
    more = leadership_services.question_ask(
        actor=company.admin, ama=ama, body="One more question here?"
    )
    leadership_services.question_answer(actor=company.ceo, question=more, body="One more answer.")
    with CaptureQueriesContext(connection) as many:
        assert len(api.get(url).json()["items"]) == 5
    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_ama_page_and_list_read_in_a_fixed_number_of_queries(company, client):
    ama = make_ama(company.ceo)
    client.force_login(company.member)
    people = [company.colleague, company.manager, company.vp]

    def grow(n):
        for i in range(n):
            q = leadership_services.question_ask(
                actor=people[i % 3], ama=ama, body=f"Question {i} for the host here?"
            )
            leadership_services.question_answer(actor=company.ceo, question=q, body="An answer.")
            leadership_services.question_vote(actor=company.member, question=q)

    grow(2)
    client.get(ama.get_absolute_url())
    counts = []
    for _round in range(2):
        with CaptureQueriesContext(connection) as page:
            client.get(ama.get_absolute_url())
            client.get("/leaders/amas/")
        counts.append(len(page.captured_queries))
        grow(3)
    assert counts[0] == counts[1]


def test_a_refused_vote_comes_back_next_to_the_question(company, client):
    ama = make_ama(company.ceo)
    question = leadership_services.question_ask(
        actor=company.colleague, ama=ama, body="May I vote twice for this?"
    )
    leadership_services.question_vote(actor=company.member, question=question)
    client.force_login(company.member)
    url = f"/leaders/amas/{ama.slug}/q/{question.pk}/vote/"
    response = client.post(url, {"up": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "already voted" in response.content.decode()
    question.refresh_from_db()
    assert question.vote_count == 1
