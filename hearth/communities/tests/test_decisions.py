"""Proposals and votes: what they may decide follows maturity; owners and sponsors can veto."""

from __future__ import annotations

import datetime
import json

import pytest
from django.utils import timezone

from hearth.communities.decisions import proposals_close_due, tally
from hearth.communities.models import Community, Membership, Proposal
from hearth.communities.services import community_join
from hearth.core.models import Event


def post_json(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def at_level(community: Community, level: int) -> None:
    Community.objects.filter(pk=community.pk).update(maturity_level=level)


def close_all() -> None:
    proposals_close_due(now=timezone.now() + datetime.timedelta(days=31))


def test_at_level_1_a_decision_is_advisory(api, api_as, company, places):
    url = f"/api/v1/communities/{places.open.slug}/proposals"
    created = post_json(api, url, {"title": "Meet on Thursdays", "body": "Better for Asia"})
    assert created.status_code == 201, created.content
    proposal = created.json()
    assert proposal["binding"] is False and proposal["state"] == "open"
    for client in (api, api_as(company.manager)):
        assert (
            post_json(
                client, f"/api/v1/proposals/{proposal['id']}/vote", {"choice": "yes"}
            ).status_code
            == 200
        )
    close_all()
    decided = api.get(f"/api/v1/proposals/{proposal['id']}").json()
    assert decided["state"] == "accepted"
    assert decided["outcome"].startswith("Accepted as advice to the facilitators (2 yes, 0 no")
    assert Event.objects.filter(verb="proposal.decided").count() == 1


def test_rights_unlock_with_maturity(api, company, places):
    url = f"/api/v1/communities/{places.open.slug}/proposals"
    results = [{"title": "Uptime", "target": 99.9, "unit": "%"}]
    body = {"kind": "key_results", "title": "New targets", "payload": {"key_results": results}}
    refused = post_json(api, url, body)
    assert refused.status_code == 403
    assert "unlocks at level 3" in refused.json()["detail"]
    at_level(places.open, 3)
    assert post_json(api, url, body).status_code == 201
    charter = {
        "kind": "charter",
        "title": "Sharper purpose",
        "payload": {"changes": {"purpose": "Zero outages"}},
    }
    assert post_json(api, url, charter).status_code == 403
    at_level(places.open, 5)
    assert post_json(api, url, charter).status_code == 201


def test_a_binding_proposal_changes_the_community_when_it_passes(api, api_as, company, places):
    at_level(places.open, 5)
    url = f"/api/v1/communities/{places.open.slug}/proposals"
    change = {"changes": {"purpose": "Zero outages"}}
    body = {"kind": "charter", "title": "Sharper purpose", "payload": change}
    proposal = post_json(api, url, body).json()
    assert proposal["binding"] is True
    for person in (company.member, company.manager, company.vp):
        post_json(api_as(person), f"/api/v1/proposals/{proposal['id']}/vote", {"choice": "yes"})
    close_all()
    assert Community.objects.get(pk=places.open.pk).purpose == "Zero outages"
    history = api.get(f"/api/v1/communities/{places.open.slug}/history").json()
    assert history[0]["changes"]["purpose"] == ["Keep the network running.", "Zero outages"]
    assert history[0]["changes"]["by_proposal"] == [None, proposal["id"]]


def test_members_elect_a_facilitator_at_level_4(api, api_as, company, places):
    at_level(places.open, 4)
    proposal = post_json(
        api,
        f"/api/v1/communities/{places.open.slug}/proposals",
        {"kind": "facilitator", "title": "Ana facilitates", "payload": {"username": "ana"}},
    ).json()
    for person in (company.member, company.manager):
        post_json(api_as(person), f"/api/v1/proposals/{proposal['id']}/vote", {"choice": "yes"})
    close_all()
    assert (
        Membership.objects.get(community=places.open, person=company.member).role == "facilitator"
    )


def test_admitting_a_join_request_by_vote_at_level_3(api, api_as, company, places):
    at_level(places.private, 3)
    post_json(api_as(company.vp), f"/api/v1/communities/{places.private.slug}/join")
    proposal = post_json(
        api,
        f"/api/v1/communities/{places.private.slug}/proposals",
        {"kind": "admit", "title": "Let Victor in", "payload": {"username": "victor"}},
    ).json()
    for person in (company.member, company.manager):
        post_json(api_as(person), f"/api/v1/proposals/{proposal['id']}/vote", {"choice": "yes"})
    close_all()
    assert Membership.objects.get(community=places.private, person=company.vp).state == "active"


def test_owners_and_sponsors_can_veto_visibly(api, api_as, company, places):
    proposal = post_json(
        api, f"/api/v1/communities/{places.open.slug}/proposals", {"title": "Abolish meetings"}
    ).json()
    assert (
        post_json(api, f"/api/v1/proposals/{proposal['id']}/veto", {"reason": "no"}).status_code
        == 403
    )
    vetoed = post_json(
        api_as(company.manager),
        f"/api/v1/proposals/{proposal['id']}/veto",
        {"reason": "We need the weekly sync for now."},
    )
    assert vetoed.json()["state"] == "vetoed"
    assert vetoed.json()["outcome"] == "Vetoed by Maria Lopez: We need the weekly sync for now."


def test_voting_twice_after_closing_or_as_an_outsider_is_refused(api, api_as, company, places):
    proposal = post_json(
        api, f"/api/v1/communities/{places.open.slug}/proposals", {"title": "Quiet hours"}
    ).json()
    vote = f"/api/v1/proposals/{proposal['id']}/vote"
    assert post_json(api, vote, {"choice": "yes"}).status_code == 200
    assert post_json(api, vote, {"choice": "no"}).status_code == 409
    assert post_json(api, vote, {"choice": "maybe"}).status_code == 422
    assert post_json(api_as(company.colleague), vote, {"choice": "yes"}).status_code == 403
    close_all()
    assert post_json(api_as(company.manager), vote, {"choice": "yes"}).status_code == 409


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"title": ""}, 422),
        ({"title": "x", "kind": "coup"}, 422),
        ({"title": "x", "closes_in_days": 90}, 422),
    ],
)
def test_bad_proposals_are_refused(api, company, places, body, status):
    response = post_json(api, f"/api/v1/communities/{places.open.slug}/proposals", body)
    assert response.status_code == status
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    ("yes", "no", "abstain", "electorate", "expected"),
    [
        (1, 0, 0, 10, "no_quorum"),  # 10% voted, 30% needed
        (2, 1, 0, 10, "accepted"),
        (1, 1, 1, 10, "rejected"),  # a tie does not pass
        (0, 0, 3, 10, "rejected"),
        (5, 4, 0, 10, "accepted"),
    ],
)
def test_quorum_and_threshold(yes, no, abstain, electorate, expected):
    proposal = Proposal(yes=yes, no=no, abstain=abstain, quorum_pct=30, threshold_pct=50)
    assert tally(proposal, electorate) == expected


