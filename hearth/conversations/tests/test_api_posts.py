"""Posts through the API: every kind, edits, deletes, and the errors people can make."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from hearth.conversations.models import Poll, Post, Revision
from hearth.core.models import Event


def post_json(client, url, body, **extra):
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


def patch_json(client, url, body):
    return client.patch(url, json.dumps(body), content_type="application/json")


def test_it_publishes_an_update_in_a_community(api, places):
    response = post_json(
        api,
        "/api/v1/posts",
        {"kind": "update", "community": places.open.slug, "body": "Fiber is **live** #fiber"},
    )
    assert response.status_code == 201, response.content
    post = response.json()
    assert post["author"]["username"] == "ana"
    assert post["community"] == places.open.slug
    assert "<strong>live</strong>" in post["html"]
    assert post["topics"] == ["fiber"]
    assert post["comment_count"] == 0 and post["reactions"] == {}
    assert post["acknowledged"] is False and post["anonymous"] is False
    assert post["url"].endswith(f"/posts/{post['id']}/")
    assert Event.objects.filter(verb="post.created", object_id=post["id"]).exists()


def test_a_post_without_community_lives_on_the_authors_profile(api, company):
    response = post_json(api, "/api/v1/posts", {"body": "Hello from my profile"})
    assert response.status_code == 201
    assert response.json()["community"] is None
    activity = api.get("/api/v1/people/ana/activity").json()["items"]
    assert [p["body"] for p in activity] == ["Hello from my profile"]


def test_an_article_needs_a_title_and_can_be_a_draft_or_scheduled(api, company):
    missing = post_json(api, "/api/v1/posts", {"kind": "article", "body": "Long text"})
    assert missing.status_code == 422
    assert {"field": "title", "message": "An article needs a title."} in missing.json()["errors"]
    draft = post_json(
        api, "/api/v1/posts", {"kind": "article", "title": "Plan", "body": "Draft", "draft": True}
    ).json()
    assert draft["is_draft"] is True
    later = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    scheduled = post_json(
        api,
        "/api/v1/posts",
        {"kind": "article", "title": "Later", "body": "Soon", "publish_at": later},
    ).json()
    assert [p["id"] for p in api.get("/api/v1/posts/drafts").json()["items"]] == [
        scheduled["id"],
        draft["id"],
    ]
    published = patch_json(api, f"/api/v1/posts/{draft['id']}", {"publish": True}).json()
    assert published["is_draft"] is False


def test_drafts_and_scheduled_articles_are_hidden_from_others(api, api_as, company):
    later = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    draft = post_json(
        api,
        "/api/v1/posts",
        {"kind": "article", "title": "Secret plan", "body": "x", "draft": True},
    ).json()
    scheduled = post_json(
        api,
        "/api/v1/posts",
        {"kind": "article", "title": "Later", "body": "y", "publish_at": later},
    ).json()
    other = api_as(company.colleague)
    assert other.get(f"/api/v1/posts/{draft['id']}").status_code == 404
    assert other.get(f"/api/v1/posts/{scheduled['id']}").status_code == 404
    assert other.get("/api/v1/people/ana/activity").json()["items"] == []


def test_a_poll_takes_votes_and_shows_results_after_voting(api, api_as, company):
    poll = post_json(
        api,
        "/api/v1/posts",
        {"kind": "poll", "body": "Lunch?", "poll": {"options": ["Pizza", "Sushi", "Tacos"]}},
    ).json()
    # Its author follows the results without voting; others vote first.
    assert [o["votes"] for o in poll["poll"]["options"]] == [0, 0, 0]
    voter = api_as(company.colleague)
    before = voter.get(f"/api/v1/posts/{poll['id']}").json()
    assert [o["votes"] for o in before["poll"]["options"]] == [None, None, None]
    sushi = poll["poll"]["options"][1]["id"]
    voted = post_json(voter, f"/api/v1/posts/{poll['id']}/vote", {"options": [sushi]}).json()
    assert [o["votes"] for o in voted["poll"]["options"]] == [0, 1, 0]
    assert voted["poll"]["my_choices"] == [sushi]
    pizza = poll["poll"]["options"][0]["id"]
    changed = post_json(voter, f"/api/v1/posts/{poll['id']}/vote", {"options": [pizza]}).json()
    assert [o["votes"] for o in changed["poll"]["options"]] == [1, 0, 0]
    assert changed["poll"]["voters"] == 1
    two = post_json(voter, f"/api/v1/posts/{poll['id']}/vote", {"options": [pizza, sushi]})
    assert two.status_code == 422


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["Only one"], "Give between 2 and 20 options."),
        ([f"Option {i}" for i in range(21)], "Give between 2 and 20 options."),
        (["Same", "same"], "Each option must be different."),
        (["Fine", "  "], "Options cannot be empty."),
    ],
)
def test_a_poll_needs_2_to_20_different_options(api, company, options, message):
    response = post_json(
        api, "/api/v1/posts", {"kind": "poll", "body": "Q?", "poll": {"options": options}}
    )
    assert response.status_code == 422
    assert message in [e["message"] for e in response.json()["errors"]]
    assert not Post.objects.exists()


def test_voting_on_a_closed_poll_is_refused(api, api_as, company):
    soon = timezone.now() + datetime.timedelta(minutes=5)
    poll = post_json(
        api,
        "/api/v1/posts",
        {
            "kind": "poll",
            "body": "Q?",
            "poll": {
                "options": ["A", "B"],
                "closes_at": soon.isoformat(),
                "results": "after_close",
            },
        },
    ).json()
    # Time passes: the poll closed a minute ago.
    Poll.objects.filter(post_id=poll["id"]).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = post_json(
        api_as(company.colleague),
        f"/api/v1/posts/{poll['id']}/vote",
        {"options": [poll["poll"]["options"][0]["id"]]},
    )
    assert response.status_code == 409
    assert response.json()["detail"] == "This poll is closed."
    closed = api.get(f"/api/v1/posts/{poll['id']}").json()["poll"]
    assert closed["is_open"] is False and closed["options"][0]["votes"] == 0


def test_a_question_gets_answers_and_its_asker_accepts_one(api, api_as, company):
    question = post_json(
        api, "/api/v1/posts", {"kind": "question", "title": "Router reset?", "body": "How?"}
    ).json()
    answerer = api_as(company.manager)
    answer = post_json(
        answerer, f"/api/v1/posts/{question['id']}/comments", {"body": "Hold the button."}
    ).json()
    assert answer["author"]["username"] == "maria"
    refused = post_json(
        answerer, f"/api/v1/posts/{question['id']}/accept", {"comment": answer["id"]}
    )
    assert refused.status_code == 403
    accepted = post_json(api, f"/api/v1/posts/{question['id']}/accept", {"comment": answer["id"]})
    assert accepted.status_code == 200
    assert accepted.json()["accepted_comment"] == answer["id"]
    assert accepted.json()["acknowledged"] is True
    comments = api.get(f"/api/v1/posts/{question['id']}/comments").json()["items"]
    assert comments[0]["accepted"] is True
    event = Event.objects.get(verb="answer.accepted")
    assert event.metadata["answerer"] == company.manager.pk


def test_a_facilitator_of_the_community_may_accept_an_answer(api, api_as, company, places):
    question = post_json(
        api,
        "/api/v1/posts",
        {"kind": "question", "title": "Q", "body": "?", "community": places.open.slug},
    ).json()
    answer = post_json(
        api_as(company.manager), f"/api/v1/posts/{question['id']}/comments", {"body": "A"}
    ).json()
    facilitator = api_as(company.vp)
    response = post_json(
        facilitator, f"/api/v1/posts/{question['id']}/accept", {"comment": answer["id"]}
    )
    assert response.status_code == 200


def test_accepting_on_something_that_is_not_a_question_is_a_conflict(api, company):
    update = post_json(api, "/api/v1/posts", {"body": "Not a question"}).json()
    comment = post_json(api, f"/api/v1/posts/{update['id']}/comments", {"body": "c"}).json()
    response = post_json(api, f"/api/v1/posts/{update['id']}/accept", {"comment": comment["id"]})
    assert response.status_code == 409
    assert response.json()["detail"] == "Only questions have an accepted answer."


def test_reacting_again_replaces_the_reaction_and_can_be_removed(api, api_as, company):
    post = post_json(api, "/api/v1/posts", {"body": "Shipped!"}).json()
    other = api_as(company.colleague)
    first = post_json(other, f"/api/v1/posts/{post['id']}/reactions", {"kind": "like"})
    assert first.json() == {"kind": "like", "reactions": {"like": 1}}
    again = post_json(other, f"/api/v1/posts/{post['id']}/reactions", {"kind": "like"})
    assert again.json()["reactions"] == {"like": 1}
    second = post_json(other, f"/api/v1/posts/{post['id']}/reactions", {"kind": "celebrate"})
    assert second.json()["reactions"] == {"celebrate": 1}
    seen = other.get(f"/api/v1/posts/{post['id']}").json()
    assert seen["my_reaction"] == "celebrate" and seen["acknowledged"] is True
    who = api.get(f"/api/v1/posts/{post['id']}/reactions").json()["items"]
    assert [(r["person"]["username"], r["kind"]) for r in who] == [("carlos", "celebrate")]
    removed = other.delete(f"/api/v1/posts/{post['id']}/reactions")
    assert removed.json() == {"kind": None, "reactions": {}}
    bad = post_json(other, f"/api/v1/posts/{post['id']}/reactions", {"kind": "angry"})
    assert bad.status_code == 422


def test_the_authors_own_reaction_does_not_acknowledge_the_post(api, company):
    post = post_json(api, "/api/v1/posts", {"body": "Me"}).json()
    post_json(api, f"/api/v1/posts/{post['id']}/reactions", {"kind": "like"})
    post_json(api, f"/api/v1/posts/{post['id']}/comments", {"body": "Bump"})
    assert api.get(f"/api/v1/posts/{post['id']}").json()["acknowledged"] is False


def test_comments_have_one_level_of_replies_and_can_be_edited_and_deleted(api, api_as, company):
    post = post_json(api, "/api/v1/posts", {"body": "Thread"}).json()
    other = api_as(company.colleague)
    top = post_json(other, f"/api/v1/posts/{post['id']}/comments", {"body": "Top"}).json()
    reply = post_json(
        api, f"/api/v1/posts/{post['id']}/comments", {"body": "Reply", "parent": top["id"]}
    ).json()
    deeper = post_json(
        other, f"/api/v1/posts/{post['id']}/comments", {"body": "Deeper", "parent": reply["id"]}
    ).json()
    assert reply["parent"] == top["id"] and deeper["parent"] == top["id"]
    edited = patch_json(other, f"/api/v1/posts/{post['id']}/comments/{top['id']}", {"body": "Top!"})
    assert edited.json()["edited_at"] is not None
    assert (
        patch_json(
            api, f"/api/v1/posts/{post['id']}/comments/{top['id']}", {"body": "x"}
        ).status_code
        == 403
    )
    assert other.delete(f"/api/v1/posts/{post['id']}/comments/{top['id']}").status_code == 204
    bodies = [c["body"] for c in api.get(f"/api/v1/posts/{post['id']}/comments").json()["items"]]
    assert bodies == ["Reply", "Deeper"]
    assert api.get(f"/api/v1/posts/{post['id']}").json()["comment_count"] == 2


def test_editing_keeps_the_previous_text_as_a_revision(api, api_as, company):
    post = post_json(api, "/api/v1/posts", {"body": "First take"}).json()
    edited = patch_json(api, f"/api/v1/posts/{post['id']}", {"body": "Second take"}).json()
    assert edited["edited_at"] is not None and edited["body"] == "Second take"
    revisions = api.get(f"/api/v1/posts/{post['id']}/revisions").json()
    assert [r["body"] for r in revisions] == ["First take"]
    assert api_as(company.colleague).get(f"/api/v1/posts/{post['id']}/revisions").json() == []
    refused = patch_json(api_as(company.colleague), f"/api/v1/posts/{post['id']}", {"body": "x"})
    assert refused.status_code == 403
    assert Revision.objects.count() == 1


def test_a_deleted_post_disappears_everywhere(api, api_as, company):
    post = post_json(api, "/api/v1/posts", {"body": "Oops #typo"}).json()
    assert api_as(company.colleague).delete(f"/api/v1/posts/{post['id']}").status_code == 403
    assert api.delete(f"/api/v1/posts/{post['id']}").status_code == 204
    assert api.get(f"/api/v1/posts/{post['id']}").status_code == 404
    assert api.get("/api/v1/feed").json()["items"] == []
    assert api.get("/api/v1/search?q=oops").json()["items"] == []
    assert Post.objects.get(pk=post["id"]).deleted_at is not None  # kept for audit


def test_ideas_are_voted_up_once_and_not_by_their_author(api, api_as, company):
    idea = post_json(
        api, "/api/v1/posts", {"kind": "idea", "title": "4-day week", "body": "Try"}
    ).json()
    assert post_json(api, f"/api/v1/posts/{idea['id']}/vote", {}).status_code == 409
    voter = api_as(company.colleague)
    assert post_json(voter, f"/api/v1/posts/{idea['id']}/vote", {}).json()["vote_count"] == 1
    assert post_json(voter, f"/api/v1/posts/{idea['id']}/vote", {}).json()["vote_count"] == 1
    undone = voter.delete(f"/api/v1/posts/{idea['id']}/vote").json()
    assert undone["vote_count"] == 0 and undone["my_vote"] is False


def test_praise_thanks_people_for_a_company_value(api, company):
    response = post_json(
        api,
        "/api/v1/posts",
        {
            "kind": "praise",
            "body": "Saved the launch",
            "praised": ["maria", "carlos"],
            "praise_value": "Own it",
        },
    )
    assert response.status_code == 201
    assert sorted(response.json()["praised"]) == ["carlos", "maria"]
    assert response.json()["praise_value"] == "Own it"
    event = Event.objects.get(verb="post.created")
    assert sorted(event.metadata["praised"]) == sorted([company.manager.pk, company.colleague.pk])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "praise", "body": "x"}, "praised"),
        ({"kind": "praise", "body": "x", "praised": ["nobody"]}, "praised"),
        ({"kind": "praise", "body": "x", "praised": ["ana"]}, "praised"),
        (
            {"kind": "praise", "body": "x", "praised": ["maria"], "praise_value": "Greed"},
            "praise_value",
        ),
    ],
)
def test_praise_must_thank_someone_else_for_a_real_value(api, company, body, field):
    response = post_json(api, "/api/v1/posts", body)
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]


def test_only_community_leaders_post_announcements_with_acknowledgements(
    api, api_as, company, places
):
    refused = post_json(
        api,
        "/api/v1/posts",
        {"kind": "announcement", "body": "Hear ye", "community": places.open.slug},
    )
    assert refused.status_code == 403
    leader = api_as(company.manager)
    pin = (timezone.now() + datetime.timedelta(days=7)).isoformat()
    announcement = post_json(
        leader,
        "/api/v1/posts",
        {
            "kind": "announcement",
            "title": "New process",
            "body": "Read this",
            "community": places.open.slug,
            "pinned_until": pin,
            "requires_ack": True,
        },
    ).json()
    reads = leader.get(f"/api/v1/posts/{announcement['id']}/reads").json()
    assert reads["seen"] == 0 and reads["acknowledged"] == 0
    assert [p["username"] for p in reads["pending"]] == ["ana", "victor"]
    api.get(f"/api/v1/posts/{announcement['id']}")  # ana sees it
    acknowledged = post_json(api, f"/api/v1/posts/{announcement['id']}/acknowledge", {})
    assert acknowledged.json()["seen"] == 1 and acknowledged.json()["acknowledged"] == 1
    assert acknowledged.json()["pending"] is None  # only the author and leaders see who
    reads = leader.get(f"/api/v1/posts/{announcement['id']}/reads").json()
    assert [p["username"] for p in reads["pending"]] == ["victor"]
    assert Event.objects.filter(verb="announcement.viewed").count() == 1
    assert Event.objects.filter(verb="announcement.acknowledged").count() == 1


def test_company_wide_announcements_are_for_administrators(api, api_as, company):
    assert post_json(api, "/api/v1/posts", {"kind": "announcement", "body": "x"}).status_code == 403
    admin = api_as(company.admin)
    assert (
        post_json(admin, "/api/v1/posts", {"kind": "announcement", "body": "All hands"}).status_code
        == 201
    )


def test_pins_are_for_announcements_within_90_days(api_as, company):
    admin = api_as(company.admin)
    far = (timezone.now() + datetime.timedelta(days=120)).isoformat()
    response = post_json(
        admin, "/api/v1/posts", {"kind": "announcement", "body": "x", "pinned_until": far}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "pinned_until", "message": "Pin for at most 90 days."}
    ]


def test_bookmarks_are_private_to_their_owner(api, api_as, company):
    post = post_json(api, "/api/v1/posts", {"body": "Keep this"}).json()
    assert api.post(f"/api/v1/posts/{post['id']}/bookmark").status_code == 204
    assert [p["id"] for p in api.get("/api/v1/bookmarks").json()["items"]] == [post["id"]]
    assert api.get(f"/api/v1/posts/{post['id']}").json()["bookmarked"] is True
    assert api_as(company.colleague).get("/api/v1/bookmarks").json()["items"] == []
    assert api.delete(f"/api/v1/posts/{post['id']}/bookmark").status_code == 204
    assert api.get("/api/v1/bookmarks").json()["items"] == []


def test_posting_in_a_community_needs_membership(api_as, company, places):
    outsider = api_as(company.vp)
    response = post_json(
        outsider, "/api/v1/posts", {"body": "Hi", "community": places.private.slug}
    )
    assert response.status_code == 403
    secret = post_json(outsider, "/api/v1/posts", {"body": "Hi", "community": places.secret.slug})
    assert secret.status_code == 404  # never reveal that a secret community exists


def test_anonymous_posting_is_refused_until_sealed_identities_exist(api, company):
    response = post_json(api, "/api/v1/posts", {"body": "Who am I", "anonymous": True})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "anonymous"
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"body": ""}, "body", "Write something first."),
        ({"body": "   \n "}, "body", "Write something first."),
        ({"body": "x" * 20_001}, "body", "At most 20,000 characters (20,001 now)."),
        ({"kind": "memo", "body": "x"}, "kind", "Not a kind of post."),
        ({"body": "x", "title": "t" * 201}, "title", "At most 200 characters."),
    ],
)
def test_bad_posts_get_a_clear_422_and_nothing_is_saved(api, company, body, field, message):
    response = post_json(api, "/api/v1/posts", body)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert {"field": field, "message": message} in response.json()["errors"]
    assert not Post.objects.exists()
    assert not Event.objects.filter(verb="post.created").exists()


def test_malformed_json_is_a_400(api, company):
    response = api.post("/api/v1/posts", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["title"] == "Malformed request"


def test_a_missing_body_field_is_a_422_naming_it(api, company):
    response = post_json(api, "/api/v1/posts", {"kind": "update"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body"


@pytest.mark.parametrize("cursor", ["garbage", "eyJ4Ijox", "a" * 500])
def test_an_invalid_cursor_is_a_422(api, company, cursor):
    response = api.get("/api/v1/feed", {"cursor": cursor})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "cursor"


def test_posts_that_do_not_exist_are_404(api, company):
    assert api.get("/api/v1/posts/999999").status_code == 404
    assert post_json(api, "/api/v1/posts/999999/comments", {"body": "x"}).status_code == 404
    assert api.get("/api/v1/posts/not-a-number").status_code in (404, 422)


def test_signed_out_callers_get_401(client, company):
    assert client.get("/api/v1/feed").status_code == 401
    assert post_json(client, "/api/v1/posts", {"body": "x"}).status_code == 401


def test_a_body_beyond_the_request_limit_is_a_413_not_a_500(api, member_client, company):
    huge = json.dumps({"body": "x" * 6_000_000})
    response = api.post("/api/v1/posts", huge, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["title"] == "Too large"
    page = member_client.post("/posts/new/", {"kind": "update", "body": "x" * 6_000_000})
    assert page.status_code == 413
    assert "too large" in page.content.decode()
    assert not Post.objects.exists()


def test_times_without_a_zone_are_read_as_utc(api, company):
    response = post_json(
        api,
        "/api/v1/posts",
        {
            "kind": "poll",
            "body": "When?",
            "poll": {"options": ["a", "b"], "closes_at": "2031-01-01T12:00:00"},
        },
    )
    assert response.status_code == 201
    assert response.json()["poll"]["closes_at"].startswith("2031-01-01T12:00:00")


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/v1/posts", {"body": "a\\u0000b"}),
        ("/api/v1/search?q=a%00b", None),
        ("/api/v1/people?q=%00", None),
    ],
)
def test_nul_characters_are_refused_with_a_400(api, company, url, body):
    if body is None:
        response = api.get(url)
    else:
        raw = json.dumps(body).replace("\\\\u0000", "\\u0000")
        response = api.post(url, raw, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "Text cannot contain NUL characters."
    assert not Post.objects.exists()
