"""The web pages for posts: a composer per kind, errors that keep what was typed, actions."""

from __future__ import annotations

import pytest
from django.test import Client

from hearth.conversations import services
from hearth.conversations.models import AnnouncementRead, Post, Reaction
from hearth.conversations.tests.factories import make_post
from hearth.people.models import Tag


def compose(client, kind, **fields):
    return client.post(f"/posts/new/?kind={kind}", {"kind": kind, "community": "", **fields})


@pytest.mark.parametrize(
    ("kind", "fields", "shown"),
    [
        ("update", {"body": "Hello *team*"}, "<em>team</em>"),
        ("question", {"title": "Where is the VPN guide?", "body": "Can't find it"}, "Unanswered"),
        ("article", {"title": "Our 5G story", "body": "word " * 500}, "3 minutes read"),
        ("poll", {"body": "Team lunch?", "options": "Pizza\nSushi"}, "Vote"),
        (
            "praise",
            {"body": "Great demo", "praised": "@maria, carlos", "praise_value": "Own it"},
            "Thanks to",
        ),
        ("idea", {"title": "Quiet Fridays", "body": "No meetings"}, "Vote up"),
    ],
)
def test_each_kind_has_its_composer_and_rendering(member_client, company, kind, fields, shown):
    form = member_client.get("/posts/new/", {"kind": kind}).content.decode()
    assert f'name="kind" value="{kind}"' in form
    response = compose(member_client, kind, **fields)
    assert response.status_code == 302, response.content.decode()[-3000:]
    post = Post.objects.get()
    assert post.kind == kind
    assert shown in member_client.get(post.get_absolute_url()).content.decode()


def test_the_composer_shows_only_the_fields_of_its_kind(member_client, company):
    poll = member_client.get("/posts/new/", {"kind": "poll"}).content.decode()
    assert 'name="options"' in poll and 'name="praised"' not in poll
    praise = member_client.get("/posts/new/", {"kind": "praise"}).content.decode()
    assert 'name="praise_value"' in praise and 'name="options"' not in praise
    question = member_client.get("/posts/new/", {"kind": "question"}).content.decode()
    assert 'hx-get="/posts/similar/"' in question


def test_a_one_line_question_needs_no_details_but_needs_the_question(member_client, company):
    asked = compose(member_client, "question", title="Where is the VPN guide?", body="")
    assert asked.status_code == 302, asked.content.decode()[-2000:]
    assert Post.objects.get().title == "Where is the VPN guide?"
    empty = compose(member_client, "question", title="", body="Some details I typed")
    assert empty.status_code == 422
    assert "Some details I typed" in empty.content.decode()
    assert Post.objects.count() == 1


