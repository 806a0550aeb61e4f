"""Where people meet: communities of every kind with their members, purpose, key results and
decisions, and who follows whom."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from typing import Any

from django.utils.text import slugify

from hearth.communities.decisions import tally
from hearth.communities.models import (
    Community,
    Invitation,
    KeyResult,
    KeyResultUpdate,
    Membership,
    Proposal,
    ProposalVote,
)
from hearth.core.bulk import insert_rows, update_rows
from hearth.feeds.models import Follow
from hearth.people.models import Tag

from .base import Plan
from .words import BATCH, CITIES, COMMUNITY_THEMES, TOPICS


class Places(Plan):
    """Communities, follows and the purpose of communities of purpose."""

    def _communities(self, people, leaders) -> list[Any]:
        r = self.random
        count = max(40, len(people) // 25)
        by_department = defaultdict(list)
        for pid, department, *_rest in people:
            by_department[department].append(pid)
        rows, used = [], set()
        nearly_due = False
        for index in range(count):
            name, kind, purpose = COMMUNITY_THEMES[index % len(COMMUNITY_THEMES)]
            if index >= len(COMMUNITY_THEMES):
                name = f"{name} {r.choice(CITIES)} {index // len(COMMUNITY_THEMES)}"
            slug = slugify(name)[:70]
            if slug in used or Community.objects.filter(slug=slug).exists():
                continue
            used.add(slug)
            privacy = r.choices(["open", "private", "secret"], weights=[75, 20, 5])[0]
            starts = (self.now - dt.timedelta(days=r.randint(30, max(200, self.days)))).date()
            if kind == "purpose":
                state = r.choices(["draft", "active", "delivered", "archived"], [8, 62, 18, 12])[0]
            else:
                state = r.choices(["active", "archived"], [90, 10])[0]
            # Dates around now: a current community of purpose is due ahead (the first one
            # nearly due), a delivered one ended about when it delivered; none is overdue.
            done = state in ("delivered", "archived") and kind == "purpose"
            delivered_at = self.now - dt.timedelta(days=r.randint(1, 20)) if done else None
            if delivered_at is not None:
                ends = delivered_at.date() + dt.timedelta(days=r.randint(0, 10))
            elif kind == "purpose" and not nearly_due:
                ends, nearly_due = self.now.date() + dt.timedelta(days=r.randint(3, 6)), True
            else:
                ends = self.now.date() + dt.timedelta(days=r.randint(14, 180))
            starts = min(starts, ends - dt.timedelta(days=60))
            rows.append(
                Community(
                    state=state,
                    activated_at=None if state == "draft" else self.now,
                    delivered_at=delivered_at,
                    archived_at=self.now if state == "archived" else None,
                    outcome_summary="Delivered as planned; the results are on the intranet."
                    if state in ("delivered", "archived") and kind == "purpose"
                    else "",
                    retrospective="Start with a pilot; involve the sponsor early."
                    if state in ("delivered", "archived") and kind == "purpose"
                    else "",
                    slug=slug,
                    name=name,
                    kind=kind,
                    privacy=privacy,
                    purpose=purpose,
                    business_goal="Grow revenue and keep customers" if kind == "purpose" else "",
                    deliverable="A measurable result, shared company-wide"
                    if kind == "purpose"
                    else "",
                    starts_on=starts if kind == "purpose" else None,
                    ends_on=ends if kind == "purpose" else None,
                    created_by_id=r.choice(leaders),
                )
            )
        Community.objects.bulk_create(rows, batch_size=BATCH)
        communities: list[Any] = list(Community.objects.filter(slug__in=used).order_by("pk"))
        members: dict[int, dict[int, str]] = {}
        departments = list(by_department.values())
        n = len(self.ids)
        for community in communities:
            chosen: dict[Any, str] = {community.created_by_id: "owner"}
            facilitators = r.sample(self.ids, k=min(2, len(self.ids)))
            for pid in facilitators:
                chosen.setdefault(pid, "facilitator")
            if community.kind == "purpose":
                chosen.setdefault(r.choice(leaders), "sponsor")
            # Members come mostly from one department, plus people from everywhere.
            home = r.choice(departments)
            size = min(len(self.ids), max(5, int(r.paretovariate(1.3) * 12)))
            for pid in r.sample(home, k=min(len(home), size // 2 + 1)):
                chosen.setdefault(pid, "member")
            for pid in r.choices(self.ids, k=size // 2):
                chosen.setdefault(pid, "member")
            # The people who write most belong to many communities.
            for pid in r.sample(self.contributors, k=min(len(self.contributors), 3)):
                chosen.setdefault(pid, "member")
            members[community.pk] = chosen
        # A few connectors, the most active writers, belong to a hundred communities.
        connectors = sorted(self.ids, key=lambda pid: -self.weight[pid])[: max(3, n // 1000)]
        for pid in connectors:
            for community in r.sample(communities, k=min(100, len(communities) // 2)):
                members[community.pk].setdefault(pid, "member")
        Membership.objects.bulk_create(
            (
                Membership(community_id=cid, person_id=pid, role=role)
                for cid, chosen in members.items()
                for pid, role in chosen.items()
            ),
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        for community in communities:
            community.member_count = len(members[community.pk])
            community.members = list(members[community.pk])
            community.leads = [p for p, role in members[community.pk].items() if role != "member"]
        update_rows(Community, ["member_count"], [(c.pk, c.member_count) for c in communities])
        return communities

    def _follows(self, people, leaders) -> int:
        """Follows with a long tail: a median near 30 a person at Tell All's size, a few people
        following hundreds, and leaders and the most active writers followed by thousands."""
        r = self.random
        n = len(self.ids)
        leader_set = set(leaders)
        # Leaders draw about a quarter of all follows between them; others by their activity.
        others = sum(self.weight[pid] ** 0.5 for pid in self.ids if pid not in leader_set)
        boost = others / 3 / max(1, len(leader_set))
        cumulative, total = [], 0.0
        for pid in self.ids:
            total += self.weight[pid] ** 0.5 + (boost if pid in leader_set else 0.0)
            cumulative.append(total)
        median, most = min(34.0, max(3.0, n / 20)), max(5, min(3000, n // 5))
        batch, written = list[Any](), 0
        existing = defaultdict(set)  # (a second run after content was removed)
        for follower, person in Follow.objects.filter(person__isnull=False).values_list(
            "follower_id", "person_id"
        ):
            existing[follower].add(person)
        for pid, _department, _level, manager_id, _leader, _name, _zone in people:
            chosen = {manager_id} if manager_id else set()
            chosen.update(r.choices(leaders, k=min(2, len(leaders))))
            k = min(most, int(r.lognormvariate(math.log(median), 1.6)))
            chosen.update(r.choices(self.ids, cum_weights=cumulative, k=k))
            chosen.discard(pid)
            chosen -= existing.get(pid, set())
            batch.extend((pid, target, self.now) for target in sorted(chosen))
            if len(batch) >= 20 * BATCH:
                written += insert_rows(Follow, ["follower", "person", "created_at"], batch)
                batch = []
        written += insert_rows(Follow, ["follower", "person", "created_at"], batch)
        topics = {name: Tag.objects.get_or_create(name=name)[0].pk for name in TOPICS}
        topic_follows = [
            Follow(follower_id=pid, topic_id=topics[r.choice(TOPICS)])
            for pid in self.ids
            if r.random() < 0.3
        ]
        Follow.objects.bulk_create(topic_follows, batch_size=BATCH, ignore_conflicts=True)
        self.topic_ids = topics
        return written + len(topic_follows)

    def _purpose(self, communities) -> None:
        """Key results with progress, personal invitations and proposals with votes."""
        r = self.random
        results, updates, invitations, proposals, votes = [], [], [], [], []
        # title, target, unit, decimals (counts of people and things are whole), and where it
        # started when lower is better (churn falls from there toward its target).
        titles = [
            ("Customers reached", 5000, "", 0, None),
            ("Churn rate", 5, "%", 1, 12),
            ("Stores live", 40, "", 0, None),
            ("NPS", 45, "points", 0, None),
            ("Cost saved", 2, "M€", 1, None),
        ]
        for community in communities:
            if community.kind == "purpose":
                for position, (title, target, unit, decimals, start) in enumerate(
                    r.sample(titles, k=r.randint(1, 3))
                ):
                    done = community.state in ("delivered", "archived")
                    share = r.uniform(0.8, 1.1) if done else r.uniform(0.1, 0.7)
                    if start is None:
                        current = round(target * share, decimals)
                    else:  # lower is better: from the start toward the target
                        current = round(start - (start - target) * share, decimals)
                    result: Any = KeyResult(  # with where it started, for its check-ins
                        community_id=community.pk,
                        title=title,
                        target=target,
                        unit=unit,
                        current=current,
                        position=position,
                        direction="up" if start is None else "down",
                    )
                    result.started, result.decimals = start or 0, decimals
                    results.append(result)
            if community.state == "draft" or r.random() > 0.35:
                continue
            inviter = r.choice(community.leads)
            members = set(community.members)
            for invitee in r.sample(self.ids, k=min(len(self.ids), r.randint(3, 12))):
                if invitee in members:
                    continue
                sent = self._when()
                state = r.choices(["sent", "seen", "joined", "contributed"], [40, 25, 20, 15])[0]
                seen = sent + dt.timedelta(hours=r.randint(1, 48)) if state != "sent" else None
                joined = seen + dt.timedelta(hours=1) if seen and state != "seen" else None
                invitations.append(
                    Invitation(
                        community_id=community.pk,
                        inviter_id=inviter,
                        invitee_id=invitee,
                        message=f"Hi, I'm inviting you to {community.name}: your view would help.",
                        reason="your experience would help",
                        state=state,
                        sent_at=sent,
                        seen_at=seen,
                        joined_at=joined,
                        contributed_at=(joined + dt.timedelta(days=1))
                        if joined is not None and state == "contributed"
                        else None,
                    )
                )
            if community.state != "active":
                continue
            for number in range(r.randint(1, 2)):
                created = self._when()
                is_open = number == 0 and r.random() < 0.5
                proposal: Any = Proposal(  # with its planned `voters`
                    community_id=community.pk,
                    author_id=r.choice(community.members),
                    kind="decision",
                    title=r.choice(
                        [
                            "Move the weekly sync to Thursdays",
                            "Run a hackathon next quarter",
                            "Publish our notes on the intranet",
                        ]
                    ),
                    body="Let's decide together.",
                    created_at=created,
                    closes_at=self.now + dt.timedelta(days=5)
                    if is_open
                    else created + dt.timedelta(days=7),
                )
                voters = r.sample(community.members, k=min(len(community.members), r.randint(1, 8)))
                choices = [r.choice(["yes", "yes", "no", "abstain"]) for _ in voters]
                proposal.yes, proposal.no = choices.count("yes"), choices.count("no")
                proposal.abstain = choices.count("abstain")
                if not is_open:
                    proposal.electorate = len(community.members)
                    proposal.state = tally(proposal, proposal.electorate)
                    proposal.decided_at = proposal.closes_at
                    proposal.outcome = (
                        f"{proposal.get_state_display()} ({proposal.yes} yes, {proposal.no} no)"
                    )
                proposal.voters = list(zip(voters, choices, strict=True))
                proposals.append(proposal)
        KeyResult.objects.bulk_create(results, batch_size=BATCH)
        for result in results:
            for step in range(r.randint(1, 3)):
                share = (step + 1) / 3  # monthly check-ins on the way to where it is now
                value = round(
                    result.started + (result.current - result.started) * share, result.decimals
                )
                updates.append(
                    KeyResultUpdate(
                        key_result_id=result.pk,
                        value=value,
                        note="Monthly check-in",
                        created_at=self._when(),
                    )
                )
        KeyResultUpdate.objects.bulk_create(updates, batch_size=BATCH)
        Invitation.objects.bulk_create(invitations, batch_size=BATCH)
        Proposal.objects.bulk_create(proposals, batch_size=BATCH)
        for proposal in proposals:
            for person, choice in proposal.voters:
                votes.append(
                    ProposalVote(
                        proposal_id=proposal.pk,
                        person_id=person,
                        choice=choice,
                        created_at=proposal.created_at,
                    )
                )
        ProposalVote.objects.bulk_create(votes, batch_size=BATCH, ignore_conflicts=True)
