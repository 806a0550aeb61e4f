"""Which communities a person may see, read and steer: the one place these rules live.

- open: everyone signed in sees the community and reads its content;
- private: everyone sees that it exists (name, purpose); only members read its content;
- secret: only members know it exists.
A removed or departed member is no longer a member from their next request on, because every
check reads the membership row (never a cached copy).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from hearth.core.access import is_administrator, is_signed_in
from hearth.core.models import Event
from hearth.core.types import Viewer
from hearth.people.models import Person

from .models import (
    CharterChange,
    Community,
    Invitation,
    KeyResult,
    KeyResultUpdate,
    Membership,
    Proposal,
    ProposalVote,
)

LEADING_ROLES = (Membership.Role.OWNER, Membership.Role.SPONSOR, Membership.Role.FACILITATOR)


def member_community_ids(viewer: Viewer) -> QuerySet[Any]:
    """A subquery of the ids of communities `viewer` is an active member of."""
    if not is_signed_in(viewer):
        return Membership.objects.none().values("community_id")
    return Membership.objects.filter(person=viewer, state=Membership.State.ACTIVE).values(
        "community_id"
    )


def community_visible_q(viewer: Viewer, prefix: str = "") -> Q:
    """Communities whose existence `viewer` may know of (drafts: their members only)."""
    if not is_signed_in(viewer):
        return Q(pk__in=[])
    public = ~Q(**{f"{prefix}privacy": Community.Privacy.SECRET}) & ~Q(
        **{f"{prefix}state": Community.State.DRAFT}
    )
    # A personal invitation reveals the community (its name and purpose) to the invitee.
    invited = Invitation.objects.filter(
        invitee=viewer, state__in=(Invitation.State.SENT, Invitation.State.SEEN)
    ).values("community_id")
    return (
        public
        | Q(**{f"{prefix}id__in": member_community_ids(viewer)})
        | Q(**{f"{prefix}id__in": invited})
    )


def _open_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}privacy": Community.Privacy.OPEN}) & ~Q(
        **{f"{prefix}state": Community.State.DRAFT}
    )


def community_readable_q(viewer: Viewer, prefix: str = "") -> Q:
    """Communities whose content `viewer` may read."""
    if not is_signed_in(viewer):
        return Q(pk__in=[])
    return _open_q(prefix) | Q(**{f"{prefix}id__in": member_community_ids(viewer)})


def open_community_ids() -> QuerySet[Any]:
    """A subquery of the ids of communities whose content every signed-in person may read."""
    return Community.objects.filter(_open_q()).values("id")


def readable_community_ids(viewer: Viewer) -> QuerySet[Any]:
    """A subquery of the ids of communities whose content `viewer` may read."""
    return Community.objects.filter(community_readable_q(viewer)).values("id")


def community_list_for(
    viewer: Viewer,
    *,
    q: str = "",
    kind: str = "",
    state: str = "",
    mine: bool = False,
    department: str = "",
) -> QuerySet[Community]:
    """Communities `viewer` may see, filtered (`department`: with members from it)."""
    if not is_signed_in(viewer):
        return Community.objects.none()
    communities = Community.objects.filter(community_visible_q(viewer))
    if department:
        communities = communities.filter(
            id__in=Membership.objects.filter(
                state=Membership.State.ACTIVE, person__department__name__iexact=department
            ).values("community_id")
        )
    if mine:
        communities = communities.filter(id__in=member_community_ids(viewer))
    for word in " ".join((q or "").split())[:100].split():
        communities = communities.filter(Q(name__icontains=word) | Q(purpose__icontains=word))
    if kind:
        communities = communities.filter(kind=kind)
    if state:
        communities = communities.filter(state=state)
    return communities


def membership_of(viewer: Viewer, community: Community) -> Membership | None:
    """The viewer's membership row in `community` (any state), or None."""
    if not is_signed_in(viewer):
        return None
    return Membership.objects.filter(community=community, person=viewer).first()


def can_read(viewer: Viewer, community: Community, membership: Membership | None = None) -> bool:
    if not is_signed_in(viewer):
        return False
    if community.privacy == Community.Privacy.OPEN and community.state != Community.State.DRAFT:
        return True
    membership = membership if membership is not None else membership_of(viewer, community)
    return membership is not None and membership.is_active


