"""Who belongs: joining and leaving, members added or removed (also in bulk), roles, and muting a
community."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from hearth.core.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from hearth.core.events import event_record
from hearth.people.models import Person
from hearth.people.selectors import person_list_for

from .. import invitations
from ..models import Community, Membership
from ..selectors import can_lead


def _count(community: Community, delta: int) -> None:
    Community.objects.filter(pk=community.pk).update(member_count=F("member_count") + delta)


@transaction.atomic
def community_join(*, actor: Person, community: Community) -> Membership:
    """Join an open community, or ask to join a private one (a secret one only by invitation)."""
    membership = (
        Membership.objects.select_for_update().filter(community=community, person=actor).first()
    )
    if membership is not None and membership.state == Membership.State.ACTIVE:
        return membership
    if community.state == Community.State.ARCHIVED:
        raise Conflict("This community is archived; it no longer takes members.")

    invited = invitations.has_pending(actor, community)
    if community.privacy == Community.Privacy.SECRET and not invited:
        raise NotFound()
    state = (
        Membership.State.ACTIVE
        if community.privacy == Community.Privacy.OPEN or invited
        else Membership.State.REQUESTED
    )
    if membership is None:
        membership = Membership.objects.create(community=community, person=actor, state=state)
    else:
        membership.state, membership.role = state, Membership.Role.MEMBER
        membership.save(update_fields=["state", "role", "updated_at"])
    if state == Membership.State.ACTIVE:
        _count(community, 1)
        invitations.mark_joined(person=actor, community=community)
        event_record(
            actor=actor,
            verb="community.joined",
            obj=community,
            community_id=community.pk,
            metadata={"invited": invited},
        )
    else:
        event_record(
            actor=actor, verb="community.join_requested", obj=community, community_id=community.pk
        )
    return membership


@transaction.atomic
def community_leave(*, actor: Person, community: Community) -> None:
    """Leave a community; its last owner must hand over first."""
    membership = (
        Membership.objects.select_for_update().filter(community=community, person=actor).first()
    )
    if membership is None or membership.state not in (
        Membership.State.ACTIVE,
        Membership.State.REQUESTED,
    ):
        raise Conflict("You are not a member of this community.")
    was_active = membership.is_active
    if membership.role == Membership.Role.OWNER and was_active and _owner_count(community) == 1:
        raise Conflict("You are the only owner; make someone else owner before leaving.")
    membership.state = Membership.State.LEFT
    membership.save(update_fields=["state", "updated_at"])
    if was_active:
        _count(community, -1)
    event_record(actor=actor, verb="community.left", obj=community, community_id=community.pk)


def _owner_count(community: Community) -> int:
    return Membership.objects.filter(
        community=community, state=Membership.State.ACTIVE, role=Membership.Role.OWNER
    ).count()


@transaction.atomic
def member_add(
    *, actor: Person, community: Community, person: Person, role: str = Membership.Role.MEMBER
) -> Membership:
    """Add someone (or approve their request, or change their role); owners and facilitators."""
    if not can_lead(actor, community):
        raise Forbidden("Only the community's owners and facilitators can add members.")
    if role not in Membership.Role.values:
        raise Invalid(
            "Unknown role.", [FieldError("role", "owner, sponsor, facilitator or member.")]
        )
    if not person.is_active:
        raise Invalid("This person has left the company.", [FieldError("username", "Inactive.")])
    membership = (
        Membership.objects.select_for_update().filter(community=community, person=person).first()
    )
    if membership is None:
        membership = Membership.objects.create(community=community, person=person, role=role)
        _count(community, 1)
    else:
        if (
            membership.is_active
            and membership.role == Membership.Role.OWNER
            and role != Membership.Role.OWNER
            and _owner_count(community) == 1
        ):
            raise Conflict("A community needs at least one owner.")
        if not membership.is_active:
            _count(community, 1)
        membership.state, membership.role = Membership.State.ACTIVE, role
        membership.save(update_fields=["state", "role", "updated_at"])

    invitations.mark_joined(person=person, community=community)
    event_record(
        actor=actor,
        verb="community.member_added",
        obj=person,
        target=community,
        community_id=community.pk,
        metadata={"role": role},
    )
    return membership


@transaction.atomic
def member_remove(*, actor: Person, community: Community, person: Person) -> None:
    """Remove a member (or decline a request); it takes effect on their next request."""
    if not can_lead(actor, community):
        raise Forbidden("Only the community's owners and facilitators can remove members.")
    membership = (
        Membership.objects.select_for_update().filter(community=community, person=person).first()
    )
    if membership is None or membership.state not in (
        Membership.State.ACTIVE,
        Membership.State.REQUESTED,
    ):
        raise NotFound("This person is not a member.")
    if (
        membership.is_active
        and membership.role == Membership.Role.OWNER
        and _owner_count(community) == 1
    ):
        raise Conflict("A community needs at least one owner.")
    if membership.is_active:
        _count(community, -1)
    membership.state = Membership.State.REMOVED
    membership.save(update_fields=["state", "updated_at"])
    event_record(
        actor=actor,
        verb="community.member_removed",
        obj=person,
        target=community,
        community_id=community.pk,
    )


MAX_BULK = 5000


@transaction.atomic
def members_add_bulk(
    *,
    actor: Person,
    community: Community,
    department: str = "",
    location: str = "",
    country: str = "",
    skill: str = "",
    role: str = Membership.Role.MEMBER,
) -> int:
    """Add every active person matching the filters (a targeted audience); return how many."""

    if not can_lead(actor, community):
        raise Forbidden("Only the community's owners and facilitators can add members.")
    if not any((department, location, country, skill)):
        raise Invalid(
            "Choose who to add.",
            [FieldError("department", "Give a department, location, country or skill.")],
        )
    if role not in Membership.Role.values:
        raise Invalid(
            "Unknown role.", [FieldError("role", "owner, sponsor, facilitator or member.")]
        )
    people = (
        person_list_for(
            actor, department=department, location=location, country=country, skill=skill
        )
        .exclude(memberships__community=community, memberships__state=Membership.State.ACTIVE)
        .values_list("id", flat=True)
    )
    ids = list(people[: MAX_BULK + 1])
    if len(ids) > MAX_BULK:
        raise Invalid(
            f"That is more than {MAX_BULK} people; narrow the audience.",
            [FieldError("department", f"At most {MAX_BULK} people at once.")],
        )
    existing = {
        m.person_id: m for m in Membership.objects.filter(community=community, person_id__in=ids)
    }
    Membership.objects.bulk_create(
        Membership(community=community, person_id=pid, role=role)
        for pid in ids
        if pid not in existing
    )
    Membership.objects.filter(pk__in=[m.pk for m in existing.values()]).update(
        state=Membership.State.ACTIVE, role=role, updated_at=timezone.now()
    )
    _count(community, len(ids))
    event_record(
        actor=actor,
        verb="community.members_added",
        obj=community,
        community_id=community.pk,
        metadata={
            "people": ids[:1000],
            "count": len(ids),
            "role": role,
            "filters": {
                "department": department,
                "location": location,
                "country": country,
                "skill": skill,
            },
        },
    )
    return len(ids)


@transaction.atomic
def community_mute(*, actor: Person, community: Community, muted: bool = True) -> Membership:
    """Stop (or resume) notifications about a community for its member."""
    membership = Membership.objects.filter(
        community=community, person=actor, state=Membership.State.ACTIVE
    ).first()
    if membership is None:
        raise Conflict("You are not a member of this community.")
    if membership.muted != muted:
        membership.muted = muted
        membership.save(update_fields=["muted", "updated_at"])
        event_record(
            actor=actor,
            verb="community.muted" if muted else "community.unmuted",
            obj=community,
            community_id=community.pk,
        )
    return membership
