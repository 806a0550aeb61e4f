"""Charter history, key-result progress, the lifecycle of a community of purpose, bulk adding."""

from __future__ import annotations

import datetime
import json

import pytest

from hearth.communities.models import CharterChange, Community, KeyResultUpdate, Membership
from hearth.communities.services import deadlines_remind
from hearth.conversations.models import Post
from hearth.core.models import Event

CHARTER = {
    "name": "Churn Busters",
    "kind": "purpose",
    "privacy": "open",
    "purpose": "Halve churn in Spain",
    "business_goal": "Retention",
    "deliverable": "A playbook",
    "starts_on": "2026-11-01",
    "ends_on": "2027-03-31",
    "key_results": [
        {"title": "Churn rate", "target": 5, "unit": "%"},
        {"title": "Playbook pages", "target": 30},
    ],
    "sponsors": ["grace"],
    "facilitators": ["ana"],
}


def post_json(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def patch_json(client, url, body):
    return client.patch(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def purpose(api_as, company):
    owner = api_as(company.manager)
    created = post_json(owner, "/api/v1/communities", {**CHARTER, "state": "draft"})
    assert created.status_code == 201, created.content
    return created.json()


def test_a_draft_is_visible_to_its_members_only_until_launched(purpose, api, api_as, company):
    slug = purpose["slug"]
    assert purpose["state"] == "draft"
    outsider = api_as(company.colleague)
    assert outsider.get(f"/api/v1/communities/{slug}").status_code == 404
    assert api.get(f"/api/v1/communities/{slug}").status_code == 200  # ana facilitates
    launched = post_json(api, f"/api/v1/communities/{slug}/activate")
    assert launched.status_code == 200 and launched.json()["state"] == "active"
    assert outsider.get(f"/api/v1/communities/{slug}").status_code == 200
    assert post_json(api, f"/api/v1/communities/{slug}/activate").status_code == 409


def test_charter_changes_are_kept_with_who_and_what(purpose, api, api_as, company):
    slug = purpose["slug"]
    changed = patch_json(
        api,
        f"/api/v1/communities/{slug}",
        {
            "deliverable": "A playbook and a pilot",
            "key_results": [
                {
                    "id": purpose["key_results"][0]["id"],
                    "title": "Churn rate",
                    "target": 4,
                    "unit": "%",
                }
            ],
        },
    )
    assert changed.status_code == 200, changed.content
    assert [r["target"] for r in changed.json()["key_results"]] == [4]
    history = api.get(f"/api/v1/communities/{slug}/history").json()
    assert history[0]["actor"] == "ana"
    assert history[0]["changes"]["deliverable"] == ["A playbook", "A playbook and a pilot"]
    assert "key_results" in history[0]["changes"]
    refused = patch_json(api_as(company.colleague), f"/api/v1/communities/{slug}", {"purpose": "x"})
    assert refused.status_code == 404  # a draft: not even visible to him


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"ends_on": "2026-10-01"}, "ends_on"),
        ({"key_results": [{"title": f"KR {i}", "target": 1} for i in range(6)]}, "key_results"),
        ({"key_results": [{"title": "x", "target": "lots"}]}, "key_results.0.target"),
        ({"key_results": [{"id": 999999, "title": "x", "target": 1}]}, "key_results.0.id"),
        ({"purpose": ""}, "purpose"),
    ],
)
def test_bad_charter_changes_are_refused_and_nothing_changes(purpose, api, body, field):
    response = patch_json(api, f"/api/v1/communities/{purpose['slug']}", body)
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]
    assert not CharterChange.objects.exists()
    assert Community.objects.get(slug=purpose["slug"]).ends_on == datetime.date(2027, 3, 31)


def test_key_result_progress_has_a_history(purpose, api, api_as, company):
    slug, result = purpose["slug"], purpose["key_results"][0]["id"]
    url = f"/api/v1/communities/{slug}/key-results/{result}/progress"
    assert post_json(api, url, {"value": 9.5, "note": "After the pilot"}).status_code == 200
    assert post_json(api, url, {"value": 8}).json()["current"] == 8
    assert list(KeyResultUpdate.objects.values_list("value", flat=True)) == [8, 9.5]
    member = api_as(company.colleague)
    post_json(api, f"/api/v1/communities/{slug}/activate")
    post_json(member, f"/api/v1/communities/{slug}/join")
    assert post_json(member, url, {"value": 1}).status_code == 403
    assert post_json(api, url, {"value": "high"}).status_code == 422


