"""Points, derived from the event log by the `points` consumer.

Anti-gaming rules (each has a test):
1. Nobody earns from their own content: no points for reacting to, answering or commenting on
   one's own post, nor for one's own anonymous posts (the stand-in never earns; the sealed
   author is never credited, so anonymity cannot be traced through points).
2. Each rule has a daily cap per person (`PointRule.daily_cap`); past it, nothing more that day.
3. Reactions from the same person to the same author earn at most REACTION_PAIR_CAP points a
   day, however many posts they react to.
4. Nothing for content that is deleted, hidden or held when the event is handled, and a
   counter-entry reverses every award of a post or comment that is later deleted or moderated.
5. Trivial volume earns nothing: posts, comments and answers under MIN_TEXT characters.
Each award is written once (a unique constraint), so a redelivered event changes nothing.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from hearth.communities.models import Invitation, Membership
from hearth.conversations.models import Comment, Post
from hearth.core.bulk import insert_rows
from hearth.core.events import consumer
from hearth.core.models import Event
from hearth.people.models import Person

from .defaults import DEFAULT_BADGES, DEFAULT_RULES
from .models import Badge, PointEntry, PointRule

REACTION_PAIR_CAP = 3
MIN_TEXT = 20
VERBS = [
    "post.created",
    "post.published",
    "comment.created",
    "answer.accepted",
    "reaction.set",
    "community.joined",
    "jam.contributed",
    "jam.follow_up",
    "idea.status_set",
    "post.acknowledged",
    "community.delivered",
    "post.deleted",
    "comment.deleted",
    "moderation.action",
]


def rule_for(code: str) -> PointRule | None:
    """The rule `code`, created with its default if it is missing (a fresh or flushed table)."""

    rule = PointRule.objects.filter(code=code).first()
    if rule is not None:
        return rule
    default = next((r for r in DEFAULT_RULES if r[0] == code), None)
    if default is None:
        return None
    rule, _created = PointRule.objects.get_or_create(
        code=code, defaults={"label": default[1], "points": default[2], "daily_cap": default[3]}
    )
    return rule


def ensure_default_rules() -> None:

    for code, *_rest in DEFAULT_RULES:
        rule_for(code)


def ensure_default_badges() -> None:
    """The default badges exist (created once; administrators may change or switch them off)."""

    existing = set(
        Badge.objects.filter(code__in=[b[0] for b in DEFAULT_BADGES]).values_list("code", flat=True)
    )
    for code, icon, name, description, criteria in DEFAULT_BADGES:
        if code in existing:
            continue
        Badge.objects.get_or_create(
            code=code,
            defaults={"icon": icon, "name": name, "description": description, "criteria": criteria},
        )


def _person(person_id):

    return Person.objects.filter(pk=person_id, is_active=True, is_stand_in=False).first()


def _day_start(now) -> datetime.datetime:
    return timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)


def award(
    event: Event, person_id, code: str, source: str, *, community_id=None
) -> PointEntry | None:
    """Write one award if the rule, the person and the caps allow it."""
    person = _person(person_id)
    rule = rule_for(code)
    if person is None or rule is None or not rule.active or rule.points == 0:
        return None
    if rule.daily_cap is not None:
        today = PointEntry.objects.filter(
            person=person,
            rule=code,
            reverses__isnull=True,
            created_at__gte=_day_start(event.created_at),
        )
        if today.count() >= rule.daily_cap:
            return None
    try:
        with transaction.atomic():
            return PointEntry.objects.create(
                person=person,
                points=rule.points,
                rule=code,
                event=event,
                source=source,
                community_id=community_id,
                department_id=person.department_id,
                created_at=event.created_at,
            )
    except IntegrityError:  # already awarded
        return None


def reverse(source: str, event: Event) -> int:
    """Counter every standing award of `source` (a deleted or moderated post or comment)."""
    count = 0
    standing = PointEntry.objects.filter(
        source=source, reverses__isnull=True, reversed_by__isnull=True
    )
    for entry in standing:
        PointEntry.objects.create(
            person_id=entry.person_id,
            points=-entry.points,
            rule=entry.rule,
            event=event,
            source=entry.source,
            community_id=entry.community_id,
            department_id=entry.department_id,
            reverses=entry,
            created_at=event.created_at,
        )
        count += 1
    return count


def _live_post(post_id):

    return Post.objects.filter(
        pk=post_id, deleted_at__isnull=True, hidden_at__isnull=True, held=False, is_draft=False
    ).first()


def _text_ok(text: str) -> bool:
    return len((text or "").strip()) >= MIN_TEXT


def _on_post(event: Event) -> None:
    post = _live_post(event.object_id)
    if post is None or post.anonymous or post.published_at > event.created_at:
        return
    if _text_ok(f"{post.title} {post.body}"):
        award(event, post.author_id, "post", f"post:{post.pk}", community_id=post.community_id)
    if post.kind == "praise":
        for person_id in post.praised.values_list("id", flat=True):
            if person_id != post.author_id:
                award(
                    event,
                    person_id,
                    "praise_received",
                    f"post:{post.pk}",
                    community_id=post.community_id,
                )


def _on_comment(event: Event) -> None:

    comment = (
        Comment.objects.select_related("post")
        .filter(
            pk=event.object_id or 0, deleted_at__isnull=True, hidden_at__isnull=True, held=False
        )
        .first()
    )
    if comment is None or comment.post.deleted_at or comment.author_id == comment.post.author_id:
        return
    if not _text_ok(comment.body):
        return
    code = "answer" if comment.post.kind == "question" and comment.parent_id is None else "comment"
    award(
        event,
        comment.author_id,
        code,
        f"comment:{comment.pk}",
        community_id=comment.post.community_id,
    )


def _on_reaction(event: Event) -> None:
    meta = event.metadata or {}
    author_id = meta.get("post_author")
    if meta.get("previous") or author_id is None or author_id == event.actor_id:
        return
    post = _live_post(event.object_id)
    if post is None or post.anonymous:
        return
    from_same = PointEntry.objects.filter(
        person_id=author_id,
        rule="reaction_received",
        reverses__isnull=True,
        event__actor_id=event.actor_id,
        created_at__gte=_day_start(event.created_at),
    )
    if from_same.count() >= REACTION_PAIR_CAP:
        return
    award(
        event,
        author_id,
        "reaction_received",
        f"reaction:{post.pk}:{event.actor_id}",
        community_id=post.community_id,
    )


def _on_accepted(event: Event) -> None:
    answerer = (event.metadata or {}).get("answerer")
    post = _live_post(event.target_id)
    if answerer is None or post is None or answerer == post.author_id:
        return
    award(
        event,
        answerer,
        "accepted_answer",
        f"comment:{event.object_id}",
        community_id=post.community_id,
    )


def _on_joined(event: Event) -> None:

    if not (event.metadata or {}).get("invited"):
        return
    invitation = (
        Invitation.objects.filter(
            community=event.object_id,
            invitee=event.actor_id,
            state__in=("joined", "contributed"),
        )
        .order_by("-joined_at")
        .first()
    )
    if invitation is not None and invitation.inviter_id != event.actor_id:
        award(
            event,
            invitation.inviter_id,
            "invitation_joined",
            f"invitation:{invitation.pk}",
            community_id=event.object_id,
        )


def _on_jam(event: Event) -> None:
    meta = event.metadata or {}
    post = _live_post(event.object_id)
    if post is None or post.anonymous:
        return
    if event.verb == "jam.contributed" and meta.get("kind") == "idea" and _text_ok(post.body):
        award(event, post.author_id, "jam_idea", f"post:{post.pk}", community_id=post.community_id)
    if event.verb == "jam.follow_up" and meta.get("selected"):
        award(
            event,
            post.author_id,
            "idea_selected",
            f"post:{post.pk}",
            community_id=post.community_id,
        )


def _on_idea(event: Event) -> None:
    """An idea marked done earns its author once (and its community, as the reward mix says);
    a decline, or any later change, takes nothing back."""
    if (event.metadata or {}).get("status") != "done":
        return
    post = _live_post(event.object_id)
    if post is None or post.anonymous or post.author_id == event.actor_id:
        return
    award(event, post.author_id, "idea_shipped", f"post:{post.pk}", community_id=post.community_id)


def _on_delivered(event: Event) -> None:

    members = Membership.objects.filter(community=event.object_id, state="active")
    for person_id in members.values_list("person_id", flat=True):
        award(
            event,
            person_id,
            "deliverable_shipped",
            f"delivered:{event.object_id}",
            community_id=event.object_id,
        )


def _on_removed(event: Event) -> None:
    meta = event.metadata or {}
    if event.verb == "post.deleted":
        reverse(f"post:{event.object_id}", event)
    elif event.verb == "comment.deleted":
        reverse(f"comment:{event.object_id}", event)
    elif event.verb == "moderation.action" and meta.get("kind") in ("hide", "delete"):
        if meta.get("comment"):
            reverse(f"comment:{meta['comment']}", event)
        elif meta.get("post"):
            reverse(f"post:{meta['post']}", event)


HANDLERS = {
    "post.created": _on_post,
    "post.published": _on_post,
    "comment.created": _on_comment,
    "reaction.set": _on_reaction,
    "answer.accepted": _on_accepted,
    "community.joined": _on_joined,
    "jam.contributed": _on_jam,
    "jam.follow_up": _on_jam,
    "idea.status_set": _on_idea,
    "community.delivered": _on_delivered,
    "post.deleted": _on_removed,
    "comment.deleted": _on_removed,
    "moderation.action": _on_removed,
}


@consumer("points", verbs=VERBS)
def points(event: Event) -> None:
    """Derive the points one event earns (or takes back)."""
    from .badges import evaluate  # badges import this module's defaults

    if event.verb == "post.acknowledged":
        post = _live_post(event.object_id)
        if post is not None and event.actor_id != post.author_id:
            award(
                event,
                event.actor_id,
                "acknowledgement",
                f"ack:{post.pk}",
                community_id=post.community_id,
            )
    else:
        handler = HANDLERS.get(event.verb)
        if handler is not None:
            handler(event)
    # A new award may complete a badge.

    earners = PointEntry.objects.filter(event=event, reverses__isnull=True)
    evaluate(set(earners.values_list("person_id", flat=True)))


def award_history(awards, state: dict | None = None) -> int:
    """Write the awards of a bulk import of past events at once, under the same rules.

    `awards` are (event_id, created_at, person_id, department_id, code, source, community_id,
    reactor_id) for saved events, already checked for rules 1, 4 and 5 (own content, live content,
    trivial volume); this applies the rule table and the daily caps (rule 2 and, when
    `reactor_id` is set, rule 3). Pass the same `state` to successive calls of one import, so
    caps carry over; days before the earliest award of a call are forgotten.
    """
    state = state if state is not None else {}
    rules = state.setdefault(
        "rules", {code: rule_for(code) for code in {a[4] for a in awards} if code}
    )
    daily, pairs = state.setdefault("daily", {}), state.setdefault("pairs", {})
    rows, first_day = [], None
    awards = sorted(awards, key=lambda award: award[1])
    for event_id, created_at, person_id, department_id, code, source, community, reactor in awards:
        rule = rules.get(code) or rules.setdefault(code, rule_for(code))
        if rule is None or not rule.active or rule.points == 0:
            continue
        day = _day_start(created_at).date()
        first_day = day if first_day is None else min(first_day, day)
        if reactor is not None:
            if pairs.get((person_id, reactor, day), 0) >= REACTION_PAIR_CAP:
                continue
            pairs[(person_id, reactor, day)] = pairs.get((person_id, reactor, day), 0) + 1
        if rule.daily_cap is not None:
            if daily.get((person_id, code, day), 0) >= rule.daily_cap:
                continue
            daily[(person_id, code, day)] = daily.get((person_id, code, day), 0) + 1
        rows.append(
            (person_id, rule.points, code, event_id, source, community, department_id, created_at)
        )
    fields = ["person", "points", "rule", "event", "source", "community", "department"]
    insert_rows(PointEntry, [*fields, "created_at"], rows)
    if first_day is not None:  # later calls start later: earlier days can no longer fill up
        for table in (daily, pairs):
            for key in [k for k in table if k[2] < first_day - datetime.timedelta(days=2)]:
                del table[key]
    return len(rows)
