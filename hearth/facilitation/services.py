"""Writes for facilitation: post_acknowledge, escalate what waits too long, endorse skills, ask
experts, introduce people (double opt-in). Each validates and records its event."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.communities.models import Community
from hearth.communities.selectors import can_lead
from hearth.conversations import services as talk
from hearth.conversations.models import Post
from hearth.conversations.selectors import is_post_author
from hearth.core import rules
from hearth.core.access import is_administrator
from hearth.core.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from hearth.core.events import event_record
from hearth.core.registry import erasers
from hearth.people.models import Person

from . import experts, maturity, routing
from .models import (
    Endorsement,
    Escalation,
    ExpertPreference,
    ExpertRequest,
    Introduction,
    RoutingModel,
)
from .selectors import waiting_posts

FOLLOW_UP_DAYS = 7


@transaction.atomic
def post_acknowledge(*, actor: Person, post: Post) -> Post:
    """A facilitator says "seen, thank you": the contribution no longer waits."""
    if post.community_id is None or not can_lead(actor, post.community):
        raise Forbidden(_("Only the community's facilitators acknowledge contributions."))
    if is_post_author(actor, post):
        raise Conflict(_("Your own post needs someone else to acknowledge it."))
    if post.acknowledged_at is None:
        now = timezone.now()
        Post.objects.filter(pk=post.pk, acknowledged_at=None).update(acknowledged_at=now)
        post.acknowledged_at = now
        event_record(
            actor=actor, verb="post.acknowledged", obj=post, community_id=post.community_id
        )
    return post


@transaction.atomic
def waiting_escalate(now=None) -> dict[str, int]:
    """Past the community's response target the facilitators hear of a post; past twice the
    target, the sponsors. Each once per post (run by the worker)."""
    now = now or timezone.now()
    counts = {"facilitators": 0, "sponsors": 0}
    posts = waiting_posts(now).select_related("community", "escalation")
    for post in posts.iterator(chunk_size=500):
        target = datetime.timedelta(hours=post.community.response_target_hours)
        waited = now - post.published_at
        if waited < target:
            continue
        escalation = getattr(post, "escalation", None) or Escalation(post=post)
        level = None
        if waited >= 2 * target and escalation.sponsors_at is None:
            escalation.sponsors_at, level = now, "sponsors"
            escalation.facilitators_at = escalation.facilitators_at or now
        elif escalation.facilitators_at is None:
            escalation.facilitators_at, level = now, "facilitators"
        if level is None:
            continue
        escalation.save()
        counts[level] += 1
        event_record(
            actor=None,
            verb="post.waiting",
            obj=post,
            community_id=post.community_id,
            metadata={"level": level, "hours": int(waited.total_seconds() // 3600)},
        )
    return counts


@transaction.atomic
def skill_endorse(*, actor: Person, person: Person, skill: str, on: bool = True) -> bool:
    """Vouch for a skill a colleague lists (or take it back)."""
    if person.pk == actor.pk:
        raise Invalid(
            _("You cannot endorse yourself."), [FieldError("person", _("Choose a colleague."))]
        )
    if not person.is_active or person.is_stand_in:
        raise Invalid(
            _("This person cannot be endorsed."), [FieldError("person", _("Not active."))]
        )
    tag = person.skills.filter(name__iexact=(skill or "").strip()).first()
    if tag is None:
        raise Invalid(
            _("Endorse a skill the person lists on their profile."),
            [FieldError("skill", _("Not one of their skills."))],
        )
    if not on:
        Endorsement.objects.filter(endorser=actor, person=person, skill=tag).delete()
        return False
    try:
        with transaction.atomic():
            Endorsement.objects.create(endorser=actor, person=person, skill=tag)
    except IntegrityError:
        return True
    event_record(actor=actor, verb="skill.endorsed", obj=person, metadata={"skill": tag.name})
    return True


@transaction.atomic
def preference_set(
    *, actor: Person, opted_out: bool, away_until: datetime.date | None
) -> ExpertPreference:
    if away_until is not None and away_until > timezone.localdate() + datetime.timedelta(days=366):
        raise Invalid(
            _("Away for at most a year."), [FieldError("away_until", _("Too far ahead."))]
        )
    pref, _created = ExpertPreference.objects.get_or_create(person=actor)
    pref.opted_out, pref.away_until = opted_out, away_until
    pref.save()
    return pref


@transaction.atomic
def experts_ask(*, actor: Person, post: Post, usernames: list[str]) -> list[ExpertRequest]:
    """Send each chosen suggestion a personal request to answer the question."""
    if post.kind != Post.Kind.QUESTION:
        raise Invalid(
            _("Only questions go to experts."), [FieldError("post", _("Not a question."))]
        )
    if not (is_post_author(actor, post) or (post.community_id and can_lead(actor, post.community))):
        raise Forbidden(_("The asker and the community's facilitators ask experts."))
    suggested = {s.person.username: s for s in experts.suggest(post, limit=10) if s.person}
    unknown = [u for u in usernames if u not in suggested]
    if not usernames or unknown:
        raise Invalid(
            _("Ask people from the suggestions."),
            [
                FieldError(
                    "usernames",
                    _("Not suggested: %(names)s") % {"names": ", ".join(unknown) or "—"},
                )
            ],
        )
    made = []
    now = timezone.now()
    for username in dict.fromkeys(usernames):
        item = suggested[username]
        request, created = ExpertRequest.objects.get_or_create(
            post=post,
            expert=item.person,
            defaults={
                "asked_by": actor,
                "reason": "; ".join(item.reasons)[:300],
                "created_at": now,
            },
        )
        if created:
            made.append(request)
            shown = post.author if post.anonymous and is_post_author(actor, post) else actor
            event_record(
                actor=shown,
                verb="expert.asked",
                obj=post,
                community_id=post.community_id,
                metadata={"expert": item.person_id, "reason": request.reason},
            )
    return made


def _check_pair(actor: Person, first: Person, second: Person) -> None:
    errors = []
    if first.pk == second.pk:
        errors.append(FieldError("second", _("Introduce two different people.")))
    for field, person in (("first", first), ("second", second)):
        if not person.is_active or person.is_stand_in:
            errors.append(
                FieldError(field, _("%(name)s is not an active colleague.") % {"name": person.name})
            )
    if errors:
        raise Invalid(_("This introduction cannot be made."), errors)


@transaction.atomic
def introduction_create(
    *,
    actor: Person,
    first: Person,
    second: Person,
    note: str = "",
    reason: str = "",
    community: Community | None = None,
) -> Introduction:
    """Introduce two people; each must say yes before they are connected. Introducing oneself
    ("people you may want to meet") counts as one's own yes."""
    _check_pair(actor, first, second)
    if actor.pk not in (first.pk, second.pk) and not (
        (community is not None and can_lead(actor, community)) or is_administrator(actor)
    ):
        raise Forbidden(_("Facilitators introduce people; you can introduce yourself."))
    rules.refuse(Introduction, _("The note is too long."), note=note)
    pending = (
        Introduction.objects.filter(Q(first=first, second=second) | Q(first=second, second=first))
        .exclude(first_answer="declined")
        .exclude(second_answer="declined")
    )
    if pending.exists():
        raise Conflict(_("These two were already introduced."))
    intro = Introduction.objects.create(
        introduced_by=actor,
        first=first,
        second=second,
        note=(note or "").strip(),
        reason=(reason or "")[:300],
        community=community,
        created_at=timezone.now(),
        first_answer="accepted" if actor.pk == first.pk else "pending",
        second_answer="accepted" if actor.pk == second.pk else "pending",
    )
    event_record(
        actor=actor,
        verb="introduction.made",
        obj=intro,
        community_id=community.pk if community else None,
        metadata={"people": [p.pk for p in (first, second) if p.pk != actor.pk]},
    )
    return intro