def test_deliver_records_the_outcome_and_announces_it(purpose, api, company):
    slug = purpose["slug"]
    post_json(api, f"/api/v1/communities/{slug}/activate")
    result = purpose["key_results"][0]["id"]
    delivered = post_json(
        api,
        f"/api/v1/communities/{slug}/deliver",
        {
            "summary": "The churn playbook, used in 40 stores.",
            "links": ["https://wiki.tellall.example/churn"],
            "key_results": [{"id": result, "value": 4.2}],
            "retrospective": "Start with the stores that ask.",
        },
    )
    assert delivered.status_code == 200, delivered.content
    body = delivered.json()
    assert body["state"] == "delivered"
    assert body["outcome"]["summary"] == "The churn playbook, used in 40 stores."
    assert body["key_results"][0]["current"] == 4.2
    announcement = Post.objects.get(kind="announcement", community__slug=slug)
    assert announcement.title == "Delivered: A playbook" and "40 stores" in announcement.body
    event = Event.objects.get(verb="community.delivered")
    assert event.metadata["sponsors"] == [company.ceo.pk]
    assert (
        post_json(api, f"/api/v1/communities/{slug}/deliver", {"summary": "again"}).status_code
        == 409
    )


def test_an_archived_community_is_read_only_and_still_searchable(purpose, api, company):
    slug = purpose["slug"]
    post_json(api, f"/api/v1/communities/{slug}/activate")
    assert post_json(api, f"/api/v1/communities/{slug}/archive").status_code == 409  # deliver first
    post_json(api, f"/api/v1/communities/{slug}/deliver", {"summary": "Done"})
    assert post_json(api, f"/api/v1/communities/{slug}/archive").json()["state"] == "archived"
    refused = post_json(api, "/api/v1/posts", {"body": "More?", "community": slug})
    assert refused.status_code == 409
    assert patch_json(api, f"/api/v1/communities/{slug}", {"purpose": "x"}).status_code == 409
    hits = api.get("/api/v1/search", {"q": "churn", "type": "community"}).json()["items"]
    assert [h["object"]["slug"] for h in hits] == [slug]


def test_bad_outcomes_are_refused(purpose, api):
    slug = purpose["slug"]
    post_json(api, f"/api/v1/communities/{slug}/activate")
    response = post_json(
        api,
        f"/api/v1/communities/{slug}/deliver",
        {"summary": " ", "links": ["javascript:alert(1)"]},
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"summary", "links.0"}
    assert Community.objects.get(slug=slug).state == "active"


def test_interest_communities_do_not_deliver(api, company, places):
    response = post_json(api, f"/api/v1/communities/{places.open.slug}/deliver", {"summary": "x"})
    assert response.status_code == 403  # ana is a plain member there


def test_members_are_added_in_bulk_by_department(api_as, company, places):
    owner = api_as(company.manager)
    added = post_json(
        owner, f"/api/v1/communities/{places.open.slug}/members/bulk", {"department": "Sales"}
    )
    assert added.json() == {"added": 1}
    assert Membership.objects.get(community=places.open, person=company.colleague).state == "active"
    again = post_json(
        owner, f"/api/v1/communities/{places.open.slug}/members/bulk", {"department": "Sales"}
    )
    assert again.json() == {"added": 0}
    empty = post_json(owner, f"/api/v1/communities/{places.open.slug}/members/bulk", {})
    assert empty.status_code == 422


def test_deadline_reminders_are_recorded_once(purpose, api):
    post_json(api, f"/api/v1/communities/{purpose['slug']}/activate")
    assert deadlines_remind(today=datetime.date(2027, 3, 1)) == 0
    assert deadlines_remind(today=datetime.date(2027, 3, 28)) == 1
    assert deadlines_remind(today=datetime.date(2027, 3, 29)) == 0
    assert deadlines_remind(today=datetime.date(2027, 4, 2)) == 1
    assert deadlines_remind(today=datetime.date(2027, 4, 3)) == 0
    verbs = list(
        Event.objects.filter(verb__startswith="community.deadline").values_list("verb", flat=True)
    )
    assert verbs == ["community.deadline_near", "community.deadline_passed"]


def test_the_directory_filters_and_recommends_with_reasons(member_client, company, places):
    from hearth.people.services import tags_from_names

    company.colleague.skills.set(tags_from_names(["Pricing", "Excel"]))
    company.manager.interests.set(tags_from_names(["Pricing"]))
    company.vp.skills.set(tags_from_names(["Python"]))
    # Ana shares "Pricing" with maria (open, private) and carlos (removed from private).
    company.member.interests.set(tags_from_names(["Pricing"]))
    from hearth.communities.services import community_create

    other = community_create(actor=company.colleague, name="Excel Wizards", purpose="Spreadsheets")
    html = member_client.get("/communities/").content.decode()
    assert "Excel Wizards" in html.split("Recommended for you")[1]
    assert "1 member shares your interest in Pricing" in html
    sales = member_client.get("/communities/", {"department": "Sales"}).content.decode()
    assert "Excel Wizards" in sales and "Network Ops" not in sales
    purposeful = member_client.get("/communities/", {"kind": "purpose"}).content.decode()
    assert "No community matches." in purposeful
    assert other.slug in member_client.get("/communities/", {"q": "excel"}).content.decode()


