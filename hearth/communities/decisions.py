"""Proposals, votes and the decision log: decision rights that follow maturity.

What a proposal may decide, by the community's maturity level when it is raised:
- level 1-2: decisions only, and they are advisory (the facilitators decide);
- level 3: decisions become binding; proposals can also set new key results and admit people
  who asked to join;
- level 4: members can also elect facilitators;
- level 5: members can also amend the charter (purpose, business goal, deliverable, dates).
A proposal passes when enough members voted (quorum, share of members) and the yes votes reach
the threshold (share of yes among yes and no) and outnumber the no votes. Owners and sponsors
can always veto an open proposal, with a reason everyone sees.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from hearth.core import rules
from hearth.core.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from hearth.core.events import event_record
from hearth.people.models import Person

from .models import (
    CharterChange,
    Community,
    Membership,
    Proposal,
    ProposalVote,
)
from .selectors import can_read
from .services.lifecycle import _replace_key_results

RIGHTS: dict[int, set[str]] = {
    1: {Proposal.Kind.DECISION},
    2: {Proposal.Kind.DECISION},
    3: {Proposal.Kind.DECISION, Proposal.Kind.KEY_RESULTS, Proposal.Kind.ADMIT},
    4: {
        Proposal.Kind.DECISION,
        Proposal.Kind.KEY_RESULTS,
        Proposal.Kind.ADMIT,
        Proposal.Kind.FACILITATOR,
    },
    5: set(Proposal.Kind.values),
}
CHARTER_AMENDABLE = ("purpose", "business_goal", "deliverable", "starts_on", "ends_on")


def unlocked_at(kind: str) -> int:
    return min(level for level, kinds in RIGHTS.items() if kind in kinds)


def _membership(person, community) -> Membership | None:
    return Membership.objects.filter(
        community=community, person=person, state=Membership.State.ACTIVE
    ).first()


def _check_payload(community: Community, kind: str, payload: dict) -> dict:
    if kind == Proposal.Kind.KEY_RESULTS:
        results = payload.get("key_results")
        if not isinstance(results, list) or not 1 <= len(results) <= 5:
            raise Invalid(
                "Give 1 to 5 key results.", [FieldError("payload.key_results", "1 to 5.")]
            )
        clean = []
        for index, item in enumerate(results):
            try:
                title, target = str(item["title"]).strip()[:200], float(item["target"])
                clean.append(
                    {"title": title, "target": target, "unit": str(item.get("unit", ""))[:40]}
                )
            except (KeyError, TypeError, ValueError) as error:
                raise Invalid(
                    "A key result needs a title and a numeric target.",
                    [FieldError(f"payload.key_results.{index}", "title and numeric target")],
                ) from error
        return {"key_results": clean}
    if kind in (Proposal.Kind.ADMIT, Proposal.Kind.FACILITATOR):
        username = str(payload.get("username", "")).strip().lstrip("@")
        person = Person.objects.filter(username=username, is_active=True).first()
        if person is None:
            raise Invalid("Unknown person.", [FieldError("payload.username", "No active person.")])
        membership = Membership.objects.filter(community=community, person=person).first()
        if kind == Proposal.Kind.ADMIT and (
            membership is None or membership.state != Membership.State.REQUESTED
        ):
            raise Invalid(
                "Only people who asked to join can be admitted.",
                [FieldError("payload.username", "Has not asked to join.")],
            )
        if kind == Proposal.Kind.FACILITATOR and (membership is None or not membership.is_active):
            raise Invalid(
                "Only members can be elected.", [FieldError("payload.username", "Not a member.")]
            )
        return {"username": username}
    if kind == Proposal.Kind.CHARTER:
        changes = payload.get("changes")
        if not isinstance(changes, dict) or not changes or set(changes) - set(CHARTER_AMENDABLE):
            raise Invalid(
                "Say which charter fields change.",
                [FieldError("payload.changes", f"Some of: {', '.join(CHARTER_AMENDABLE)}.")],
            )
        for field in ("starts_on", "ends_on"):
            if field in changes:
                try:
                    datetime.date.fromisoformat(str(changes[field]))
                except ValueError as error:
                    raise Invalid(
                        "Dates are YYYY-MM-DD.",
                        [FieldError(f"payload.changes.{field}", "YYYY-MM-DD")],
                    ) from error
        starts = changes.get("starts_on") or (
            community.starts_on and community.starts_on.isoformat()
        )
        ends = changes.get("ends_on") or (community.ends_on and community.ends_on.isoformat())
        if starts and ends and str(ends) <= str(starts):
            raise Invalid(
                "The end date must be after the start date.",
                [FieldError("payload.changes.ends_on", "After the start date.")],
            )
        return {"changes": {k: str(v)[:2000] for k, v in changes.items()}}
    return {}


@transaction.atomic
def proposal_create(
    *,
    actor,
    community: Community,
    kind: str,
    title: str,
    body: str = "",
    payload: dict | None = None,
    closes_in_days: int = 7,
) -> Proposal:
    """Raise a proposal (members); refused when the community's maturity does not allow it yet."""
    if _membership(actor, community) is None:
        raise Forbidden("Only members raise proposals.")
    if community.state in (Community.State.ARCHIVED, Community.State.DELIVERED):
        raise Conflict("This community no longer takes decisions.")
    errors = []
    if kind not in Proposal.Kind.values:
        errors.append(FieldError("kind", f"One of: {', '.join(Proposal.Kind.values)}."))
    if not title.strip() or len(title) > rules.limit(Proposal, "title"):
        most = rules.limit(Proposal, "title")
        errors.append(FieldError("title", f"Between 1 and {most} characters."))
    if not Proposal.VOTING_DAYS[0] <= closes_in_days <= Proposal.VOTING_DAYS[1]:
        errors.append(FieldError("closes_in_days", rules.out_of_range(*Proposal.VOTING_DAYS)))
    if errors:
        raise Invalid("The proposal could not be raised.", errors)
    level = community.maturity_level
    if kind not in RIGHTS[level]:
        raise Forbidden(
            f"At maturity level {level} this community cannot decide that by proposal; "
            f"it unlocks at level {unlocked_at(kind)}."
        )
    clean = _check_payload(community, kind, payload or {})
    now = timezone.now()
    proposal = Proposal.objects.create(
        community=community,
        author=actor,
        kind=kind,
        title=title.strip(),
        body=body.strip(),
        payload=clean,
        binding=level >= 3,
        maturity_at_creation=level,
        created_at=now,
        closes_at=now + datetime.timedelta(days=closes_in_days),
    )
    event_record(
        actor=actor,
        verb="proposal.created",
        obj=proposal,
        target=community,
        community_id=community.pk,
        metadata={"kind": kind, "binding": proposal.binding},
    )
    return proposal


