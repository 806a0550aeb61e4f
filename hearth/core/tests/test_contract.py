"""The core contract (API.md) is served: its paths and methods appear in the OpenAPI document."""

from __future__ import annotations

import pytest

CONTRACT = [
    ("get", "/me"),
    ("get", "/people"),
    ("get", "/people/{username}"),
    ("post", "/people/{username}/follow"),
    ("delete", "/people/{username}/follow"),
    ("post", "/topics/{name}/follow"),
    ("delete", "/topics/{name}/follow"),
    ("post", "/communities"),
    ("get", "/communities"),
    ("get", "/communities/{slug}"),
    ("patch", "/communities/{slug}"),
    ("post", "/communities/{slug}/join"),
    ("post", "/communities/{slug}/leave"),
    ("get", "/communities/{slug}/members"),
    ("post", "/communities/{slug}/members"),
    ("delete", "/communities/{slug}/members/{username}"),
    ("get", "/communities/{slug}/feed"),
    ("post", "/posts"),
    ("get", "/posts/{post_id}"),
    ("patch", "/posts/{post_id}"),
    ("delete", "/posts/{post_id}"),
    ("get", "/posts/{post_id}/comments"),
    ("post", "/posts/{post_id}/comments"),
    ("post", "/posts/{post_id}/reactions"),
    ("delete", "/posts/{post_id}/reactions"),
    ("post", "/posts/{post_id}/accept"),
    ("post", "/posts/{post_id}/vote"),
    ("get", "/feed"),
    ("get", "/people/{username}/activity"),
    ("get", "/search"),
]


@pytest.fixture(scope="module")
def paths():
    from django.test import Client

    return Client().get("/api/v1/openapi.json").json()["paths"]


@pytest.mark.parametrize(("method", "path"), CONTRACT)
def test_the_contract_path_is_served(paths, method, path):
    assert method in paths[f"/api/v1{path}"]


def test_post_schema_has_every_contract_field(paths):
    from django.test import Client

    document = Client().get("/api/v1/openapi.json").json()
    post = document["components"]["schemas"]["PostOut"]["properties"]
    for name in (
        "id",
        "kind",
        "author",
        "anonymous",
        "community",
        "title",
        "body",
        "html",
        "created_at",
        "edited_at",
        "comment_count",
        "reactions",
        "my_reaction",
        "accepted_comment",
        "acknowledged",
        "poll",
        "url",
    ):
        assert name in post
    community = document["components"]["schemas"]["CommunityOut"]["properties"]
    for name in (
        "slug",
        "name",
        "kind",
        "privacy",
        "state",
        "purpose",
        "business_goal",
        "deliverable",
        "starts_on",
        "ends_on",
        "key_results",
        "sponsors",
        "facilitators",
        "allow_anonymous",
        "response_target_hours",
        "member_count",
        "my_role",
        "maturity_level",
    ):
        assert name in community


def test_the_openapi_document_is_built_once_per_process(db, monkeypatch):
    import ninja.main
    from django.test import Client

    from hearth.config.api import api

    built = []
    original = ninja.main.get_schema
    monkeypatch.setattr(ninja.main, "get_schema", lambda **kw: built.append(1) or original(**kw))
    monkeypatch.setattr(api, "_openapi_built", {}, raising=False)
    documents = [Client().get("/api/v1/openapi.json") for _ in range(3)]
    assert [d.status_code for d in documents] == [200, 200, 200]
    assert documents[0].json() == documents[2].json()
    assert len(built) == 1


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("put", "/api/v1/me/leaderboard-visibility", {"hidden": 0}),
        ("put", "/api/v1/me/leaderboard-visibility", {"hidden": "yes"}),
        ("put", "/api/v1/me/leaderboard-visibility", [None, None]),
        ("put", "/api/v1/me/expert-preferences", {"opted_out": False, "away_until": 0}),
        ("put", "/api/v1/me/expert-preferences", {"opted_out": False, "away_until": "0"}),
        ("post", "/api/v1/posts", {"kind": "update", "body": 5}),
        ("post", "/api/v1/posts", {"kind": "update", "body": "Hi", "anonymous": 1}),
    ],
)
def test_bodies_are_read_strictly_and_nothing_changes(api, company, method, url, body):
    """No lenient coercions: 0 is not false, 0 and "0" are not 1970-01-01, a list is not an
    object, a number is not text."""
    import json

    from hearth.conversations.models import Post
    from hearth.recognition.models import LeaderboardChoice

    answer = getattr(api, method)(url, json.dumps(body), content_type="application/json")
    assert answer.status_code == 422, answer.content
    assert answer["Content-Type"].startswith("application/problem+json")
    assert not Post.objects.exists() and not LeaderboardChoice.objects.exists()


@pytest.mark.parametrize("query", ["start=0", "start=1700000000", "end=2026-13-01", "start=x"])
def test_dates_in_queries_are_iso_dates(api, query):
    answer = api.get(f"/api/v1/search?q=plan&{query}")
    assert answer.status_code == 422
    assert "YYYY-MM-DD" in answer.content.decode() or "date" in answer.content.decode()


def test_well_formed_dates_still_read(api):
    assert api.get("/api/v1/search?q=plan&start=2026-01-01&end=2026-12-31").status_code == 200


def test_the_openapi_document_changes_only_on_purpose(db):
    """The document is stored beside this test: a change to the API (or a restructuring that
    was meant to change nothing) shows here. After a change made on purpose, write it again
    with HEARTH_UPDATE_OPENAPI=1 and commit the difference with the change."""
    import json
    import os
    from pathlib import Path

    from django.test import Client

    stored = Path(__file__).with_name("openapi.json")
    document = json.dumps(Client().get("/api/v1/openapi.json").json(), indent=1, sort_keys=True)
    if os.environ.get("HEARTH_UPDATE_OPENAPI"):
        stored.write_text(document + "\n")
    assert stored.read_text() == document + "\n", "The OpenAPI document changed"
