"""Search: posts with their comments, people and communities; filters, highlights, the index."""

from __future__ import annotations

import datetime
import json

import pytest

from hearth.conversations import services
from hearth.conversations.tests.factories import make_post


def results(client, **params):
    response = client.get("/api/v1/search", params)
    assert response.status_code == 200, response.content
    return response.json()


def test_it_finds_posts_by_title_body_and_comments_with_highlights(api, company, places):
    question = make_post(
        company.manager,
        places.open,
        kind="question",
        title="How to configure the edge router",
        body="Steps please",
    )
    other = make_post(company.vp, None, body="Nothing about that")
    services.comment_create(actor=company.vp, post=other, body="The firmware upgrade fixed it")
    hits = results(api, q="router", type="post")["items"]
    assert [h["object"]["id"] for h in hits] == [question.pk]
    by_comment = results(api, q="firmware", type="post")["items"]
    assert by_comment[0]["object"]["id"] == other.pk and by_comment[0]["comment"] is not None
    assert "<mark>firmware</mark>" in by_comment[0]["snippet"]


def test_prefixes_match_while_typing(api, company):
    post = make_post(company.vp, None, body="Kubernetes migration plan")
    assert [h["object"]["id"] for h in results(api, q="kuber", type="post")["items"]] == [post.pk]
    # The last word may be still being typed; the words before it are whole words.
    hits = results(api, q="kubernetes migr", type="post")["items"]
    assert [h["object"]["id"] for h in hits] == [post.pk]
    assert results(api, q="kuber migration", type="post")["items"] == []


def test_every_word_must_match_and_accents_do_not_matter(api, company):
    make_post(company.vp, None, body="Reunión de ventas en Madrid")
    make_post(company.vp, None, body="Ventas in London")
    assert len(results(api, q="reunion ventas", type="post")["items"]) == 1


def test_filters_by_kind_community_author_dates_and_answered(api, company, places):
    answered = make_post(
        company.manager, places.open, kind="question", title="Printer jam", body="?"
    )
    answer = services.comment_create(actor=company.vp, post=answered, body="Open tray two")
    services.answer_accept(actor=company.manager, post=answered, comment=answer)
    open_question = make_post(company.vp, None, kind="question", title="Printer toner", body="?")
    update = make_post(company.vp, None, body="Printer replaced")

    def ids(**filters):
        hits = results(api, q="printer", type="post", **filters)["items"]
        return sorted(h["object"]["id"] for h in hits)

    assert ids(kind="question") == sorted([answered.pk, open_question.pk])
    assert ids(answered="true") == [answered.pk]
    assert ids(answered="false") == [open_question.pk]
    assert ids(community=places.open.slug) == [answered.pk]
    assert ids(author="victor") == sorted([open_question.pk, update.pk])
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    assert ids(start=tomorrow) == []
    assert ids(end=datetime.date.today().isoformat()) == sorted(
        [answered.pk, open_question.pk, update.pk]
    )


def test_the_index_follows_edits_and_deletes(api, company):
    post = make_post(company.member, None, body="Budget draft alpha")
    assert len(results(api, q="alpha", type="post")["items"]) == 1
    api.patch(
        f"/api/v1/posts/{post.pk}",
        json.dumps({"body": "Budget final beta"}),
        content_type="application/json",
    )
    assert results(api, q="alpha", type="post")["items"] == []
    assert len(results(api, q="beta", type="post")["items"]) == 1
    comment = services.comment_create(actor=company.vp, post=post, body="gamma remark")
    assert len(results(api, q="gamma", type="post")["items"]) == 1
    services.comment_delete(actor=company.vp, comment=comment)
    assert results(api, q="gamma", type="post")["items"] == []
    api.delete(f"/api/v1/posts/{post.pk}")
    assert results(api, q="beta", type="post")["items"] == []