@transaction.atomic
def proposal_vote(*, actor, proposal: Proposal, choice: str) -> ProposalVote:
    """Vote once on an open proposal (members of its community)."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if choice not in ProposalVote.Choice.values:
        raise Invalid("Vote yes, no or abstain.", [FieldError("choice", "yes, no or abstain.")])
    if _membership(actor, proposal.community) is None:
        raise Forbidden("Only members vote.")
    if proposal.state != Proposal.State.OPEN or proposal.closes_at <= timezone.now():
        raise Conflict("This proposal is closed.")
    try:
        with transaction.atomic():
            vote = ProposalVote.objects.create(
                proposal=proposal, person=actor, choice=choice, created_at=timezone.now()
            )
    except IntegrityError as error:
        raise Conflict("You already voted on this proposal.") from error
    Proposal.objects.filter(pk=proposal.pk).update(**{choice: F(choice) + 1})
    event_record(
        actor=actor,
        verb="proposal.voted",
        obj=proposal,
        community_id=proposal.community_id,
        metadata={"choice": choice},
    )
    return vote


@transaction.atomic
def proposal_veto(*, actor, proposal: Proposal, reason: str) -> Proposal:
    """Owners and sponsors can always stop an open proposal, visibly, with a reason."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    membership = _membership(actor, proposal.community)
    if membership is None or membership.role not in (
        Membership.Role.OWNER,
        Membership.Role.SPONSOR,
    ):
        raise Forbidden("Only the community's owners and sponsors can veto.")
    if proposal.state != Proposal.State.OPEN:
        raise Conflict("This proposal is already decided.")
    if not reason.strip():
        raise Invalid("Say why.", [FieldError("reason", "A veto needs a reason.")])
    proposal.state, proposal.decided_at, proposal.decided_by = (
        Proposal.State.VETOED,
        timezone.now(),
        actor,
    )
    proposal.outcome = f"Vetoed by {actor.name}: {reason.strip()}"[:500]
    proposal.save()
    event_record(
        actor=actor,
        verb="proposal.vetoed",
        obj=proposal,
        community_id=proposal.community_id,
        metadata={"reason": reason.strip()[:500]},
    )
    return proposal