def test_only_members_raise_proposals(api_as, company, places):
    outsider = api_as(company.colleague)
    response = post_json(
        outsider, f"/api/v1/communities/{places.open.slug}/proposals", {"title": "x"}
    )
    assert response.status_code == 403
    community_join(actor=company.colleague, community=places.open)
    assert (
        post_json(
            outsider, f"/api/v1/communities/{places.open.slug}/proposals", {"title": "x"}
        ).status_code
        == 201
    )


def test_propose_vote_and_veto_on_the_community_page(member_client, client, company, places):
    page = member_client.get(f"/communities/{places.open.slug}/proposals/new/").content.decode()
    assert "Amend the charter (unlocks at level 5)" in page
    locked = member_client.post(
        f"/communities/{places.open.slug}/proposals/new/",
        {"kind": "charter", "title": "New purpose", "purpose": "x", "closes_in_days": 7},
    )
    assert locked.status_code == 422 and "unlocks at level 5" in locked.content.decode()
    decision = {"kind": "decision", "title": "Demo day in March", "closes_in_days": 7}
    member_client.post(f"/communities/{places.open.slug}/proposals/new/", decision)
    proposal = Proposal.objects.get()
    member_client.post(f"/communities/proposals/{proposal.pk}/vote/", {"choice": "yes"})
    page = member_client.get(f"/communities/{places.open.slug}/").content.decode()
    assert "Demo day in March" in page and "You voted yes." in page
    assert "1 yes, 0 no, 0 abstaining" in page
    client.force_login(company.manager)
    client.post(f"/communities/proposals/{proposal.pk}/veto/", {"reason": "Budget is frozen"})
    page = client.get(f"/communities/{places.open.slug}/").content.decode()
    assert "Vetoed by Maria Lopez: Budget is frozen" in page.split("Decision log")[1]


def test_a_charter_amendment_from_the_page_can_move_the_end_date(
    member_client, api_as, company, places
):
    from hearth.communities.services import community_update

    Community.objects.filter(pk=places.open.pk).update(maturity_level=5)
    community_update(actor=company.manager, community=places.open, ends_on=None)
    member_client.post(
        f"/communities/{places.open.slug}/proposals/new/",
        {
            "kind": "charter",
            "title": "More time",
            "ends_on": "2027-06-30",
            "closes_in_days": 1,
        },
    )
    proposal = Proposal.objects.get()
    assert proposal.payload == {"changes": {"ends_on": "2027-06-30"}}
    for person in (company.member, company.manager, company.vp):
        post_json(api_as(person), f"/api/v1/proposals/{proposal.pk}/vote", {"choice": "yes"})
    close_all()
    assert str(Community.objects.get(pk=places.open.pk).ends_on) == "2027-06-30"


def test_an_amendment_cannot_end_before_it_starts(api, company, places):
    Community.objects.filter(pk=places.open.pk).update(maturity_level=5)
    dates = {"starts_on": "2027-05-01", "ends_on": "2027-01-01"}
    body = {"kind": "charter", "title": "Oops", "payload": {"changes": dates}}
    response = post_json(api, f"/api/v1/communities/{places.open.slug}/proposals", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "payload.changes.ends_on"
