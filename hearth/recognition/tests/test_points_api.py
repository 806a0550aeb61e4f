"""A person's points and their breakdown by rule: for themselves and administrators only."""

from __future__ import annotations

from django.test import Client

from hearth.conversations import services as talk
from hearth.conversations.tests.factories import make_post
from hearth.core.events import events_dispatch

from .test_boards import LONG


def test_a_person_and_an_administrator_read_the_points_by_rule(company, places, api, api_as):
    post = make_post(company.member, places.open, body=LONG)
    talk.reaction_set(actor=company.vp, post=post, kind="like")
    talk.reaction_set(actor=company.ceo, post=post, kind="insightful")
    events_dispatch()
    own = api.get("/api/v1/people/ana/points")
    assert own.status_code == 200
    body = own.json()
    assert body["username"] == "ana" and body["total"] == body["month"] == body["week"] > 0
    assert {row["rule"] for row in body["by_rule"]} == {"post", "reaction_received"}
    assert sum(row["points"] for row in body["by_rule"]) == body["total"]
    received = next(row for row in body["by_rule"] if row["rule"] == "reaction_received")
    assert received["entries"] == 2
    assert api_as(company.admin).get("/api/v1/people/ana/points").json() == body


def test_anyone_else_gets_the_answer_for_a_name_nobody_has(company, api_as):
    for person in (company.manager, company.ceo, company.colleague):
        refused = api_as(person).get("/api/v1/people/ana/points")
        assert refused.status_code == 404
        nobody = api_as(person).get("/api/v1/people/nobody-at-all/points")
        assert refused.json()["detail"] == nobody.json()["detail"]
    assert Client().get("/api/v1/people/ana/points").status_code == 401
