"""Ideas in pages and in the API: "you said, we did" lists, the panel under an idea, answering
an idea (with bad input kept in the form), and their queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.conversations import services as talk
from hearth.conversations.tests.factories import make_post
from hearth.ideas import services
from hearth.ideas.models import IdeaStatus

IDEA = "Let us run a monthly open office hour for every team to meet the network group."


@pytest.fixture
def idea(company, places):
    post = make_post(company.member, places.open, kind="idea", title="Open office hours", body=IDEA)
    talk.idea_vote(actor=company.colleague, post=post)
    return post


def test_the_company_page_lists_ideas_by_status_with_the_reason(client, company, places, idea):
    services.idea_status_set(
        actor=company.manager, post=idea, status="declined", reason="Budget is frozen this year."
    )
    make_post(company.member, places.open, kind="idea", title="Shared bikes", body=IDEA)
    make_post(company.member, places.secret, kind="idea", title="Merger name ideas", body=IDEA)
    client.force_login(company.vp)
    page = client.get("/ideas/").content.decode()
    assert "Open office hours" in page and "Shared bikes" in page
    assert "Budget is frozen this year." in page
    assert "Merger name ideas" not in page  # a secret community's idea
    declined = client.get("/ideas/?status=declined").content.decode()
    assert "Open office hours" in declined and "Shared bikes" not in declined
    assert client.get("/ideas/?status=nonsense").status_code == 200  # all, not an error
    community = client.get(f"/ideas/in/{places.open.slug}/").content.decode()
    assert "Ideas in Network Ops" in community and "Shared bikes" in community
    assert client.get(f"/ideas/in/{places.secret.slug}/").status_code == 404
    private = client.get(f"/ideas/in/{places.private.slug}/").content.decode()
    assert "Only members can read" in private


def test_an_idea_page_shows_its_status_and_only_leaders_get_the_form(client, company, idea):
    services.idea_status_set(actor=company.manager, post=idea, status="planned", reason="Q1.")
    client.force_login(company.admin)
    assert "Answer this idea" in client.get(idea.get_absolute_url()).content.decode()
    client.force_login(company.ceo)
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "What became of this idea" in page and "Planned" in page
    assert "Answer this idea" not in page
    assert client.get(f"/ideas/{idea.pk}/status/").status_code == 403
    assert client.post(f"/ideas/{idea.pk}/status/", {"status": "done"}).status_code == 403
    client.force_login(company.manager)
    assert "Answer this idea" in client.get(idea.get_absolute_url()).content.decode()
    update = make_post(company.member, idea.community, body="Not an idea, just an update.")
    assert "What became of this idea" not in client.get(update.get_absolute_url()).content.decode()


def test_answering_an_idea_in_the_form_and_a_refusal_keeps_what_was_typed(client, company, idea):
    client.force_login(company.manager)
    refused = client.post(f"/ideas/{idea.pk}/status/", {"status": "declined", "reason": "no"})
    assert refused.status_code == 422
    body = refused.content.decode()
    assert "Say why the idea is declined" in body and "\nno</textarea>" in body
    assert not IdeaStatus.objects.filter(post=idea).exists()
    done = client.post(f"/ideas/{idea.pk}/status/", {"status": "done", "reason": "Shipped!"})
    assert done.status_code == 302 and done["Location"] == idea.get_absolute_url()
    assert IdeaStatus.objects.get(post=idea).status == "done"
    unknown = client.post(f"/ideas/{idea.pk}/status/", {"status": "shipped"})
    assert unknown.status_code == 422 and IdeaStatus.objects.get(post=idea).status == "done"
    assert client.post("/ideas/999999/status/", {"status": "done"}).status_code == 404


def test_the_ideas_page_costs_the_same_for_few_or_many_ideas(client, company, places):
    people = [company.member, company.manager, company.vp]
    client.force_login(company.colleague)

    def add(n):
        for i in range(n):
            post = make_post(people[i % 3], places.open, kind="idea", body=f"{IDEA} {i}")
            if i % 2:
                services.idea_status_set(
                    actor=company.admin, post=post, status="declined", reason="Not this year."
                )

    def cost() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/ideas/").status_code == 200
        return len(captured)

    add(3)
    cost()
    few = cost()
    add(12)
    assert cost() == few


def test_the_api_lists_ideas_and_answers_them(api_as, company, places, idea):
    api = api_as(company.manager)
    response = api.post(
        f"/api/v1/posts/{idea.pk}/status",
        {"status": "planned", "reason": "In the Q1 plan."},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "planned" and body["set_by"] == "maria"
    assert [h["status"] for h in body["history"]] == ["planned"]
    listed = api_as(company.colleague).get("/api/v1/ideas?status=planned").json()
    assert [(i["id"], i["status"], i["reason"]) for i in listed["items"]] == [
        (idea.pk, "planned", "In the Q1 plan.")
    ]
    assert listed["items"][0]["author"]["username"] == "ana"
    by_place = api_as(company.colleague).get(f"/api/v1/ideas?community={places.open.slug}")
    assert [i["id"] for i in by_place.json()["items"]] == [idea.pk]
    status = api_as(company.colleague).get(f"/api/v1/posts/{idea.pk}/status").json()
    assert status["reason"] == "In the Q1 plan."


def test_the_api_refuses_bad_input_and_strangers(api_as, company, places, idea):
    manager = api_as(company.manager)

    def post(client, post_id, body):
        return client.post(f"/api/v1/posts/{post_id}/status", body, content_type="application/json")

    assert post(api_as(company.colleague), idea.pk, {"status": "done"}).status_code == 403
    declined = post(manager, idea.pk, {"status": "declined"})
    assert declined.status_code == 422
    assert declined.json()["errors"][0]["field"] == "reason"
    assert post(manager, idea.pk, {"status": "shipped"}).status_code == 422
    unseen = post(manager, idea.pk, {"status": "merged", "merged_into": 999999})
    assert unseen.status_code == 422 and unseen.json()["errors"][0]["field"] == "merged_into"
    assert post(manager, 999999, {"status": "done"}).status_code == 404
    secret = make_post(company.member, places.secret, kind="idea", body=IDEA)
    assert post(manager, secret.pk, {"status": "done"}).status_code == 404
    assert api_as(company.colleague).get(f"/api/v1/posts/{secret.pk}/status").status_code == 404
    update = make_post(company.member, places.open, body="Not an idea, just an update.")
    assert api_as(company.member).get(f"/api/v1/posts/{update.pk}/status").status_code == 404
    assert api_as(company.member).get("/api/v1/ideas?status=bogus").status_code == 422
    assert api_as(company.member).get("/api/v1/ideas?community=nope").status_code == 404
    assert not IdeaStatus.objects.filter(post=idea).exists()


def test_a_field_points_screen_readers_at_its_help_and_its_error(client, company, idea):
    """Every id a field's aria-describedby names is on the page (its help text, its error)."""
    import re

    client.force_login(company.manager)
    page = client.post(f"/ideas/{idea.pk}/status/", {"status": "declined", "reason": "no"})
    body = page.content.decode()
    names = re.findall(r'aria-describedby="([^"]+)"', body)
    assert "id_reason_helptext id_reason_error" in names
    for name in " ".join(names).split():
        assert f'id="{name}"' in body, name