def can_lead(viewer: Viewer, community: Community | None) -> bool:
    """Owners, sponsors and facilitators steer a community; administrators may too (no one
    leads where there is no community)."""
    if community is None or not is_signed_in(viewer):
        return False
    if is_administrator(viewer):
        return True
    membership = membership_of(viewer, community)
    return membership is not None and membership.can_lead


def leading_community_ids(viewer: Viewer) -> QuerySet[Any]:
    if not is_signed_in(viewer):
        return Membership.objects.none().values("community_id")
    return Membership.objects.filter(
        person=viewer, state=Membership.State.ACTIVE, role__in=LEADING_ROLES
    ).values("community_id")


def led_communities(viewer: Viewer) -> QuerySet[Community]:
    """The communities `viewer` leads (owner, sponsor or facilitator), by name."""
    return Community.objects.filter(pk__in=leading_community_ids(viewer)).order_by("name")


def members_of(community: Community, *, role: str = "") -> QuerySet[Membership]:
    """Active memberships of `community` with their people (callers check access first)."""
    memberships = Membership.objects.filter(
        community=community, state=Membership.State.ACTIVE
    ).select_related("person", "person__department", "person__location")
    if role:
        memberships = memberships.filter(role=role)
    return memberships


def people_with_role(communities: list[Community]) -> dict[int, dict[str, list[str]]]:
    """Usernames of sponsors and facilitators per community, in one query."""
    result: dict[int, dict[str, list[str]]] = {
        c.pk: {"sponsor": [], "facilitator": []} for c in communities
    }
    rows = Membership.objects.filter(
        community__in=[c.pk for c in communities],
        state=Membership.State.ACTIVE,
        role__in=[Membership.Role.SPONSOR, Membership.Role.FACILITATOR],
    ).values_list("community_id", "role", "person__username")
    for community_id, role, username in rows.order_by("person__username"):
        result[community_id][role].append(username)
    return result


def my_roles(viewer: Viewer, communities: list[Community]) -> dict[int, str]:
    if not is_signed_in(viewer):
        return {}
    rows = Membership.objects.filter(
        person=viewer, community__in=[c.pk for c in communities], state=Membership.State.ACTIVE
    ).values_list("community_id", "role")
    return dict(rows)


def communities_to_post_in(viewer: Viewer) -> QuerySet[Community]:
    """Communities where `viewer` is an active member and that are not archived."""
    if not is_signed_in(viewer):
        return Community.objects.none()
    return Community.objects.filter(id__in=member_community_ids(viewer)).exclude(
        state=Community.State.ARCHIVED
    )


def join_requests(community: Community) -> QuerySet[Membership]:
    """People waiting for a decision on joining (for the community's leaders)."""
    return Membership.objects.filter(
        community=community, state=Membership.State.REQUESTED
    ).select_related("person")


def key_results_of(communities: list[Community]) -> dict[int, list[KeyResult]]:
    """Key results per community, in one query."""
    results: dict[int, list[KeyResult]] = {c.pk: [] for c in communities}
    for result in KeyResult.objects.filter(community__in=list(results)):
        results[result.community_id].append(result)
    return results


def charter_history(community: Community) -> QuerySet[Any]:
    """Charter changes, newest first (callers checked the viewer may read the community)."""

    return CharterChange.objects.filter(community=community).select_related("actor")


def progress_history(community: Community) -> QuerySet[Any]:
    return KeyResultUpdate.objects.filter(key_result__community=community).select_related(
        "actor", "key_result"
    )


def days_left(community: Community) -> int | None:
    """Days until a live community of purpose ends (negative once overdue)."""
    if community.kind != Community.Kind.PURPOSE or community.ends_on is None:
        return None
    if community.state not in (Community.State.ACTIVE, Community.State.DRAFT):
        return None
    from django.utils import timezone

    return (community.ends_on - timezone.localdate()).days


def leaders_with_activity(community: Community) -> list[Membership]:
    """Owners, sponsors and facilitators, each with `.last_active` (their latest event)."""
    from django.db.models import Max

    leaders = list(members_of(community).exclude(role=Membership.Role.MEMBER)[:20])
    last = dict(
        Event.objects.filter(actor_id__in=[m.person_id for m in leaders])
        .values("actor_id")
        .annotate(last=Max("created_at"))
        .values_list("actor_id", "last")
    )
    order: dict[str, int] = {"sponsor": 0, "owner": 1, "facilitator": 2}
    for membership in leaders:
        membership.last_active = last.get(membership.person_id)
    return sorted(leaders, key=lambda m: (order.get(m.role, 3), m.person.display_name))