def test_the_api_takes_a_question_asked_in_its_title_alone(api, company):
    created = api.post(
        "/api/v1/posts",
        {"kind": "question", "community": None, "title": "Who runs the VPN?", "body": ""},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    refused = api.post(
        "/api/v1/posts",
        {"kind": "update", "community": None, "title": "", "body": ""},
        content_type="application/json",
    )
    assert refused.status_code == 422 and b'"body"' in refused.content


def test_announcements_are_offered_only_to_leaders(member_client, client, company, places):
    assert "kind=announcement" not in member_client.get("/posts/new/").content.decode()
    client.force_login(company.manager)
    assert "kind=announcement" in client.get("/posts/new/").content.decode()


def test_a_bad_post_comes_back_with_what_was_typed(member_client, company):
    response = compose(member_client, "poll", body="Which day?", options="Monday")
    assert response.status_code == 422
    html = response.content.decode()
    assert "Give between 2 and 20 options." in html
    assert "Which day?" in html and "Monday" in html
    assert not Post.objects.exists()


def test_posting_in_a_community_one_does_not_belong_to_is_refused(client, company, places):
    client.force_login(company.colleague)
    response = compose(client, "update", body="Let me in", community=places.private.slug)
    assert response.status_code == 422
    assert "Let me in" in response.content.decode()


def test_an_article_can_be_saved_as_a_draft_then_published(member_client, company):
    response = compose(
        member_client, "article", title="Half done", body="Draft text", save_draft="1"
    )
    post = Post.objects.get()
    assert post.is_draft and response["Location"] == post.get_absolute_url()
    assert "Half done" in member_client.get("/posts/drafts/").content.decode()
    member_client.post(
        f"/posts/{post.pk}/edit/", {"title": "Done", "body": "Final", "publish": "1"}
    )
    post.refresh_from_db()
    assert not post.is_draft and post.title == "Done"


def test_commenting_and_a_bad_comment_keeps_the_text(member_client, company):
    post = make_post(company.manager, None, body="Thoughts?")
    ok = member_client.post(f"/posts/{post.pk}/comment/", {"body": "Mine: yes"})
    assert ok.status_code == 302
    too_long = member_client.post(f"/posts/{post.pk}/comment/", {"body": "x" * 20_001})
    assert too_long.status_code == 422
    assert "x" * 100 in too_long.content.decode()
    assert post.comments.count() == 1


def test_reacting_with_htmx_swaps_the_reaction_bar(member_client, company):
    post = make_post(company.manager, None, body="Ship it")
    response = member_client.post(
        f"/posts/{post.pk}/react/", {"kind": "celebrate"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'aria-pressed="true"' in html and '<span class="count">1</span>' in html
    again = member_client.post(
        f"/posts/{post.pk}/react/",
        {"kind": "celebrate", "current": "celebrate"},
        HTTP_HX_REQUEST="true",
    )
    assert 'aria-pressed="true"' not in again.content.decode()
    assert not Reaction.objects.exists()


def test_an_error_in_an_htmx_action_is_shown_in_the_alert_region(member_client, company):
    post = make_post(company.member, None, kind="idea", title="Mine", body="Idea")
    response = member_client.post(f"/posts/{post.pk}/vote/", {"up": "1"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    assert response["HX-Retarget"] == "#alerts"
    assert "You cannot vote for your own idea." in response.content.decode()


def test_the_asker_accepts_an_answer_on_the_page(member_client, company):
    question = make_post(company.member, None, kind="question", title="Q?", body="?")
    answer = services.comment_create(actor=company.manager, post=question, body="This")
    page = member_client.get(question.get_absolute_url()).content.decode()
    assert "Accept this answer" in page
    member_client.post(f"/posts/{question.pk}/accept/", {"comment": answer.pk})
    page = member_client.get(question.get_absolute_url()).content.decode()
    assert "Accepted answer" in page and "Answered</span>" in page and "Unanswered" not in page


def test_voting_in_a_poll_on_the_page(member_client, company):
    poll = make_post(
        company.manager,
        None,
        kind="poll",
        body="Coffee or tea?",
        poll=services.PollIn(options=["Coffee", "Tea"]),
    )
    tea = poll.poll.options.get(label="Tea")
    response = member_client.post(
        f"/posts/{poll.pk}/vote/", {"option": [tea.pk]}, HTTP_HX_REQUEST="true"
    )
    after = response.content.decode()
    assert "100% (1)" in after
    # The ballot folds away behind "Change my vote" once the results show.
    assert '<details class="poll-change"><summary>Change my vote</summary>' in after
    author = Client()
    author.force_login(company.manager)
    assert "100% (1)" in author.get(poll.get_absolute_url()).content.decode()


def test_an_announcement_is_acknowledged_on_its_page(member_client, client, company, places):
    post = make_post(
        company.manager, places.open, kind="announcement", body="Read me", requires_ack=True
    )
    page = member_client.get(post.get_absolute_url()).content.decode()
    assert "I have read this" in page
    member_client.post(f"/posts/{post.pk}/acknowledge/")
    assert AnnouncementRead.objects.get(person=company.member).acknowledged_at is not None
    client.force_login(company.manager)
    author_view = client.get(post.get_absolute_url()).content.decode()
    assert "Seen by 1 of 2 members" in author_view and "1 acknowledged" in author_view
    assert "Victor Vale" in author_view  # has not acknowledged yet


def test_person_pages_follow_and_praise(member_client, company):
    page = member_client.get("/people/carlos/").content.decode()
    assert "Follow" in page and "?kind=praise&amp;praise=carlos" in page
    response = member_client.post("/follow/people/carlos/", {"on": "1"}, HTTP_HX_REQUEST="true")
    assert "Following" in response.content.decode() and "1 follower" in response.content.decode()


def test_someone_elses_post_cannot_be_edited_or_deleted(member_client, company):
    post = make_post(company.manager, None, body="Maria's")
    assert member_client.get(f"/posts/{post.pk}/edit/").status_code == 404
    assert member_client.post(f"/posts/{post.pk}/delete/").status_code == 403
    post.refresh_from_db()
    assert post.deleted_at is None


def test_a_topic_shows_once_linked_where_the_text_says_it(member_client, company):
    post = make_post(company.member, None, body="Fiber is live in Porto #fiber")
    tag = Tag.objects.create(name="network")
    post.topics.add(tag)  # as a facilitator tags it: not in the text
    feed = member_client.get("/").content.decode()
    page = member_client.get(post.get_absolute_url()).content.decode()
    for html in (feed, page):
        start = html.index(f'id="post-{post.pk}"')
        shown = html[start : html.index("</article>", start)]
        assert shown.count('href="/topics/fiber/"') == 1, shown
        assert shown.count('href="/topics/network/"') == 1
    assert '<a class="topic" href="/topics/fiber/">#fiber</a>' in feed


def test_reactions_and_actions_are_drawn_icons_with_visible_labels(member_client, company):
    """No emoji as icons (blank boxes without a colour-emoji font): inline SVG, named in text."""
    post = make_post(company.manager, None, body="Shipped the new router")
    services.reaction_set(actor=company.colleague, post=post, kind="insightful")
    page = member_client.get(post.get_absolute_url()).content.decode()
    reactions = page.split('class="reactions"', 1)[1].split("</form>", 1)[0]
    assert reactions.count('class="icon">') == 5
    shown = '<span class="reaction-label">Insightful</span> <span class="count">1</span>'
    assert shown in reactions
    for emoji in ("👍", "🎉", "💡", "🤝", "🙏", "💬", "☆"):
        assert emoji not in page
