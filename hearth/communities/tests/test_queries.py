"""Community pages and lists use a constant number of queries, however busy the community."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hearth.communities.invitations import Target, send
from hearth.communities.services import community_create, community_join
from hearth.conversations import services as talk
from hearth.conversations.tests.factories import make_post
from hearth.core.events import events_dispatch
from hearth.people.tests.factories import PersonFactory


def _grow(community, owner, prefix: str, n: int) -> None:
    people = [PersonFactory(username=f"{prefix}{i}") for i in range(n)]
    for person in people:
        community_join(actor=person, community=community)
        post = make_post(person, community, body=f"{prefix} says hello @{owner.username}")
        talk.comment_create(actor=owner, post=post, body="Welcome")
        talk.reaction_set(actor=owner, post=post, kind="like")
    send(
        actor=owner,
        community=community,
        target=Target(usernames=[p.username for p in people]),
        template="{first_name}",
    )
    events_dispatch()


@pytest.mark.parametrize(
    "path",
    [
        "/communities/{slug}/",
        "/communities/{slug}/members/",
        "/communities/",
        "/api/v1/communities",
        "/api/v1/communities/{slug}/members",
        "/api/v1/communities/{slug}/invitations",
        "/notifications/",
        "/api/v1/notifications",
    ],
)
def test_community_pages_and_lists_use_constant_queries(client, company, path):
    owner = company.manager
    community = community_create(actor=owner, name="Busy", purpose="Talk")
    _grow(community, owner, "early", 3)
    client.force_login(owner)
    url = path.format(slug=community.slug)
    client.get(url)  # warm caches (maturity)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _grow(community, owner, "late", 9)
    community_create(actor=owner, name="Another", purpose="More")
    client.get(url)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few), [q["sql"][:100] for q in many.captured_queries]