def test_the_index_follows_moderation_and_answers_through_the_event_log(api, company):
    """Search learns of every change from the event log, in the writer's transaction: a post a
    moderator hides leaves the index with its comments and comes back with them; deleting the
    accepted answer makes the question unanswered again."""
    from hearth.search.models import SearchDocument

    question = make_post(company.member, None, kind="question", title="Delta valve", body="?")
    answer = services.comment_create(actor=company.vp, post=question, body="epsilon fix")
    services.answer_accept(actor=company.member, post=question, comment=answer)
    assert [h["object"]["id"] for h in results(api, q="delta", answered="true")["items"]] == [
        question.pk
    ]

    services.post_moderate(post=question, comment=None, kind="hide")
    assert not SearchDocument.objects.filter(post_id=question.pk).exists()
    services.post_moderate(post=question, comment=None, kind="unhide")
    assert len(results(api, q="epsilon", type="post")["items"]) == 1
    assert SearchDocument.objects.filter(post_id=question.pk).count() == 2

    services.post_moderate(post=question, comment=answer, kind="hide")
    assert results(api, q="epsilon", type="post")["items"] == []
    assert results(api, q="delta", type="post", answered="true")["items"] == []
    services.post_moderate(post=question, comment=answer, kind="unhide")
    services.answer_accept(actor=company.member, post=question, comment=answer)
    services.comment_delete(actor=company.vp, comment=answer)
    assert results(api, q="delta", type="post", answered="true")["items"] == []
    assert [
        h["object"]["id"] for h in results(api, q="delta", type="post", answered="false")["items"]
    ] == [question.pk]


def test_people_are_found_by_name_title_and_skill(api, company):
    from hearth.people.services import tags_from_names

    company.colleague.skills.set(tags_from_names(["Negotiation"]))
    by_name = results(api, q="carlos", type="person")["items"]
    assert [h["object"]["username"] for h in by_name] == ["carlos"]
    assert [
        h["object"]["username"] for h in results(api, q="negotiat", type="person")["items"]
    ] == ["carlos"]
    assert [h["object"]["username"] for h in results(api, q="ceo", type="person")["items"]] == [
        "grace"
    ]


def test_without_a_type_people_and_communities_lead_then_posts(api, company, places):
    post = make_post(company.manager, places.open, body="Network outage report")
    items = results(api, q="network")["items"]
    assert [h["type"] for h in items] == ["person", "community", "post"]
    assert items[1]["object"]["slug"] == places.open.slug and items[2]["object"]["id"] == post.pk


def test_results_page_with_a_cursor(api, company):
    for i in range(5):
        make_post(company.vp, None, body=f"Quarterly numbers {i}")
    first = results(api, q="quarterly", type="post", limit=3)
    second = results(api, q="quarterly", type="post", limit=3, cursor=first["next_cursor"])
    seen = [h["object"]["id"] for h in first["items"] + second["items"]]
    assert len(seen) == 5 == len(set(seen)) and second["next_cursor"] is None