def tally(proposal: Proposal, electorate: int) -> str:
    """The state a closed proposal ends in."""
    voted = proposal.yes + proposal.no + proposal.abstain
    if electorate == 0 or voted * 100 < proposal.quorum_pct * electorate:
        return Proposal.State.NO_QUORUM
    decisive = proposal.yes + proposal.no
    if (
        decisive
        and proposal.yes > proposal.no
        and proposal.yes * 100 >= proposal.threshold_pct * decisive
    ):
        return Proposal.State.ACCEPTED
    return Proposal.State.REJECTED


def proposals_close_due(*, now: datetime.datetime | None = None) -> int:
    """Close every open proposal whose time is up, and apply the binding ones that passed."""
    now = now or timezone.now()
    closed = 0
    for proposal_id in Proposal.objects.filter(
        state=Proposal.State.OPEN, closes_at__lte=now
    ).values_list("id", flat=True):
        with transaction.atomic():
            proposal = Proposal.objects.select_for_update().get(pk=proposal_id)
            if proposal.state != Proposal.State.OPEN:
                continue
            electorate = Membership.objects.filter(
                community_id=proposal.community_id, state=Membership.State.ACTIVE
            ).count()
            proposal.electorate = electorate
            proposal.state = tally(proposal, electorate)
            proposal.decided_at = now
            proposal.outcome = _outcome(proposal)
            if proposal.state == Proposal.State.ACCEPTED and proposal.binding:
                _apply(proposal)
            proposal.save()
            event_record(
                actor=None,
                verb="proposal.decided",
                obj=proposal,
                community_id=proposal.community_id,
                metadata={
                    "state": proposal.state,
                    "binding": proposal.binding,
                    "yes": proposal.yes,
                    "no": proposal.no,
                },
            )
            closed += 1
    return closed


def _outcome(proposal: Proposal) -> str:
    counts = (
        f"{proposal.yes} yes, {proposal.no} no, {proposal.abstain} abstain of {proposal.electorate}"
    )
    if proposal.state == Proposal.State.NO_QUORUM:
        return f"No quorum ({counts})."
    if proposal.state == Proposal.State.REJECTED:
        return f"Rejected ({counts})."
    if proposal.binding:
        return f"Accepted and applied ({counts})."
    return f"Accepted as advice to the facilitators ({counts})."


def _apply(proposal: Proposal) -> None:
    community = Community.objects.select_for_update().get(pk=proposal.community_id)
    payload = proposal.payload
    now = timezone.now()
    if proposal.kind == Proposal.Kind.KEY_RESULTS:
        diff = _replace_key_results(community, payload["key_results"])
        CharterChange.objects.create(
            community=community,
            actor=None,
            changes={**diff, "by_proposal": [None, proposal.pk]},
            created_at=now,
        )
    elif proposal.kind == Proposal.Kind.ADMIT:
        person = Person.objects.get(username=payload["username"])
        updated = Membership.objects.filter(
            community=community, person=person, state=Membership.State.REQUESTED
        ).update(state=Membership.State.ACTIVE, role=Membership.Role.MEMBER, updated_at=now)
        if updated:
            Community.objects.filter(pk=community.pk).update(member_count=F("member_count") + 1)
    elif proposal.kind == Proposal.Kind.FACILITATOR:
        person = Person.objects.get(username=payload["username"])
        Membership.objects.filter(
            community=community,
            person=person,
            state=Membership.State.ACTIVE,
            role=Membership.Role.MEMBER,
        ).update(role=Membership.Role.FACILITATOR, updated_at=now)
    elif proposal.kind == Proposal.Kind.CHARTER:
        changes = {}
        for field, value in payload["changes"].items():
            old = getattr(community, field)
            new = datetime.date.fromisoformat(value) if field in ("starts_on", "ends_on") else value
            changes[field] = [old.isoformat() if hasattr(old, "isoformat") else old, value]
            setattr(community, field, new)
        community.save()
        CharterChange.objects.create(
            community=community,
            actor=None,
            changes={**changes, "by_proposal": [None, proposal.pk]},
            created_at=now,
        )


def access_proposal(viewer, proposal_id: int) -> Proposal:
    """A proposal of a community whose content the viewer may read."""

    proposal = Proposal.objects.select_related("community", "author").filter(pk=proposal_id).first()
    if proposal is None or not can_read(viewer, proposal.community):
        raise NotFound()
    return proposal


def proposals_of(community: Community):
    return Proposal.objects.filter(community=community).select_related("author", "decided_by")
