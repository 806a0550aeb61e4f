"""Scopes: every API operation names the scope a token needs (the OpenAPI document lists it),
and a token lacking it is refused with 403 before anything happens, operation by operation."""

import re

import pytest
from django.test import Client

from hearth.config.api import api
from hearth.conversations.models import Post
from hearth.conversations.tests.factories import make_post
from hearth.core.models import Event
from hearth.core.scopes import ALL, SCOPES, scope_for
from hearth.people.services import token_create

pytestmark = pytest.mark.django_db


def _operations():
    for path, operations in api.get_openapi_schema()["paths"].items():
        for method, operation in operations.items():
            yield method.upper(), path, operation


def test_the_openapi_document_lists_each_operations_scope():
    schema = api.get_openapi_schema()
    flows = schema["components"]["securitySchemes"]["OAuth2"]["flows"]["authorizationCode"]
    assert set(flows["scopes"]) == set(SCOPES)
    assert flows["authorizationUrl"] == "/o/authorize/"
    for method, path, operation in _operations():
        needed = scope_for(method, path)
        assert operation["x-scope"] == needed, path
        assert {"OAuth2": [needed]} in operation["security"], path
        assert {"TokenAuth": [needed]} in operation["security"], path
    kinds = {scope_for(m, p) for m, p, _o in _operations()}
    assert kinds == set(SCOPES)  # every scope guards something
    assert scope_for("POST", "/api/v1/posts") == "write:posts"
    assert scope_for("POST", "/api/v1/posts/{post_id}/reactions") == "write"
    assert scope_for("GET", "/api/v1/insights/dashboard") == "read:insights"
    assert scope_for("GET", "/api/v1/audit") == "admin"
    assert scope_for("GET", "/api/v1/insights/assumptions") == "read:insights"
    assert scope_for("PUT", "/api/v1/insights/assumptions") == "admin"


def test_every_operation_refuses_a_token_without_its_scope_and_changes_nothing(company):
    post = make_post(company.member, body="Untouched")
    tokens = {}
    for needed in ALL:
        _t, raw = token_create(
            actor=company.admin,
            person=company.admin,
            name=f"all but {needed}",
            scopes=[s for s in ALL if s != needed],
        )
        tokens[needed] = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    events = Event.objects.count()
    problems = []
    for method, path, _operation in _operations():
        needed = scope_for(method, path)
        url = re.sub(r"\{post_id\}", str(post.pk), path)
        url = re.sub(r"\{\w+\}", "1", url)
        answer = tokens[needed].generic(method, url, "{}", content_type="application/json")
        if answer.status_code != 403 or needed not in answer.json().get("detail", ""):
            problems.append(f"{method} {path}: {answer.status_code}")
    assert problems == []
    assert Event.objects.count() == events
    post.refresh_from_db()
    assert post.body == "Untouched" and Post.objects.count() == 1


def test_a_token_with_the_scope_goes_through(company):
    _t, raw = token_create(
        actor=company.member, person=company.member, name="reader", scopes=["read"]
    )
    reader = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert reader.get("/api/v1/me").status_code == 200
    refused = reader.post("/api/v1/posts", {"body": "hi"}, content_type="application/json")
    assert refused.status_code == 403
    assert "write:posts" in refused.json()["detail"]
    assert not Post.objects.exists()


def test_scopes_are_checked_when_a_token_is_made(company):
    from hearth.core.errors import Invalid

    for bad in ([], ["root"], ["read", "everything"]):
        with pytest.raises(Invalid):
            token_create(actor=company.member, person=company.member, name="x", scopes=bad)