@transaction.atomic
def introduction_answer(*, actor: Person, introduction: Introduction, accept: bool) -> Introduction:
    intro = Introduction.objects.select_for_update().get(pk=introduction.pk)
    if actor.pk not in (intro.first_id, intro.second_id):
        raise NotFound()
    if intro.answer_of(actor) != "pending":
        raise Conflict(_("You already answered this introduction."))
    answer = "accepted" if accept else "declined"
    if actor.pk == intro.first_id:
        intro.first_answer = answer
    else:
        intro.second_answer = answer
    if intro.state == "connected":
        intro.connected_at = timezone.now()
    intro.save()
    if intro.state == "connected":
        event_record(
            actor=actor,
            verb="introduction.connected",
            obj=intro,
            metadata={"people": [intro.first_id, intro.second_id]},
        )
    return intro


@transaction.atomic
def introductions_follow_up(now=None) -> int:
    """Once, a week later, remind whoever has not answered (worker)."""
    now = now or timezone.now()
    due = (
        Introduction.objects.filter(
            followed_up_at__isnull=True,
            created_at__lte=now - datetime.timedelta(days=FOLLOW_UP_DAYS),
        )
        .filter(Q(first_answer="pending") | Q(second_answer="pending"))
        .exclude(Q(first_answer="declined") | Q(second_answer="declined"))
    )
    count = 0
    for intro in due.select_for_update():
        waiting = [
            pid
            for pid, a in (
                (intro.first_id, intro.first_answer),
                (intro.second_id, intro.second_answer),
            )
            if a == "pending"
        ]
        intro.followed_up_at = now
        intro.save(update_fields=["followed_up_at"])
        event_record(
            actor=None, verb="introduction.reminded", obj=intro, metadata={"people": waiting}
        )
        count += 1
    return count


