"""Personal invitations: previewed, sent one by one, tracked to the first contribution."""

from __future__ import annotations

import json

import pytest

from hearth.communities.models import Invitation, Membership
from hearth.core.models import Event

TEMPLATE = "Hi {first_name}, as {title} {reason}. Join us in {community}! {inviter}"


def post_json(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


@pytest.fixture
def owner(api_as, company):
    return api_as(company.manager)


def test_the_preview_personalises_each_message_and_sends_nothing(owner, company, places):
    from hearth.people.services import tags_from_names

    company.colleague.skills.set(tags_from_names(["Routing"]))
    url = f"/api/v1/communities/{places.open.slug}/invitations/preview"
    response = post_json(owner, url, {"usernames": ["carlos", "ana"], "template": TEMPLATE})
    assert response.status_code == 200, response.content
    plan = {p["person"]["username"]: p for p in response.json()}
    assert plan["ana"]["skipped"] == "already a member"
    assert plan["carlos"]["message"] == (
        "Hi Carlos, as Account Executive your experience would help Network Ops. "
        "Join us in Network Ops! Maria Lopez"
    )
    assert not Invitation.objects.exists()


def test_a_skill_target_says_why_each_person_was_chosen(owner, company, places):
    from hearth.people.services import tags_from_names

    company.colleague.skills.set(tags_from_names(["BGP"]))
    plan = post_json(
        owner,
        f"/api/v1/communities/{places.open.slug}/invitations/preview",
        {"skill": "BGP", "template": "{reason}"},
    ).json()
    assert [(p["person"]["username"], p["message"]) for p in plan] == [("carlos", "you know BGP")]


def test_sending_tracks_each_invitation_from_sent_to_first_contribution(
    owner, api_as, client, company, places
):
    sent = post_json(
        owner,
        f"/api/v1/communities/{places.private.slug}/invitations",
        {"usernames": ["victor"], "template": TEMPLATE},
    )
    assert sent.status_code == 201 and sent.json() == {"sent": 1, "skipped": []}
    victor = api_as(company.vp)
    mine = victor.get("/api/v1/invitations").json()
    assert [i["community"] for i in mine] == [places.private.slug]
    client.force_login(company.vp)
    assert client.get(f"/communities/{places.private.slug}/").status_code == 200
    assert Invitation.objects.get().state == "seen"
    joined = post_json(victor, f"/api/v1/communities/{places.private.slug}/join")
    assert joined.status_code == 200  # an invitation opens a private community at once
    post_json(victor, "/api/v1/posts", {"body": "Hello!", "community": places.private.slug})
    invitation = Invitation.objects.get()
    assert invitation.state == "contributed" and invitation.contributed_at is not None
    funnel = owner.get(f"/api/v1/communities/{places.private.slug}/invitations").json()["funnel"]
    assert funnel == {"sent": 1, "seen": 1, "joined": 1, "contributed": 1}
    assert Event.objects.filter(verb="invitation.sent").count() == 1


def test_a_secret_community_shows_itself_only_to_the_invited(api_as, company, places):
    grace = api_as(company.ceo)
    victor = api_as(company.vp)
    url = f"/api/v1/communities/{places.secret.slug}"
    assert victor.get(url).status_code == 404
    post_json(grace, f"{url}/invitations", {"usernames": ["victor"], "template": "{first_name}"})
    assert victor.get(url).json()["name"] == "Merger Room"
    assert victor.get(f"{url}/feed").status_code == 403  # content only once a member
    invitation = victor.get("/api/v1/invitations").json()[0]
    assert post_json(victor, f"/api/v1/invitations/{invitation['id']}/decline").status_code == 204
    assert victor.get(url).status_code == 404


def test_never_the_same_person_twice_in_30_days(owner, company, places):
    url = f"/api/v1/communities/{places.open.slug}/invitations"
    post_json(owner, url, {"usernames": ["carlos"], "template": "{first_name}"})
    again = post_json(owner, url, {"usernames": ["carlos"], "template": "{first_name}"}).json()
    assert again["sent"] == 0
    assert again["skipped"][0]["skipped"] == "invited in the last 30 days"


def test_a_daily_limit_per_inviter(owner, company, places, settings):
    settings.HEARTH_INVITATIONS_PER_DAY = 1
    url = f"/api/v1/communities/{places.open.slug}/invitations"
    response = post_json(owner, url, {"usernames": ["carlos", "grace"], "template": "{name}"})
    assert response.status_code == 429 and response["Retry-After"]
    assert "1 invitations a day" in response.json()["detail"]
    assert not Invitation.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"usernames": ["fred"], "template": "x"}, "usernames"),  # deactivated
        ({"usernames": ["nobody"], "template": "x"}, "usernames"),
        ({"template": "x"}, "usernames"),
        ({"usernames": ["carlos"], "template": ""}, "template"),
        ({"usernames": ["carlos"], "template": "Hi {salary}"}, "template"),
        ({"usernames": ["carlos"], "template": "Hi {first_name"}, "template"),
    ],
)
def test_bad_invitations_are_refused_and_nothing_is_sent(owner, company, places, body, field):
    response = post_json(owner, f"/api/v1/communities/{places.open.slug}/invitations", body)
    assert response.status_code == 422
    assert field in [e["field"] for e in response.json()["errors"]]
    assert not Invitation.objects.exists()


def test_only_leaders_invite(api, company, places):
    response = post_json(
        api,
        f"/api/v1/communities/{places.open.slug}/invitations",
        {"usernames": ["carlos"], "template": "x"},
    )
    assert response.status_code == 403
    assert not Membership.objects.filter(person=company.colleague, community=places.open).exists()
