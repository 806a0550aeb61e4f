"""Group points and leaderboards: people, communities and departments by period; opting
out; secret communities stay secret; a community's reward mix."""

from __future__ import annotations

import json

from hearth.conversations import services as talk
from hearth.conversations.tests.factories import make_post
from hearth.core.events import events_dispatch
from hearth.people.models import Department, Person
from hearth.recognition import services
from hearth.recognition.models import PointEntry
from hearth.recognition.selectors import leaderboard

LONG = "A contribution long enough to count for points."


def names(viewer, board="people", period="month"):
    return [r["name"] for r in leaderboard(viewer, board=board, period=period)]


def test_points_count_for_people_communities_and_departments(company, places):
    sales = Department.objects.get(name="Sales")
    Person.objects.filter(pk=company.member.pk).update(department=sales)
    make_post(company.member, places.open, body=LONG)
    make_post(company.member, places.secret, body=LONG)
    events_dispatch()
    assert names(company.ceo) == ["Ana Ribeiro"]
    assert leaderboard(company.ceo)[0]["points"] == 4
    assert set(names(company.member, "communities")) == {"Network Ops", "Merger Room"}
    assert names(company.colleague, "communities") == ["Network Ops"]  # secret stays secret
    assert names(company.ceo, "departments") == ["Sales"]
    assert PointEntry.objects.filter(department=sales).count() == 2


def test_people_can_leave_the_public_leaderboard(company, places):
    make_post(company.member, places.open, body=LONG)
    events_dispatch()
    services.leaderboard_hide(actor=company.member)
    assert names(company.ceo) == []
    services.leaderboard_hide(actor=company.member, hidden=False)
    assert names(company.ceo) == ["Ana Ribeiro"]


def test_a_community_chooses_individual_group_or_both(company, places):
    make_post(company.member, places.open, body=LONG)
    events_dispatch()
    services.reward_mix_set(actor=company.manager, community=places.open, mix="group")
    assert names(company.ceo) == [] and names(company.ceo, "communities") == ["Network Ops"]
    services.reward_mix_set(actor=company.manager, community=places.open, mix="individual")
    assert names(company.ceo) == ["Ana Ribeiro"] and names(company.ceo, "communities") == []


def test_the_leaderboard_page_and_api(client, company, places, api):
    post = make_post(company.member, places.open, body=LONG)
    talk.reaction_set(actor=company.vp, post=post, kind="like")
    events_dispatch()
    client.force_login(company.ceo)
    page = client.get("/recognition/?board=people&period=week")
    assert page.status_code == 200 and b"Ana Ribeiro" in page.content
    assert client.get("/recognition/?board=nonsense").status_code == 200
    rows = api.get("/api/v1/leaderboards?board=people&period=all").json()
    assert rows[0]["name"] == "Ana Ribeiro" and rows[0]["points"] == 3
    mine = api.get("/api/v1/me/points").json()
    assert mine["total"] == 3 and {i["rule"] for i in mine["items"]} == {
        "post",
        "reaction_received",
    }
    assert api.get("/api/v1/leaderboards?period=decade").status_code == 422
    hidden = api.put(
        "/api/v1/me/leaderboard-visibility",
        json.dumps({"hidden": True}),
        content_type="application/json",
    )
    assert hidden.json() == {"hidden": True}


def test_administrators_change_rules_and_bad_rules_are_refused(client, company, api, api_as):
    admin = api_as(company.admin)
    url = "/api/v1/recognition/rules/post"
    changed = admin.patch(
        url, json.dumps({"points": 4, "daily_cap": 3}), content_type="application/json"
    )
    assert changed.status_code == 200 and changed.json()["points"] == 4
    negative = admin.patch(url, json.dumps({"daily_cap": -1}), content_type="application/json")
    assert negative.status_code == 422
    assert (
        admin.patch(
            "/api/v1/recognition/rules/nonsense",
            json.dumps({"points": 1}),
            content_type="application/json",
        ).status_code
        == 404
    )
    assert (
        api.patch(url, json.dumps({"points": 99}), content_type="application/json").status_code
        == 403
    )
    client.force_login(company.admin)
    bad = client.post(
        "/recognition/rules/", {"code": "post", "points": "2", "daily_cap": "-4", "active": "on"}
    )
    assert bad.status_code == 422 and b"-4" in bad.content
    client.force_login(company.member)
    assert client.get("/recognition/rules/").status_code == 404
