"""Personal invitations: pick a target, write one message with merge fields, preview, send.

Each invitation is personal (first name, title, the reason this person was chosen) and tracked:
sent -> seen -> joined -> first contribution. Limits keep it from becoming spam: a daily cap per
inviter, and never the same person twice in 30 days for the same community.
"""

from __future__ import annotations

import datetime
import string
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hearth.core import rules
from hearth.core.errors import FieldError, Forbidden, Invalid, NotFound, RateLimited
from hearth.core.events import event_record
from hearth.people.models import Person
from hearth.people.selectors import person_list_for
from hearth.trust.selectors import blocker_ids

from .models import Community, Invitation, Membership
from .selectors import can_lead

MERGE_FIELDS = ("first_name", "name", "title", "reason", "community", "inviter")
REPEAT_DAYS = 30
MAX_TARGET = 500
PENDING = (Invitation.State.SENT, Invitation.State.SEEN)


@dataclass
class Target:
    usernames: list[str] = field(default_factory=list)
    department: str = ""
    location: str = ""
    country: str = ""
    skill: str = ""

    def is_empty(self) -> bool:
        return not (
            self.usernames or self.department or self.location or self.country or self.skill
        )


@dataclass
class Planned:
    person: Person
    message: str = ""
    reason: str = ""
    skipped: str = ""  # why this person will not be invited


def _check_template(template: str) -> None:
    if not template.strip():
        raise Invalid("Write the invitation.", [FieldError("template", "Write a message.")])
    if len(template) > rules.limit(Invitation, "message"):  # each invitation holds it
        too_long = rules.too_long(rules.limit(Invitation, "message"))
        raise Invalid("Too long.", [FieldError("template", too_long)])
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as error:
        raise Invalid(
            "The message has an unmatched brace.",
            [FieldError("template", "Use {first_name}, {title}, {reason}… with both braces.")],
        ) from error
    unknown = names - set(MERGE_FIELDS)
    if unknown:
        raise Invalid(
            "Unknown merge fields.",
            [
                FieldError(
                    "template",
                    f"Unknown: {', '.join(sorted(unknown))}. Use: {', '.join(MERGE_FIELDS)}.",
                )
            ],
        )


def _people(actor, target: Target) -> list[Person]:
    if target.is_empty():
        raise Invalid(
            "Choose who to invite.",
            [
                FieldError(
                    "usernames", "Give usernames, or a department, location, country or skill."
                )
            ],
        )
    people: dict[int, Person] = {}
    if target.usernames:
        names = [u.strip().lstrip("@") for u in target.usernames if u.strip()]
        found = {
            p.username: p
            for p in Person.objects.filter(username__in=names).prefetch_related("skills")
        }
        unknown = [u for u in names if u not in found]
        inactive = [u for u in names if u in found and not found[u].is_active]
        if unknown or inactive:
            errors = []
            if unknown:
                errors.append(FieldError("usernames", f"Nobody is called {', '.join(unknown)}."))
            if inactive:
                errors.append(
                    FieldError("usernames", f"No longer with the company: {', '.join(inactive)}.")
                )
            raise Invalid("Some people cannot be invited.", errors)
        people.update({p.pk: p for p in found.values()})
    if target.department or target.location or target.country or target.skill:
        matching = person_list_for(
            actor,
            department=target.department,
            location=target.location,
            country=target.country,
            skill=target.skill,
        ).prefetch_related("skills")[: MAX_TARGET + 1]
        people.update({p.pk: p for p in matching})
    if len(people) > MAX_TARGET:
        raise Invalid(
            f"More than {MAX_TARGET} people: invitations are personal, narrow the target.",
            [FieldError("department", f"At most {MAX_TARGET} people at once.")],
        )
    return sorted(people.values(), key=lambda p: p.display_name)


def _reason(person: Person, community: Community, target: Target, member_skills: set[str]) -> str:
    skills = {t.name for t in person.skills.all()}
    if target.skill and target.skill.lower() in {s.lower() for s in skills}:
        return f"you know {target.skill}"
    shared = sorted(skills & member_skills)
    if shared:
        return f"you know {', '.join(shared[:2])}, like members of {community.name}"
    if target.department and person.department:
        return f"you work in {person.department.name}"
    if target.location and person.location:
        return f"you are in {person.location.name}"
    return f"your experience would help {community.name}"