@transaction.atomic
def newcomer_introduce(*, actor: Person, community: Community, body: str) -> Post:
    """A newcomer says hello in a community; its facilitators are alerted to welcome them."""

    post = talk.post_create(
        actor=actor,
        data=talk.PostIn(
            kind=Post.Kind.UPDATE,
            title=_("Hello from %(name)s") % {"name": actor.name},
            body=body,
            community=community,
        ),
    )
    event_record(actor=actor, verb="newcomer.introduced", obj=post, community_id=community.pk)
    return post


@erasers("facilitation")
def person_forget(person) -> None:
    """Erasure: expert requests, endorsements, expert settings and introductions, both ways."""
    ExpertRequest.objects.filter(Q(expert=person) | Q(asked_by=person)).delete()
    Endorsement.objects.filter(Q(endorser=person) | Q(person=person)).delete()
    ExpertPreference.objects.filter(person=person).delete()
    Introduction.objects.filter(Q(first=person) | Q(second=person)).delete()


def maturity_refresh(*, communities=None) -> int:
    """Store each live community's maturity level; record an event when it changes."""

    changed = 0
    live = Community.objects.exclude(state__in=[Community.State.DRAFT, Community.State.ARCHIVED])
    for community in communities if communities is not None else live.iterator():
        new = maturity.level(maturity.signals(community))
        if new != community.maturity_level:
            with transaction.atomic():
                Community.objects.filter(pk=community.pk).update(maturity_level=new)
                event_record(
                    actor=None,
                    verb="community.maturity_changed",
                    obj=community,
                    community_id=community.pk,
                    metadata={"from": community.maturity_level, "to": new},
                )
            community.maturity_level = new
            changed += 1
    return changed


def routing_fit(*, now=None) -> RoutingModel | None:
    """Fit expert routing's weights on the latest answered questions (run weekly by the
    worker), with how the fit fares when replayed on the latest third of them; None while too
    few questions were answered (the defaults stay)."""
    cases = [experts.case_of(question) for question in routing.answered_questions()]
    weights = routing.fit(cases)
    if weights is None:
        return None
    measured, _last = routing.replay(cases, start=len(cases) * 2 // 3)
    return RoutingModel.objects.create(
        fitted_at=now or timezone.now(),
        questions=len(cases),
        weights=weights,
        hit_at_5=round(measured["hit_at_5"], 4),
        mrr=round(measured["mrr"], 4),
    )
