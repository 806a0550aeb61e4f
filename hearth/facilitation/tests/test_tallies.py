"""Expert routing's history counted ahead: a suggestion made now measures every candidate as
the raw history does, whether the worker counted an hour ago, a month ago, just now or never."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hearth.conversations import services as talk
from hearth.conversations.models import Post
from hearth.conversations.tests.factories import make_post
from hearth.demo.company import seed_people
from hearth.demo.content import seed_content
from hearth.facilitation import experts, routing, tallies
from hearth.facilitation.models import CommunityTally, PersonTally, TallyRun, TopicTally
from hearth.facilitation.tasks import count_routing_history
from hearth.people.services import tags_from_names


@pytest.fixture
def demo(db):
    seed_people(people=120, seed=5)
    seed_content(seed=5, days=90)


def _measured(post: Post, before=None) -> dict[int, tuple[dict[str, float], list[str]]]:
    found = routing.candidates(post, experts.subject_tags(post), before=before)
    return {pk: (c.features, c.said(limit=20)) for pk, c in found.items()}


def _plain(counts) -> dict[str, dict[int, int]]:
    return {name: dict(n) for name, n in counts.items() if n}


def _same(live, raw) -> None:
    assert set(live) == set(raw)
    for pk, (features, reasons) in raw.items():
        assert live[pk][0] == pytest.approx(features), pk
        assert live[pk][1] == reasons, pk


def test_suggestions_now_measure_what_the_raw_history_says_however_old_the_count(demo):
    """On the demo's history, for its latest questions (answered ones too: what the question
    itself drew before the count is taken off again)."""
    questions = list(
        Post.objects.filter(kind=Post.Kind.QUESTION, deleted_at=None)
        .select_related("community", "author")
        .order_by("-published_at")[:12]
    )
    assert any(q.comment_count for q in questions) and any(q.community for q in questions)
    now = timezone.now()
    raw = {q.pk: _measured(q, before=now) for q in questions}
    assert all(raw.values())
    for counted_at in (None, now - datetime.timedelta(days=30), now):
        TallyRun.objects.all().delete()
        if counted_at is not None:
            run = tallies.count(now=counted_at)
            assert run.rows == (
                PersonTally.objects.count()
                + TopicTally.objects.count()
                + CommunityTally.objects.count()
            )
        for question in questions:
            _same(_measured(question), raw[question.pk])
            # Each count, stored, plus what happened since, minus the question's own part.
            tags = list(experts.subject_tags(question))
            live = tallies.Counted(question.pk)
            past = tallies.Raw(tallies.Span(now, post_id=question.pk))
            assert _plain(live.subject(tags)) == _plain(past.subject(tags))
            people = list(_measured(question))
            assert _plain(live.people(people)) == _plain(past.people(people))
            if question.community_id:
                assert live.replies(question.community_id, people, 5) == past.replies(
                    question.community_id, people, 5
                )


def test_the_worker_counts_hourly_and_a_count_serves_later_answers(company, places):
    """What is written after the count counts at once: Victor's new answers on #kubernetes
    make him the first suggestion before the next count, and after it."""
    maria, victor, ana = company.manager, company.vp, company.member
    maria.skills.set(tags_from_names(["Kubernetes"]))
    make_post(maria, places.open, title="Docker notes", body="Layers first. #docker")
    count_routing_history.call_local()  # Maria lists the skill; nobody answered yet
    counted = TallyRun.objects.get()

    def question(n: int) -> Post:
        return make_post(
            ana, places.open, kind="question", title=f"Kubernetes {n}", body="Pods? #kubernetes"
        )

    for n in range(3):
        asked = question(n)
        answer = talk.comment_create(actor=victor, post=asked, body="Drain the node first.")
        talk.answer_accept(actor=ana, post=asked, comment=answer)
    ranked = experts.suggest(question(9))
    assert [s.person for s in ranked][:2] == [victor, maria]
    assert "3 accepted answers on the subject" in ranked[0].reasons
    assert TallyRun.objects.get() == counted
    count_routing_history.call_local()
    assert TopicTally.objects.get(person=victor).accepted == 3
    assert [s.person for s in experts.suggest(question(10))][:2] == [victor, maria]
    # A count writes only what changed, and leaves the rows a count from nothing would.
    talk.comment_create(actor=victor, post=question(11), body="Drain the node first.")
    run = tallies.count()
    assert 0 < run.written < run.rows  # Maria's rows stay
    assert tallies.count().written == 0
    kept = _rows()
    for model in (PersonTally, TopicTally, CommunityTally):
        model.objects.all().delete()
    assert tallies.count().written == run.rows
    assert _rows() == kept


def _rows() -> list[set[tuple]]:
    return [
        set(PersonTally.objects.values_list("person_id", "written", "topic_posts", "answers")),
        set(TopicTally.objects.values_list("person_id", "tag_id", "posts", "answers", "accepted")),
        set(CommunityTally.objects.values_list("person_id", "community_id", "replies")),
    ]


def test_a_suggestion_reads_as_many_rows_whoever_wrote_much(company, places):
    """Counted ahead, a candidate's history is one row: the queries of a suggestion do not
    grow with how much the candidates wrote."""
    victor, ana = company.vp, company.member

    def queries() -> int:
        asked = make_post(
            ana, places.open, kind="question", title="Kubernetes?", body="Pods? #kubernetes"
        )
        tallies.count()
        with CaptureQueriesContext(connection) as captured:
            assert [s.person for s in experts.suggest(asked)][:1] == [victor]
        return len(captured)

    answered = make_post(ana, places.open, kind="question", title="K8s", body="#kubernetes")
    talk.comment_create(actor=victor, post=answered, body="Drain the node first.")
    few = queries()
    for n in range(12):
        asked = make_post(ana, places.open, kind="question", title=f"K {n}", body="#kubernetes")
        talk.comment_create(actor=victor, post=asked, body="Drain the node first.")
    assert queries() == few