def plan(*, actor, community: Community, target: Target, template: str) -> list[Planned]:
    """Who would be invited, each with their personal message, or why they are skipped."""
    if not can_lead(actor, community):
        raise Forbidden("Only the community's owners, sponsors and facilitators invite people.")
    _check_template(template)
    people = _people(actor, target)
    members = set(
        Membership.objects.filter(community=community, state=Membership.State.ACTIVE).values_list(
            "person_id", flat=True
        )
    )
    recent = set(
        Invitation.objects.filter(
            community=community,
            sent_at__gte=timezone.now() - datetime.timedelta(days=REPEAT_DAYS),
        ).values_list("invitee_id", flat=True)
    )
    member_skills = set(
        Person.skills.through.objects.filter(person_id__in=members).values_list(
            "tag__name", flat=True
        )
    )

    blockers = set(blocker_ids(actor).values_list("blocker_id", flat=True))
    planned = []
    for person in people:
        if person.pk in blockers:
            planned.append(Planned(person, skipped="does not take invitations from you"))
            continue
        if person.pk in members:
            planned.append(Planned(person, skipped="already a member"))
            continue
        if person.pk in recent:
            planned.append(Planned(person, skipped=f"invited in the last {REPEAT_DAYS} days"))
            continue
        if person.pk == actor.pk:
            planned.append(Planned(person, skipped="that is you"))
            continue
        reason = _reason(person, community, target, member_skills)
        message = template.format(
            first_name=person.name.split()[0],
            name=person.name,
            title=person.title or "",
            reason=reason,
            community=community.name,
            inviter=actor.name,
        )
        planned.append(Planned(person, message=message.strip(), reason=reason))
    return planned


@transaction.atomic
def send(*, actor, community: Community, target: Target, template: str) -> list[Planned]:
    """Send the planned invitations, one per person; return the plan with what was skipped."""
    planned = plan(actor=actor, community=community, target=target, template=template)
    to_send = [p for p in planned if not p.skipped]
    since = timezone.now() - datetime.timedelta(days=1)
    sent_today = Invitation.objects.filter(inviter=actor, sent_at__gte=since).count()
    limit = settings.HEARTH_INVITATIONS_PER_DAY
    if sent_today + len(to_send) > limit:
        raise RateLimited(
            f"You can send {limit} invitations a day; {max(0, limit - sent_today)} are left today.",
            retry_after=3600,
        )
    now = timezone.now()
    for item in to_send:
        invitation = Invitation.objects.create(
            community=community,
            inviter=actor,
            invitee=item.person,
            message=item.message,
            reason=item.reason,
            sent_at=now,
        )
        event_record(
            actor=actor,
            verb="invitation.sent",
            obj=invitation,
            target=community,
            community_id=community.pk,
            metadata={"invitee": item.person.pk},
        )
    return planned


def mark_seen(*, person, community: Community) -> None:
    """The invitee opened the community: their pending invitations are seen."""
    updated = Invitation.objects.filter(
        community=community, invitee=person, state=Invitation.State.SENT
    ).update(state=Invitation.State.SEEN, seen_at=timezone.now())
    if updated:
        event_record(actor=person, verb="invitation.seen", obj=community, community_id=community.pk)


def mark_joined(*, person, community: Community) -> None:
    now = timezone.now()
    Invitation.objects.filter(community=community, invitee=person, state__in=PENDING).update(
        state=Invitation.State.JOINED, joined_at=now, seen_at=now
    )


def mark_contributed(*, person, community_id: int) -> None:
    """First post or comment in the community after joining through an invitation."""
    invitations = Invitation.objects.filter(
        community_id=community_id, invitee=person, state=Invitation.State.JOINED
    )
    if invitations.update(state=Invitation.State.CONTRIBUTED, contributed_at=timezone.now()):
        event_record(
            actor=person, verb="invitation.contributed", obj=person, community_id=community_id
        )


def has_pending(person, community: Community) -> bool:
    return Invitation.objects.filter(
        community=community, invitee=person, state__in=PENDING
    ).exists()


def pending_for(person):
    """A person's invitations still open (communities they may now see because of them)."""
    return (
        Invitation.objects.filter(invitee=person, state__in=PENDING)
        .exclude(community__state=Community.State.ARCHIVED)
        .select_related("community", "inviter")
    )


def funnel(community: Community) -> dict[str, int]:
    """How many invitations reached each step (a later step counts for the earlier ones)."""
    rows = Invitation.objects.filter(community=community)
    return {
        "sent": rows.count(),
        "seen": rows.filter(Q(seen_at__isnull=False) | Q(joined_at__isnull=False)).count(),
        "joined": rows.filter(joined_at__isnull=False).count(),
        "contributed": rows.filter(contributed_at__isnull=False).count(),
    }


def invited_community_ids(person):
    return Invitation.objects.filter(invitee=person, state__in=PENDING).values("community_id")


@transaction.atomic
def decline(*, person, invitation_id: int) -> None:
    """The invitee says no thanks; the community disappears again if it was secret."""

    invitation = Invitation.objects.filter(pk=invitation_id, invitee=person).first()
    if invitation is None:
        raise NotFound()
    if invitation.state in PENDING:
        invitation.state = Invitation.State.DECLINED
        invitation.save(update_fields=["state"])
        event_record(
            actor=person,
            verb="invitation.declined",
            obj=invitation,
            community_id=invitation.community_id,
        )
