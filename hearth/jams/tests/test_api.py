"""Jams through the API: create, contribute, facilitate, dashboard, report, follow-ups."""

from __future__ import annotations

import datetime
import json

from django.utils import timezone

from hearth.jams.models import Jam

from .factories import close, make_jam


def post_json(client, url, payload=None):
    return client.post(url, json.dumps(payload or {}), content_type="application/json")


def jam_payload(**overrides):
    now = timezone.now()
    return {
        "title": "Network of the future",
        "challenge": "What should our network do in 2030?",
        "starts_at": (now - datetime.timedelta(minutes=5)).isoformat(),
        "ends_at": (now + datetime.timedelta(hours=72)).isoformat(),
        "themes": [
            {"title": "Fibre", "facilitators": ["victor"]},
            {"title": "Mobile", "facilitators": ["maria"]},
        ],
        "hosts": ["grace"],
        **overrides,
    }


def test_a_leader_creates_a_jam_and_everyone_reads_it(company, api_as, api):
    created = post_json(api_as(company.ceo), "/api/v1/jams", jam_payload())
    assert created.status_code == 201
    body = created.json()
    assert body["state"] == "live" and body["audience_size"] == 6
    assert [t["facilitators"] for t in body["themes"]] == [["victor"], ["maria"]]
    assert api.get(f"/api/v1/jams/{body['slug']}").json()["title"] == "Network of the future"
    assert api.get("/api/v1/jams").json()["items"][0]["slug"] == body["slug"]


def test_bad_jams_get_clear_errors(company, api_as, api):
    ceo = api_as(company.ceo)
    bad = post_json(
        ceo,
        "/api/v1/jams",
        jam_payload(
            themes=[
                {"title": "Fibre", "facilitators": []},
                {"title": "Mobile", "facilitators": ["maria"]},
            ]
        ),
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "themes.0.facilitators"
    backwards = post_json(
        ceo,
        "/api/v1/jams",
        jam_payload(ends_at=(timezone.now() - datetime.timedelta(days=1)).isoformat()),
    )
    assert backwards.status_code == 422
    assert post_json(api, "/api/v1/jams", jam_payload()).status_code == 403
    assert Jam.objects.count() == 0


def test_contributing_voting_and_facilitating_through_the_api(company, api_as, api):
    jam = make_jam(company)
    customers = jam.themes.first()
    made = post_json(
        api,
        f"/api/v1/jams/{jam.slug}/contributions",
        {
            "theme": customers.pk,
            "kind": "idea",
            "title": "Night chat",
            "body": "Answer customers at night",
        },
    )
    assert made.status_code == 201 and made.json()["author"] == "ana"
    unknown = post_json(
        api, f"/api/v1/jams/{jam.slug}/contributions", {"theme": 999999, "body": "Lost"}
    )
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "theme"
    listed = api.get(f"/api/v1/jams/{jam.slug}/contributions?theme={customers.pk}").json()
    assert [c["title"] for c in listed["items"]] == ["Night chat"]
    victor = api_as(company.vp)
    alert = post_json(
        victor,
        f"/api/v1/jams/{jam.slug}/alerts",
        {"body": "Vote for your favourite!", "theme": customers.pk},
    )
    assert alert.status_code == 201
    assert post_json(api, f"/api/v1/jams/{jam.slug}/alerts", {"body": "Hi"}).status_code == 403
    post_id = made.json()["post"]
    shone = post_json(victor, f"/api/v1/jams/{jam.slug}/contributions/{post_id}/spotlight")
    assert shone.json()["spotlight"] is True
    itself = post_json(
        victor, f"/api/v1/jams/{jam.slug}/contributions/{post_id}/merge", {"into": post_id}
    )
    assert itself.status_code == 422
    dashboard = api.get(f"/api/v1/jams/{jam.slug}/dashboard").json()
    assert dashboard["participants"] == 1 and dashboard["top_ideas"][0]["post"] == post_id


def test_the_report_and_its_follow_ups_through_the_api(company, api_as, api):
    jam = make_jam(company)
    made = post_json(
        api,
        f"/api/v1/jams/{jam.slug}/contributions",
        {"theme": jam.themes.first().pk, "title": "Night chat", "body": "At night"},
    )
    post_id = made.json()["post"]
    ceo = api_as(company.ceo)
    early = post_json(ceo, f"/api/v1/jams/{jam.slug}/report", {"summary": "A summary too early."})
    assert early.status_code == 409
    close(jam)
    due = (timezone.localdate() + datetime.timedelta(days=40)).isoformat()
    chosen = post_json(
        ceo,
        f"/api/v1/jams/{jam.slug}/contributions/{post_id}/follow-up",
        {"selected": True, "owner": "ana", "due_on": due},
    )
    assert chosen.status_code == 200 and chosen.json()["owner"] == "ana"
    nobody = post_json(
        ceo,
        f"/api/v1/jams/{jam.slug}/contributions/{post_id}/follow-up",
        {"selected": True, "owner": "nobody", "due_on": due},
    )
    assert nobody.status_code == 422
    published = post_json(
        ceo,
        f"/api/v1/jams/{jam.slug}/report",
        {"summary": "Night chat pilots in Madrid from January."},
    )
    assert published.status_code == 200 and published.json()["state"] == "reported"
    assert published.json()["follow_ups"][0]["post"] == post_id
    community = post_json(ceo, f"/api/v1/jams/{jam.slug}/follow-up-community")
    assert community.status_code == 201 and community.json()["state"] == "draft"
    assert api.get(f"/api/v1/jams/{jam.slug}/report").json()["summary"].startswith("Night chat")


def test_signed_out_callers_get_401(db, client):
    assert client.get("/api/v1/jams").status_code == 401
    assert post_json(client, "/api/v1/jams", jam_payload()).status_code == 401


def test_host_threads_and_tags_through_the_api(company, api_as, api):
    jam = make_jam(company)
    opened = post_json(api_as(company.ceo), f"/api/v1/jams/{jam.slug}/host-thread")
    assert opened.status_code == 201 and opened.json()["is_host_thread"] is True
    assert post_json(api, f"/api/v1/jams/{jam.slug}/host-thread").status_code == 403
    post_id = opened.json()["post"]
    tagged = post_json(
        api_as(company.vp),
        f"/api/v1/jams/{jam.slug}/contributions/{post_id}/tags",
        {"name": "leadership"},
    )
    assert tagged.json()["tags"] == ["leadership"]


def test_editing_through_the_api_checks_the_version(company, api_as):
    jam = make_jam(company, starts_in_hours=24)
    ceo = api_as(company.ceo)
    url = f"/api/v1/jams/{jam.slug}"
    done = ceo.patch(
        url, json.dumps({"version": 1, "goal_pct": 70}), content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["version"] == 2
    stale = ceo.patch(
        url, json.dumps({"version": 1, "title": "Mine"}), content_type="application/json"
    )
    assert stale.status_code == 409 and "meanwhile" in stale.json()["detail"]
    assert ceo.get(url).json()["title"] == "Customer obsession 2027"


def test_listing_contributions_costs_the_same_for_3_or_12(company, api):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .test_jams import idea

    jam = make_jam(company)
    people = [company.member, company.manager, company.colleague]

    def cost() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get(f"/api/v1/jams/{jam.slug}/contributions").status_code == 200
        return len(captured)

    for i in range(3):
        idea(jam, people[i % 3], f"Idea {i}")
    cost()  # the first call also notes the token's use
    few = cost()
    for i in range(3, 12):
        idea(jam, people[i % 3], f"Idea {i}")
    assert cost() == few
