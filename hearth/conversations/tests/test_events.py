"""Every write in conversations records its event, with who acted and on what."""

from __future__ import annotations

from hearth.conversations import services
from hearth.conversations.tests.factories import make_post
from hearth.core.models import Event


def test_each_write_records_one_event(company, places):
    ana, maria = company.member, company.manager
    question = make_post(ana, places.open, kind="question", title="Q", body="Why?")
    answer = services.comment_create(actor=maria, post=question, body="Because")
    services.comment_update(actor=maria, comment=answer, body="Because, really")
    services.answer_accept(actor=ana, post=question, comment=answer)
    services.reaction_set(actor=maria, post=question, kind="like")
    services.reaction_remove(actor=maria, post=question)
    poll = make_post(ana, places.open, kind="poll", body="Pick")
    services.poll_vote(actor=maria, post=poll, option_ids=[poll.poll.options.first().pk])
    idea = make_post(ana, places.open, kind="idea", body="Idea")
    services.idea_vote(actor=maria, post=idea)
    services.bookmark_set(actor=maria, post=idea)
    services.post_update(actor=ana, post=idea, body="Better idea")
    services.comment_delete(actor=maria, comment=answer)
    services.post_delete(actor=ana, post=idea)
    verbs = list(Event.objects.order_by("id").values_list("verb", "actor__username"))
    expected = [
        "post.created",
        "comment.created",
        "comment.edited",
        "answer.accepted",
        "reaction.set",
        "reaction.removed",
        "post.created",
        "poll.voted",
        "post.created",
        "idea.voted",
        "bookmark.added",
        "post.edited",
        "comment.deleted",
        "post.deleted",
    ]
    assert [verb for verb, _ in verbs if not verb.startswith("community.")] == expected
    comment_event = Event.objects.get(verb="comment.created")
    assert comment_event.community_id == places.open.pk
    assert comment_event.metadata["post_author"] == ana.pk
    assert comment_event.target_id == question.pk


def test_a_failed_write_records_nothing(company):
    import pytest

    from hearth.core.errors import Invalid

    before = Event.objects.count()
    with pytest.raises(Invalid):
        make_post(company.member, None, body="")
    assert Event.objects.count() == before
