"""A community of purpose that delivers announces its outcome with a post in it: communities
record `community.delivered`, and this recorder writes the announcement in the same transaction,
so communities never write posts (they stand below conversations)."""

from __future__ import annotations

from hearth.communities.models import Community, Membership
from hearth.communities.selectors import membership_of
from hearth.core.events import recorder
from hearth.core.models import Event

from .posts import post_create
from .writing import MAX_BODY, MAX_TITLE, PostIn


@recorder
def delivery_announce(event: Event) -> None:
    """The outcome, key results, links and retrospective, posted by whoever delivered it (not
    by an administrator outside the community: the event alone tells everyone then)."""
    if event.verb != "community.delivered" or event.actor is None or event.community_id is None:
        return
    community = Community.objects.get(pk=event.community_id)
    membership = membership_of(event.actor, community)
    if membership is None or membership.state != Membership.State.ACTIVE:
        return
    results = "\n".join(
        f"- **{r.title}**: {r.current:g} of {r.target:g} {r.unit}".rstrip()
        for r in community.key_results.all()
    )
    links = "\n".join(f"- <{link}>" for link in community.outcome_links)
    body = f"{community.outcome_summary}\n\n{results}\n\n{links}".strip()
    if community.retrospective:
        body += f"\n\n**Retrospective**\n\n{community.retrospective}"
    post_create(
        actor=event.actor,
        data=PostIn(
            kind="announcement",
            title=f"Delivered: {community.deliverable or community.name}"[:MAX_TITLE],
            body=body[:MAX_BODY],
            community=community,
        ),
    )
