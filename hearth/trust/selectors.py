"""Whether someone is suspended or a company moderator, blocks and mutes, the audit log.

Company moderators (administrators, or people given the "Moderate everything" permission)
moderate everything, people included; who moderates a community is moderation's
(`hearth.moderation.selectors`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.core.access import is_administrator, is_signed_in
from hearth.core.errors import Forbidden
from hearth.core.types import Viewer

from .models import AuditEntry, Block, Mute, Suspension


def suspension_of(person: Viewer) -> Suspension | None:
    """The suspension running now, if any (the one that ends last)."""
    if not is_signed_in(person):
        return None
    return (
        Suspension.objects.filter(person=person, until__gt=timezone.now(), lifted_at__isnull=True)
        .order_by("-until")
        .first()
    )


def check_not_suspended(person: Viewer) -> None:
    suspension = suspension_of(person)
    if suspension is not None:
        until = timezone.localtime(suspension.until).strftime("%Y-%m-%d %H:%M")
        raise Forbidden(
            f"You are suspended until {until}: you can read, but not post, comment or react."
        )


def is_company_moderator(person: Viewer) -> bool:
    return is_administrator(person) or (is_signed_in(person) and person.has_perm("trust.moderate"))


def blocked_ids(viewer: Viewer) -> QuerySet[Any]:
    """People the viewer blocked (a subquery: use it in `__in`)."""
    return Block.objects.filter(blocker=viewer).values("blocked_id")


def blocker_ids(person: Viewer) -> QuerySet[Any]:
    """People who blocked `person` (they may not mention, invite or reply to them)."""
    return Block.objects.filter(blocked=person).values("blocker_id")


def muted_ids(viewer: Viewer) -> QuerySet[Any]:
    return Mute.objects.filter(person=viewer).values("muted_id")


def relation(viewer: Viewer, person: Viewer) -> dict[str, Any]:
    """Whether the viewer blocks or mutes `person` (for their profile's buttons)."""
    if not is_signed_in(viewer) or viewer.pk == person.pk:
        return {"blocked": False, "muted": False}
    return {
        "blocked": Block.objects.filter(blocker=viewer, blocked=person).exists(),
        "muted": Mute.objects.filter(person=viewer, muted=person).exists(),
    }


def blocks_and_mutes(viewer: Viewer) -> dict[str, Any]:
    return {
        "blocked": [
            b.blocked for b in Block.objects.filter(blocker=viewer).select_related("blocked")
        ],
        "muted": [m.muted for m in Mute.objects.filter(person=viewer).select_related("muted")],
    }


def is_auditor(person: Viewer) -> bool:
    """Auditors read and export the audit log: administrators, or the "auditor" permission."""
    return (
        is_signed_in(person)
        and person.is_active
        and (person.is_superuser or person.has_perm("trust.audit"))
    )


def audit_entries(
    viewer: Viewer, *, action: str = "", actor: str = "", since: Any = None, until: Any = None
) -> QuerySet[Any]:
    """The audit log, newest first, for an auditor (nobody else gets anything)."""

    if not is_auditor(viewer):
        return AuditEntry.objects.none()
    entries = AuditEntry.objects.all()
    if action:
        entries = entries.filter(action__startswith=action)
    if actor:
        entries = entries.filter(actor__username=actor.lstrip("@"))
    if since is not None:
        entries = entries.filter(created_at__gte=since)
    if until is not None:
        entries = entries.filter(created_at__lt=until)
    return entries


def detail_lines(detail: Any) -> list[tuple[str, str]]:
    """An entry's detail as a person reads it: one line per field, "yes"/"no" for flags, lists
    joined, nested fields named by their path, and changes ("changed": {field: [before,
    after]}) as "before → after"."""
    if not isinstance(detail, dict):
        return [("", _readable(detail))] if detail not in (None, "", {}) else []
    lines: list[tuple[str, str]] = []
    for key, value in detail.items():
        name = _name(key)
        if isinstance(value, dict) and value:
            change = key in ("changed", "changes")
            lines += [
                (f"{name}: {_name(k).lower()}", _readable(v, change)) for k, v in value.items()
            ]
        else:
            lines.append((name, _readable(value)))
    return lines


def _name(key: Any) -> str:
    return str(key).replace("_", " ").replace(".", " ").strip().capitalize()


def _readable(value: Any, change: bool = False) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list | tuple):
        if change and len(value) == 2:
            return f"{_readable(value[0])} → {_readable(value[1])}"
        return ", ".join(_readable(v) for v in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{_name(k).lower()}: {_readable(v)}" for k, v in value.items()) or "—"
    return str(value)