def test_a_cover_image_is_checked_and_shown_only_to_those_who_may_see(
    api_as, client, company, places
):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), "navy").save(buffer, format="PNG")
    owner = api_as(company.ceo)
    url = f"/api/v1/communities/{places.secret.slug}/cover"
    bad = owner.post(url, {"file": SimpleUploadedFile("c.png", b"<svg onload=alert(1)>")})
    assert bad.status_code == 422
    response = owner.post(url, {"file": SimpleUploadedFile("c.png", buffer.getvalue())})
    assert response.status_code == 200
    cover_url = response.json()["cover_url"]
    assert cover_url.endswith(f"/communities/{places.secret.slug}/cover/")
    client.force_login(company.member)
    assert client.get(f"/communities/{places.secret.slug}/cover/").status_code == 200
    client.force_login(company.colleague)  # removed from it
    assert client.get(f"/communities/{places.secret.slug}/cover/").status_code == 404


def test_a_bad_cover_on_the_create_form_saves_nothing(member_client, company):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = member_client.post(
        "/communities/new/",
        {
            "name": "Painters",
            "kind": "interest",
            "privacy": "open",
            "purpose": "Paint",
            "cover": SimpleUploadedFile("cover.png", b"<svg onload=alert(1)>"),
        },
    )
    assert response.status_code == 422
    assert "this kind of file is not accepted" in response.content.decode()
    assert not Community.objects.filter(name="Painters").exists()


def test_a_bad_cover_on_the_charter_form_leaves_the_charter_unchanged(client, company, places):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(company.manager)
    response = client.post(
        f"/communities/{places.open.slug}/charter/",
        {
            "name": "Renamed",
            "privacy": "open",
            "purpose": "New purpose",
            "cover": SimpleUploadedFile("cover.png", b"<svg onload=alert(1)>"),
        },
    )
    assert response.status_code == 422
    assert "New purpose" in response.content.decode()  # what was typed is kept
    places.open.refresh_from_db()
    assert places.open.name == "Network Ops" and not CharterChange.objects.exists()


def test_a_key_result_knows_lower_is_better(api_as, company, client):
    owner = api_as(company.manager)
    charter = {
        **CHARTER,
        "key_results": [
            {"title": "Churn rate", "target": 5, "unit": "%", "direction": "down"},
            {"title": "Playbook pages", "target": 30},
        ],
    }
    answer = post_json(owner, "/api/v1/communities", {**charter, "state": "draft"})
    assert answer.status_code == 201, answer.content
    created = answer.json()
    churn, pages = created["key_results"]
    assert (churn["direction"], pages["direction"]) == ("down", "up")
    url = f"/api/v1/communities/{created['slug']}/key-results/{churn['id']}/progress"
    assert post_json(owner, url, {"value": 8}).json()["progress_pct"] == 62  # 5 of 8
    assert post_json(owner, url, {"value": 4.5}).json()["progress_pct"] == 100
    client.force_login(company.manager)
    page = client.get(f"/communities/{created['slug']}/").content.decode()
    assert "lower is better" in page and '<progress max="100" value="100"' in page
    bad = post_json(
        owner,
        "/api/v1/communities",
        {
            **charter,
            "name": "Other",
            "key_results": [{"title": "X", "target": 1, "direction": "sideways"}],
        },
    )
    assert bad.status_code == 422 and "key_results.0.direction" in bad.content.decode()


def test_the_charter_form_reads_lower_is_better_and_explains_a_bad_line():
    from hearth.communities.forms import key_results_text, parse_key_results
    from hearth.communities.models import KeyResult

    parsed = parse_key_results("Churn rate | 5 | % | lower\nPages | 30")
    assert [r["direction"] for r in parsed] == ["down", "up"]
    results = [
        KeyResult(title=r["title"], target=r["target"], unit=r["unit"], direction=r["direction"])
        for r in parsed
    ]
    assert key_results_text(results) == "Churn rate | 5 | % | lower\nPages | 30"
    with pytest.raises(Exception, match="Line 1: the fourth part"):
        parse_key_results("Churn | 5 | % | sideways")
