import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.core.errors import Forbidden
from hearth.core.models import Event
from hearth.people import selectors
from hearth.people.services import leader_set, org_recompute, person_deactivate
from hearth.people.tests.factories import PersonFactory


def test_levels_paths_and_report_counts_follow_the_chart(company):
    assert [company.ceo.org_level, company.vp.org_level, company.member.org_level] == [0, 1, 3]
    assert company.member.management_chain_ids == [
        company.ceo.pk,
        company.vp.pk,
        company.manager.pk,
    ]
    # Fred left: he no longer counts as one of Maria's reports.
    assert company.manager.report_count == 2


def test_leaders_are_derived_from_the_top_levels_and_can_be_set_by_hand(company, settings):
    assert company.ceo.is_leader and company.vp.is_leader and company.manager.is_leader
    settings.HEARTH_LEADER_LEVELS = 2
    org_recompute()
    company.manager.refresh_from_db()
    assert not company.manager.is_leader

    person = leader_set(actor=company.admin, person=company.member, value=True)
    assert person.is_leader
    assert Event.objects.filter(verb="person.leader_set", object_id=person.pk).exists()
    assert not leader_set(actor=company.admin, person=company.ceo, value=False).is_leader
    with pytest.raises(Forbidden):
        leader_set(actor=company.member, person=company.member, value=True)


def test_the_management_chain_reads_from_the_top_down(company):
    chain = selectors.management_chain(company.member)
    assert [p.username for p in chain] == ["grace", "victor", "maria"]
    assert [p.username for p in selectors.direct_reports(company.manager)] == ["ana", "carlos"]


def test_a_deactivated_person_is_signed_out_on_their_next_request(client, company):
    client.force_login(company.member)
    assert client.get("/").status_code == 200
    person_deactivate(actor=company.admin, person=company.member)
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_deactivation_keeps_the_person_and_revokes_their_tokens(api, company):
    assert api.get("/api/v1/me").status_code == 200
    person_deactivate(actor=company.admin, person=company.member)
    assert api.get("/api/v1/me").status_code == 401
    company.member.refresh_from_db()
    assert company.member.deactivated_at is not None


def queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, params).status_code == 200
    return len(context)


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/", {}),
        ("/people/", {}),
        ("/people/", {"q": "report"}),
        ("/people/maria/", {}),
        ("/people/org/", {"focus": "maria"}),
        ("/search/", {"q": "report"}),
    ],
    ids=["home", "directory", "directory search", "person page", "org chart", "search"],
)
def test_people_pages_need_the_same_queries_however_many_people(
    member_client, company, url, params
):
    for n in range(2):
        PersonFactory(manager=company.manager, display_name=f"Report {n}")
    org_recompute()
    queries(member_client, url, **params)  # what is kept for everyone (trending topics) is kept
    few = queries(member_client, url, **params)
    for n in range(2, 17):
        PersonFactory(manager=company.manager, display_name=f"Report {n}")
    org_recompute()
    assert queries(member_client, url, **params) == few
