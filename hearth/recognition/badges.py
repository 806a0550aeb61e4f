"""Badges: declarative definitions (`Badge.criteria`), awarded by the worker, and levels.

A criteria is one or more clauses joined by "and", each "<measure> >= <number>" (or ">"), e.g.
"facilitated_communities >= 1 and acknowledgements >= 10". Measures count what the points
ledger let through (so the anti-gaming rules of `points` apply to badges too: nothing for one's
own content, trivial posts, deleted or moderated content, or past a daily cap), plus a few facts
the ledger does not hold (introductions, facilitated communities). A badge once earned is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Aggregate, Count, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.communities.models import Membership
from hearth.core.events import consumer, event_record
from hearth.core.models import Event
from hearth.facilitation.models import Introduction
from hearth.people.models import Person

from .defaults import LEVELS
from .models import Badge, BadgeAward, PointEntry
from .points import ensure_default_badges

# measure -> the point rule whose standing awards it counts
LEDGER_MEASURES = {
    "posts": "post",
    "answers": "answer",
    "accepted_answers": "accepted_answer",
    "comments": "comment",
    "reactions_received": "reaction_received",
    "praise_received": "praise_received",
    "invitations_joined": "invitation_joined",
    "jam_ideas": "jam_idea",
    "ideas_selected": "idea_selected",
    "ideas_shipped": "idea_shipped",
    "acknowledgements": "acknowledgement",
    "deliverables": "deliverable_shipped",
}
OTHER_MEASURES = ("points", "introductions", "facilitated_communities")
MEASURES = tuple(LEDGER_MEASURES) + OTHER_MEASURES
MAX_CLAUSES = 5
_CLAUSE = re.compile(r"^\s*([A-Za-z_]+)\s*(>=|>)\s*(-?\d{1,7})\s*$")


class CriteriaError(ValueError):
    """Criteria that do not parse, with a message for the person who wrote them."""


@dataclass(frozen=True)
class Clause:
    measure: str
    minimum: int


def parse(criteria: str) -> list[Clause]:
    """The clauses of a criteria text, or CriteriaError saying what is wrong and where."""
    text = (criteria or "").strip()
    if not text:
        return []
    parts = re.split(r"\s+and\s+", text, flags=re.IGNORECASE)
    if len(parts) > MAX_CLAUSES:
        raise CriteriaError(_("At most %(n)d conditions.") % {"n": MAX_CLAUSES})
    clauses = []
    for position, part in enumerate(parts, start=1):
        match = _CLAUSE.match(part)
        if match is None:
            raise CriteriaError(
                _("Condition %(n)d (“%(part)s”) does not read as “measure >= number”.")
                % {"n": position, "part": part.strip()[:60]}
            )
        measure, op, number = match.group(1).lower(), match.group(2), int(match.group(3))
        if measure not in MEASURES:
            raise CriteriaError(
                _("Condition %(n)d: there is no measure “%(measure)s”. Known: %(known)s.")
                % {"n": position, "measure": measure, "known": ", ".join(MEASURES)}
            )
        minimum = number + 1 if op == ">" else number
        if minimum < 1:
            raise CriteriaError(
                _("Condition %(n)d: a badge needs at least 1 of something.") % {"n": position}
            )
        clauses.append(Clause(measure, minimum))
    return clauses


def measure(name: str, person_ids=None) -> dict[int, int]:
    """person id -> the measure, for the given people (None: everyone with some)."""

    rows: QuerySet[Any]
    value: Aggregate
    if name in LEDGER_MEASURES:
        rows = PointEntry.objects.filter(
            rule=LEDGER_MEASURES[name], reverses__isnull=True, reversed_by__isnull=True
        )
        key, value = "person_id", Count("id")
    elif name == "points":
        rows, key, value = PointEntry.objects.all(), "person_id", Sum("points")
    elif name == "introductions":
        rows = Introduction.objects.filter(connected_at__isnull=False)
        key, value = "introduced_by_id", Count("id")
    elif name == "facilitated_communities":
        rows = Membership.objects.filter(
            role=Membership.Role.FACILITATOR,
            state=Membership.State.ACTIVE,
            community__state="active",
        )
        key, value = "person_id", Count("id")
    else:
        raise CriteriaError(name)
    if person_ids is not None:
        rows = rows.filter(**{f"{key}__in": list(person_ids)})
    return {row[key]: row["n"] or 0 for row in rows.order_by().values(key).annotate(n=value)}


def qualifying(clauses: list[Clause], person_ids=None) -> set[int]:
    """Who meets every clause (among person_ids, or everyone)."""
    people: set[int] | None = None
    for clause in clauses:
        counts = measure(clause.measure, person_ids)
        met = {pid for pid, n in counts.items() if n >= clause.minimum}
        people = met if people is None else people & met
        if not people:
            return set()
    return people or set()


def _eligible(person_ids) -> set[int]:
    ids, out = sorted(person_ids), set()
    for start in range(0, len(ids), 500):  # bounded IN lists, whatever the company's size
        out |= set(
            Person.objects.filter(
                pk__in=ids[start : start + 500], is_active=True, is_stand_in=False
            ).values_list("id", flat=True)
        )
    return out


@transaction.atomic
def _grant(badge: Badge, person_ids, *, by=None, reason: str = "") -> list[BadgeAward]:
    holders = set(BadgeAward.objects.filter(badge=badge).values_list("person_id", flat=True))
    now = timezone.now()
    awards = []
    for person_id in sorted(_eligible(set(person_ids) - holders)):
        award = BadgeAward.objects.create(
            badge=badge, person_id=person_id, awarded_at=now, awarded_by=by, reason=reason
        )
        event_record(
            actor=by,
            # By hand it is audited (trust.audit); by the worker it is not.
            verb="badge.granted" if by is not None else "badge.awarded",
            obj=award,
            metadata={
                "person": person_id,
                "badge": badge.code,
                "manual": by is not None,
                **({"reason": reason} if reason else {}),
            },
        )
        awards.append(award)
    return awards


def evaluate(person_ids=None, badges=None) -> list[BadgeAward]:
    """Award every active badge whose criteria the people now meet (None: everyone)."""

    if person_ids is not None:
        person_ids = set(person_ids)
        if not person_ids:
            return []
    ensure_default_badges()
    badges = list(badges or Badge.objects.filter(active=True).exclude(criteria=""))
    held: set[tuple[int, int]] = set()
    if person_ids is not None:
        held = set(
            BadgeAward.objects.filter(person_id__in=person_ids, badge__in=badges).values_list(
                "badge_id", "person_id"
            )
        )
    awarded = []
    for badge in badges:
        candidates = None
        if person_ids is not None:
            candidates = {pid for pid in person_ids if (badge.pk, pid) not in held}
            if not candidates:
                continue
        try:
            clauses = parse(badge.criteria)
        except CriteriaError:
            continue  # saved before a measure was renamed: administrators see it on the page
        if clauses:
            awarded += _grant(badge, qualifying(clauses, candidates))
    return awarded


def award_by_hand(badge: Badge, person, *, by, reason: str) -> BadgeAward | None:
    awards = _grant(badge, [person.pk], by=by, reason=reason)
    return awards[0] if awards else None


def level_of(points: int) -> dict:
    """The level reached with these points, and how far the next one is."""

    number = max(i for i, (start, _name) in enumerate(LEVELS, start=1) if points >= start)
    start, name = LEVELS[number - 1]
    following = LEVELS[number] if number < len(LEVELS) else None
    return {
        "number": number,
        "name": str(name),
        "points": points,
        "next_name": str(following[1]) if following else None,
        "next_at": following[0] if following else None,
        "to_next": following[0] - points if following else 0,
        "progress": (round(100 * (points - start) / (following[0] - start)) if following else 100),
    }


# Events that change a measure the ledger does not hold.
OTHER_VERBS = ["introduction.connected", "community.member_added", "community.created"]


@consumer("badges", verbs=OTHER_VERBS)
def badges_from_events(event: Event) -> None:
    """Introductions and facilitation roles can earn badges (ledger measures are checked by
    the `points` consumer as it writes each award)."""
    people = set()
    if event.verb == "introduction.connected":
        intro = Introduction.objects.filter(pk=event.object_id or 0).first()
        if intro is not None:
            people.add(intro.introduced_by_id)
    elif event.verb == "community.member_added" and event.object_id:
        people.add(event.object_id)
    elif event.actor_id:
        people.add(event.actor_id)
    evaluate(people)
