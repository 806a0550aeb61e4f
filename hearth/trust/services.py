"""Block, mute, and the audit of audit exports: every write in a transaction, every step an
event. Moderation's writes are in `hearth.moderation.services`.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hearth.core.errors import Invalid
from hearth.core.events import event_record
from hearth.core.registry import erasers

from .models import Block, Mute


@transaction.atomic
def block_set(*, actor, person, blocked: bool) -> bool:
    """Block (or unblock) someone; return whether anything changed."""

    if person.pk == actor.pk:
        raise Invalid("You cannot block yourself.")
    if blocked:
        _, created = Block.objects.get_or_create(
            blocker=actor, blocked=person, defaults={"created_at": timezone.now()}
        )
        changed = created
    else:
        changed = Block.objects.filter(blocker=actor, blocked=person).delete()[0] > 0
    if changed:
        event_record(
            actor=actor, verb="person.blocked" if blocked else "person.unblocked", obj=person
        )
    return changed


@transaction.atomic
def mute_set(*, actor, person, muted: bool) -> bool:
    """Mute (or unmute) someone; return whether anything changed."""

    if person.pk == actor.pk:
        raise Invalid("You cannot mute yourself.")
    if muted:
        changed = Mute.objects.get_or_create(
            person=actor, muted=person, defaults={"created_at": timezone.now()}
        )[1]
    else:
        changed = Mute.objects.filter(person=actor, muted=person).delete()[0] > 0
    if changed:
        event_record(actor=actor, verb="person.muted" if muted else "person.unmuted", obj=person)
    return changed


def audit_exported(*, actor, filters: dict) -> None:
    """An export of the audit log is itself audited (with the filters it used)."""
    plain = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in filters.items()}
    event_record(actor=actor, verb="audit.exported", metadata={"filters": plain})


@erasers("trust")
def person_forget(person) -> None:
    """Erasure: the person's blocks and mutes, both ways."""
    Block.objects.filter(Q(blocker=person) | Q(blocked=person)).delete()
    Mute.objects.filter(Q(person=person) | Q(muted=person)).delete()
