"""May this person subscribe a webhook here, see or change this one?"""

from __future__ import annotations

from django.db.models import QuerySet

from hearth.communities.models import Community, Membership
from hearth.core.access import is_administrator
from hearth.core.errors import NotFound
from hearth.core.types import Viewer

from .models import Subscription


def may_subscribe_company(person: Viewer) -> bool:
    """Company-wide webhooks are an administrator's."""
    return is_administrator(person)


def owned_communities(person: Viewer) -> QuerySet[Community]:
    """The communities whose webhooks this person may set: those they own (an owner reads
    everything of their community; an administrator who is not a member does not)."""
    if not (person and person.is_authenticated and person.is_active):
        return Community.objects.none()
    owned = Membership.objects.filter(
        person=person, role=Membership.Role.OWNER, state=Membership.State.ACTIVE
    ).values("community_id")
    return Community.objects.filter(pk__in=owned).exclude(state=Community.State.ARCHIVED)


def may_subscribe(person: Viewer, community: Community | None) -> bool:
    if community is None:
        return may_subscribe_company(person)
    return owned_communities(person).filter(pk=community.pk).exists()


def still_owned(subscriptions: list[Subscription]) -> set[int]:
    """The community webhooks among these whose owner still owns their community (one query)."""
    wanted = {(s.owner_id, s.community_id) for s in subscriptions if s.community_id is not None}
    if not wanted:
        return set()
    rows = Membership.objects.filter(
        person_id__in={person for person, _community in wanted},
        community_id__in={community for _person, community in wanted},
        role=Membership.Role.OWNER,
        state=Membership.State.ACTIVE,
    ).exclude(community__state=Community.State.ARCHIVED)
    owning = set(rows.values_list("person_id", "community_id"))
    return {
        s.pk
        for s in subscriptions
        if s.community_id is not None and (s.owner_id, s.community_id) in owning
    }


def subscriptions_for(person: Viewer) -> QuerySet[Subscription]:
    """The webhooks this person manages: their own, and every company-wide one for an
    administrator (a community's stay its owners')."""
    if not (person and person.is_authenticated and person.is_active):
        return Subscription.objects.none()
    mine = Subscription.objects.filter(owner=person)
    if is_administrator(person):
        mine = mine | Subscription.objects.filter(community__isnull=True)
    return mine.select_related("owner", "community")


def access_subscription(person: Viewer, subscription_id: int) -> Subscription:
    found = subscriptions_for(person).filter(pk=subscription_id).first()
    if found is None:
        raise NotFound()
    return found