def test_a_common_word_ranks_the_newest_readable_matches_and_dates_reach_older(
    api_as, company, places, settings
):
    from django.utils import timezone

    from hearth.conversations.models import Post
    from hearth.search.models import SearchDocument

    settings.HEARTH_SEARCH_WINDOW = 3
    month_ago = timezone.now() - datetime.timedelta(days=30)
    oldest = make_post(company.vp, None, title="Roaming", body="Roaming roaming roaming tariffs")
    Post.objects.filter(pk=oldest.pk).update(published_at=month_ago)
    SearchDocument.objects.filter(post_id=oldest.pk).update(published_at=month_ago)
    newer = [make_post(company.vp, None, body=f"Roaming note {i}") for i in range(4)]
    make_post(company.ceo, places.secret, body="Roaming secret plans")  # Carlos may not read it
    reader = api_as(company.colleague)

    def ids(**params):
        return [
            h["object"]["id"] for h in results(reader, q="roaming", type="post", **params)["items"]
        ]

    # The three newest posts Carlos may read are ranked; the secret one takes no place.
    assert sorted(ids()) == sorted(p.pk for p in newer[-3:])
    assert results(reader, q="roaming", type="post", limit=2)["next_cursor"] is not None
    # A date range reaches the older one, and without a window it ranks first.
    ten_days_ago = (timezone.now() - datetime.timedelta(days=10)).date().isoformat()
    assert ids(end=ten_days_ago) == [oldest.pk]
    settings.HEARTH_SEARCH_WINDOW = 0
    assert ids()[0] == oldest.pk and len(ids()) == 5


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"q": "x", "type": "widgets"}, 422),
        ({"q": "x", "kind": "memo"}, 422),
        ({"q": "x", "start": "2026-02-01", "end": "2026-01-01"}, 422),
        ({"q": "x", "start": "yesterday"}, 422),
        ({"q": "x", "cursor": "bad"}, 422),
        ({"q": "x", "limit": "0"}, 422),
        ({"q": "x", "community": "no-such-place"}, 404),
        ({"q": "x", "author": "nobody"}, 404),
    ],
)
def test_bad_search_parameters_get_a_clear_error(api, company, params, status):
    response = api.get("/api/v1/search", params)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "q", ['"', "*", "AND OR NOT", "NEAR(", "a:b", "'; DROP TABLE x; --", "—", "\\"]
)
def test_odd_queries_never_break_search(api, member_client, company, q):
    make_post(company.vp, None, body="Ordinary text")
    assert api.get("/api/v1/search", {"q": q}).status_code == 200
    assert member_client.get("/search/", {"q": q}).status_code == 200
    assert member_client.get("/search/suggest/", {"q": q}).status_code == 200


def test_the_search_page_shows_snippets_and_filters(member_client, company, places):
    make_post(
        company.manager,
        places.open,
        kind="question",
        title="VPN keeps dropping",
        body="Since Monday",
    )
    html = member_client.get("/search/", {"q": "vpn", "kind": "question"}).content.decode()
    assert "VPN keeps dropping" in html and "Unanswered" in html
    suggest = member_client.get("/search/suggest/", {"q": "vpn"}).content.decode()
    assert "VPN keeps dropping" in suggest


def test_similar_questions_are_offered_while_typing_a_title(member_client, company):
    make_post(company.vp, None, kind="question", title="How do I book a meeting room", body="?")
    make_post(company.vp, None, body="Meeting room booked")  # not a question
    html = member_client.get("/posts/similar/", {"title": "book meeting room?"}).content.decode()
    assert "How do I book a meeting room" in html and "Meeting room booked" not in html
    assert member_client.get("/posts/similar/", {"title": "ab"}).content.decode().strip() == ""


def test_documents_like_a_question_are_ranked_by_meaning_and_never_from_later(company, places):
    """For expert routing: posts and answers of any place most like a text, its words stemmed
    in its own language and its filler words left out, written before a given time only."""
    from django.utils import timezone

    from hearth.search.selectors import documents_like, like_terms

    earlier = make_post(
        company.ceo,
        places.secret,  # any place: routing ranks people and shows no document
        kind="question",
        title="Restarting Kubernetes pods",
        body="How are the pods restarted after a deployment?",
    )
    answer = services.comment_create(
        actor=company.member, post=earlier, body="Restart the deployment: the pods follow."
    )
    unrelated = make_post(company.vp, body="Lunch menu for the summer party is out.")
    cut = timezone.now()
    later = make_post(company.colleague, body="Kubernetes pods restart loop again.")
    assert "the" not in like_terms("The pods", "and the restarts")
    found = documents_like("Kubernetes pod restarts", "How do I restart a pod?", before=cut)
    ids = [(post_id, comment_id) for post_id, comment_id, *_rest in found]
    assert (earlier.pk, None) in ids and (earlier.pk, answer.pk) in ids
    assert all(post_id not in (unrelated.pk, later.pk) for post_id, _c in ids)
    authors = {row[2] for row in found}
    assert authors == {company.ceo.pk, company.member.pk}
    assert documents_like("", "", before=cut) == []