def communities_recommended_for(viewer: Viewer, *, limit: int = 5) -> list[dict[str, Any]]:
    """Communities worth joining: those whose members share the viewer's skills and interests.

    Each item says why: how many members share them, and which ones (the common-interest
    matching of Knome). Only communities the viewer may see and is not in.
    """
    from django.db.models import Count

    if not is_signed_in(viewer):
        return []
    tags = set(viewer.skills.values_list("id", flat=True)) | set(
        viewer.interests.values_list("id", flat=True)
    )
    if not tags:
        return []
    skills = Person.skills.through.objects.filter(tag_id__in=tags)
    interests = Person.interests.through.objects.filter(tag_id__in=tags)
    sharing = (
        Person.objects.filter(is_active=True)
        .exclude(pk=viewer.pk)
        .filter(Q(id__in=skills.values("person_id")) | Q(id__in=interests.values("person_id")))
    )
    candidates = (
        Community.objects.filter(community_visible_q(viewer))
        .exclude(id__in=member_community_ids(viewer))
        .exclude(state__in=[Community.State.ARCHIVED, Community.State.DELIVERED])
    )
    rows = (
        Membership.objects.filter(
            state=Membership.State.ACTIVE, community__in=candidates, person__in=sharing
        )
        .values("community_id")
        .annotate(people=Count("person_id", distinct=True))
        .order_by("-people", "community_id")[:limit]
    )
    counts = {row["community_id"]: row["people"] for row in rows}
    if not counts:
        return []
    communities = Community.objects.in_bulk(list(counts))
    reasons: dict[int, dict[str, int]] = {pk: {} for pk in counts}
    for through in (skills, interests):
        shared = (
            through.filter(
                person__memberships__community_id__in=list(counts),
                person__memberships__state=Membership.State.ACTIVE,
            )
            .exclude(person_id=viewer.pk)
            .values_list("person__memberships__community_id", "tag__name")
        )
        for community_id, name in shared:
            reasons[community_id][name] = reasons[community_id].get(name, 0) + 1
    return [
        {
            "community": communities[pk],
            "people": counts[pk],
            "shared": [n for n, _ in sorted(reasons[pk].items(), key=lambda i: (-i[1], i[0]))][:3],
        }
        for pk in counts
    ]


def invitations_of(community: Community) -> QuerySet[Invitation]:
    """Invitations sent for a community (callers check the viewer leads it)."""
    return Invitation.objects.filter(community=community).select_related(
        "community", "inviter", "invitee"
    )


def communities_of(viewer: Viewer, person: Viewer) -> QuerySet[Community]:
    """The communities `person` belongs to, as far as `viewer` may know of them."""
    if not is_signed_in(viewer):
        return Community.objects.none()
    return Community.objects.filter(
        community_visible_q(viewer),
        memberships__person=person,
        memberships__state=Membership.State.ACTIVE,
    ).order_by("name")


def proposals_for_page(viewer: Viewer, community: Community) -> dict[str, Any]:
    """Open proposals (with the viewer's vote) and the last decisions, for the community page."""

    rows = list(Proposal.objects.filter(community=community).select_related("author")[:40])
    open_ = [p for p in rows if p.state == Proposal.State.OPEN]
    mine = dict(
        ProposalVote.objects.filter(proposal__in=open_, person=viewer).values_list(
            "proposal_id", "choice"
        )
    )
    for proposal in open_:
        proposal.my_vote = mine.get(proposal.pk)
    membership = membership_of(viewer, community)
    return {
        "open": open_,
        "log": [p for p in rows if p.state != Proposal.State.OPEN][:10],
        "can_vote": membership is not None and membership.is_active,
        "can_veto": membership is not None
        and membership.is_active
        and membership.role in (Membership.Role.OWNER, Membership.Role.SPONSOR),
    }


def leading_of(viewer: Viewer, person: Viewer, limit: int = 20) -> list[Membership]:
    """The communities `person` leads (owns, sponsors or facilitates), as far as `viewer` may
    know of them, each membership with its community."""
    if not is_signed_in(viewer):
        return []
    return list(
        Membership.objects.filter(
            person=person,
            state=Membership.State.ACTIVE,
            role__in=LEADING_ROLES,
            community__in=Community.objects.filter(community_visible_q(viewer)),
        )
        .select_related("community")
        .order_by("community__name")[:limit]
    )
