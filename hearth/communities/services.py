"""Writes to communities and memberships; each records its event in the same transaction."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils.text import slugify

from hearth.core.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from hearth.core.events import event_record
from hearth.people.models import Person

from .models import Community, KeyResult, Membership
from .selectors import can_lead

MAX_KEY_RESULTS = 5


@dataclass
class KeyResultIn:
    title: str
    target: float
    unit: str = ""


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "community"
    slug, n = base, 2
    while Community.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def _people(usernames: list[str], field: str) -> list[Person]:
    usernames = [u.strip() for u in usernames if u and u.strip()]
    found = {p.username: p for p in Person.objects.filter(username__in=usernames, is_active=True)}
    missing = [u for u in usernames if u not in found]
    if missing:
        raise Invalid(
            f"Unknown people: {', '.join(missing)}.",
            [FieldError(field, f"No active person with username {', '.join(missing)}.")],
        )
    return [found[u] for u in dict.fromkeys(usernames)]


def _validate(
    *, name: str, kind: str, privacy: str, purpose: str, starts_on, ends_on, key_results
) -> None:
    errors = []
    if not name.strip():
        errors.append(FieldError("name", "A community needs a name."))
    elif len(name) > 120:
        errors.append(FieldError("name", "At most 120 characters."))
    if kind not in Community.Kind.values:
        errors.append(FieldError("kind", "Choose purpose or interest."))
    if privacy not in Community.Privacy.values:
        errors.append(FieldError("privacy", "Choose open, private or secret."))
    if not purpose.strip():
        errors.append(FieldError("purpose", "Say what the community is for."))
    if kind == Community.Kind.PURPOSE:
        if starts_on is None:
            errors.append(FieldError("starts_on", "A community of purpose needs a start date."))
        if ends_on is None:
            errors.append(FieldError("ends_on", "A community of purpose needs an end date."))
        if starts_on and ends_on and ends_on <= starts_on:
            errors.append(FieldError("ends_on", "The end date must be after the start date."))
    if len(key_results) > MAX_KEY_RESULTS:
        errors.append(FieldError("key_results", f"At most {MAX_KEY_RESULTS} key results."))
    for index, result in enumerate(key_results):
        if not result.title.strip():
            errors.append(FieldError(f"key_results.{index}.title", "A key result needs a title."))
    if errors:
        raise Invalid("The community could not be saved.", errors)


@transaction.atomic
def community_create(
    *,
    actor: Person,
    name: str,
    kind: str = Community.Kind.INTEREST,
    privacy: str = Community.Privacy.OPEN,
    purpose: str,
    description: str = "",
    business_goal: str = "",
    deliverable: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    key_results: list[KeyResultIn] | None = None,
    sponsors: list[str] | None = None,
    facilitators: list[str] | None = None,
    allow_anonymous: bool = False,
    response_target_hours: int = 24,
) -> Community:
    """Create a community; the creator becomes its owner."""
    key_results = key_results or []
    _validate(
        name=name, kind=kind, privacy=privacy, purpose=purpose, starts_on=starts_on,
        ends_on=ends_on, key_results=key_results,
    )  # fmt: skip
    if not 1 <= response_target_hours <= 24 * 30:
        raise Invalid(
            "The response target is out of range.",
            [FieldError("response_target_hours", "Between 1 and 720 hours.")],
        )
    sponsor_people = _people(sponsors or [], "sponsors")
    facilitator_people = _people(facilitators or [], "facilitators")
    community = Community.objects.create(
        slug=_unique_slug(name), name=name.strip(), kind=kind, privacy=privacy,
        purpose=purpose.strip(), description=description, business_goal=business_goal,
        deliverable=deliverable, starts_on=starts_on, ends_on=ends_on,
        allow_anonymous=allow_anonymous, response_target_hours=response_target_hours,
        created_by=actor,
    )  # fmt: skip
    KeyResult.objects.bulk_create(
        KeyResult(
            community=community, title=r.title.strip(), target=r.target, unit=r.unit, position=i
        )
        for i, r in enumerate(key_results)
    )
    roles = {actor.pk: (actor, Membership.Role.OWNER)}
    for person in facilitator_people:
        roles.setdefault(person.pk, (person, Membership.Role.FACILITATOR))
    for person in sponsor_people:
        roles.setdefault(person.pk, (person, Membership.Role.SPONSOR))
    Membership.objects.bulk_create(
        Membership(community=community, person=person, role=role) for person, role in roles.values()
    )
    community.member_count = len(roles)
    community.save(update_fields=["member_count"])
    event_record(actor=actor, verb="community.created", obj=community, community_id=community.pk)
    return community


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
    if community.privacy == Community.Privacy.SECRET:
        raise NotFound()
    state = (
        Membership.State.ACTIVE
        if community.privacy == Community.Privacy.OPEN
        else Membership.State.REQUESTED
    )
    if membership is None:
        membership = Membership.objects.create(community=community, person=actor, state=state)
    else:
        membership.state, membership.role = state, Membership.Role.MEMBER
        membership.save(update_fields=["state", "role", "updated_at"])
    if state == Membership.State.ACTIVE:
        _count(community, 1)
        event_record(actor=actor, verb="community.joined", obj=community, community_id=community.pk)
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
        Membership.State.ACTIVE, Membership.State.REQUESTED,
    ):  # fmt: skip
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
    event_record(
        actor=actor, verb="community.member_added", obj=person, target=community,
        community_id=community.pk, metadata={"role": role},
    )  # fmt: skip
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
        Membership.State.ACTIVE, Membership.State.REQUESTED,
    ):  # fmt: skip
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
        actor=actor, verb="community.member_removed", obj=person, target=community,
        community_id=community.pk,
    )  # fmt: skip


@transaction.atomic
def community_update(*, actor: Person, community: Community, **changes) -> Community:
    """Change a community's description fields; owners and facilitators only."""
    if not can_lead(actor, community):
        raise Forbidden("Only the community's owners and facilitators can change it.")
    allowed = {
        "name", "privacy", "purpose", "description", "business_goal", "deliverable",
        "starts_on", "ends_on", "allow_anonymous", "response_target_hours",
    }  # fmt: skip
    unknown = set(changes) - allowed
    if unknown:
        raise Invalid(
            "Unknown fields.", [FieldError(f, "Cannot be changed here.") for f in unknown]
        )
    merged = {f: changes.get(f, getattr(community, f)) for f in allowed}
    _validate(
        name=merged["name"], kind=community.kind, privacy=merged["privacy"],
        purpose=merged["purpose"], starts_on=merged["starts_on"], ends_on=merged["ends_on"],
        key_results=[],
    )  # fmt: skip
    for field, value in changes.items():
        setattr(community, field, value)
    community.save()
    event_record(
        actor=actor, verb="community.updated", obj=community, community_id=community.pk,
        metadata={"fields": sorted(changes)},
    )  # fmt: skip
    return community
