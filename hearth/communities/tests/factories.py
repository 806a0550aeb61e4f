"""Communities for tests: one open, one private, one secret, with every kind of member."""

from __future__ import annotations

from types import SimpleNamespace

from hearth.communities.services import community_create, community_join, member_add, member_remove

CANARY_PRIVATE = "CANARY-PRIVATE-7f3a"
CANARY_SECRET = "CANARY-SECRET-91bd"


def make_places(company) -> SimpleNamespace:
    """Open "Network Ops", private "Pricing Task Force", secret "Merger Room".

    - maria (manager) owns the open and private ones; victor facilitates the open one;
    - ana (member) belongs to all three;
    - carlos (colleague) was in the private and secret ones and was removed (an ex-member);
    - grace (CEO) owns the secret one; fred (former) had joined the open one before leaving.
    """
    maria, ana, carlos = company.manager, company.member, company.colleague
    open_ = community_create(
        actor=maria,
        name="Network Ops",
        privacy="open",
        purpose="Keep the network running.",
        facilitators=["victor"],
    )
    private = community_create(
        actor=maria,
        name="Pricing Task Force",
        privacy="private",
        purpose="Set next year's prices.",
    )
    secret = community_create(
        actor=company.ceo,
        name="Merger Room",
        privacy="secret",
        purpose="Prepare the merger.",
    )
    community_join(actor=ana, community=open_)
    member_add(actor=maria, community=private, person=ana)
    member_add(actor=company.ceo, community=secret, person=ana)
    for place, owner in ((private, maria), (secret, company.ceo)):
        member_add(actor=owner, community=place, person=carlos)
        member_remove(actor=owner, community=place, person=carlos)
    return SimpleNamespace(open=open_, private=private, secret=secret)
