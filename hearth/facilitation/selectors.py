"""Reads for facilitation, always for a viewer: the queue of what waits for a response, people
to meet, introductions, endorsements, and a newcomer's first steps."""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from hearth.communities.models import Community, Membership
from hearth.communities.selectors import communities_recommended_for, leading_of, led_communities
from hearth.conversations.models import Comment, Post, Reaction
from hearth.conversations.selectors import answering_of, post_list_for
from hearth.core.errors import NotFound
from hearth.core.models import Event
from hearth.core.registry import people_suggestions
from hearth.core.types import Viewer
from hearth.feeds.models import Follow
from hearth.people.models import Person

from . import maturity
from .models import Endorsement, ExpertPreference, Introduction


def queue_for(viewer: Viewer) -> dict[str, Any]:
    """Per community the viewer leads: what waits, oldest first, questions apart, with stats."""
    communities = list(led_communities(viewer).filter(state="active"))
    if not communities:
        return {"communities": [], "waiting": [], "questions": []}
    now = timezone.now()
    visible = post_list_for(viewer).filter(community__in=communities)
    rows = list(
        waiting_posts(now)
        .filter(pk__in=visible.values("pk"))
        .select_related("community", "author")
        .order_by("published_at", "id")[:300]
    )
    for post in rows:
        post.waited_hours = int((now - post.published_at).total_seconds() // 3600)
        post.overdue = post.waited_hours >= post.community.response_target_hours
    stats = []
    for community in communities:
        s = maturity.signals(community, now=now)
        stats.append(
            {
                "community": community,
                "response_pct": round(100 * s.response),
                "median_hours": s.median_first_response_hours,
                "posts": s.posts,
                "waiting": sum(1 for p in rows if p.community_id == community.pk),
            }
        )
    return {
        "communities": stats,
        "waiting": [p for p in rows if p.kind != Post.Kind.QUESTION],
        "questions": [p for p in rows if p.kind == Post.Kind.QUESTION],
    }


def endorsements_of(person: Viewer) -> dict[int, int]:
    """Skill id -> how many colleagues endorse it."""
    rows = Endorsement.objects.filter(person=person).values("skill_id").annotate(n=Count("id"))
    return {r["skill_id"]: r["n"] for r in rows}


def endorsed_by(viewer: Viewer, person: Viewer) -> set[int]:
    return set(
        Endorsement.objects.filter(endorser=viewer, person=person).values_list(
            "skill_id", flat=True
        )
    )


def preference_of(person: Viewer) -> ExpertPreference:
    return ExpertPreference.objects.filter(person=person).first() or ExpertPreference(person=person)


def _interacted_with(person_id: int) -> set[int]:
    """Everyone `person_id` has dealt with: follows, replies, reactions, introductions."""
    ids = set(
        Follow.objects.filter(follower_id=person_id, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    ids |= set(Follow.objects.filter(person_id=person_id).values_list("follower_id", flat=True))
    ids |= set(
        Comment.objects.filter(post__author_id=person_id).values_list("author_id", flat=True)
    )
    ids |= set(
        Post.objects.filter(comments__author_id=person_id).values_list("author_id", flat=True)
    )
    ids |= set(
        Reaction.objects.filter(post__author_id=person_id).values_list("person_id", flat=True)
    )
    ids |= set(
        Post.objects.filter(reactions__person_id=person_id).values_list("author_id", flat=True)
    )
    for first, second in Introduction.objects.filter(
        Q(first_id=person_id) | Q(second_id=person_id)
    ).values_list("first_id", "second_id"):
        ids |= {first, second}
    return ids


def _shared(person_ids: list[int]) -> dict[int, set[str]]:
    tags: dict[int, set[str]] = defaultdict(set)
    for through in (Person.interests.through, Person.skills.through):
        for pid, name in through.objects.filter(person_id__in=person_ids).values_list(
            "person_id", "tag__name"
        ):
            tags[pid].add(name)
    return tags


def people_to_meet(viewer: Viewer, *, limit: int = 6) -> list[dict[str, Any]]:
    """Colleagues who share the viewer's interests or skills, in another department or country,
    whom the viewer has never dealt with; each with why."""
    mine = _shared([viewer.pk]).get(viewer.pk, set())
    if not mine:
        return []
    candidates = (
        Person.objects.filter(is_active=True, is_stand_in=False)
        .filter(Q(interests__name__in=mine) | Q(skills__name__in=mine))
        .exclude(pk=viewer.pk)
        .exclude(pk__in=_interacted_with(viewer.pk))
        .filter(~Q(department_id=viewer.department_id) | ~Q(country=viewer.country))
        .distinct()
        .select_related("department", "location")[:200]
    )
    people = list(candidates)
    tags = _shared([p.pk for p in people])
    scored = sorted(
        ((len(tags[p.pk] & mine), p) for p in people if tags[p.pk] & mine),
        key=lambda pair: (-pair[0], pair[1].display_name),
    )
    return [{"person": p, "shared": sorted(tags[p.pk] & mine)[:3]} for _n, p in scored[:limit]]


def _pairs_among(ids: list[int]) -> set[frozenset[Any]]:
    """Pairs of these people who already dealt with each other (four queries, however many)."""
    pairs: set[frozenset[Any]] = set()
    sources = [
        Follow.objects.filter(follower_id__in=ids, person_id__in=ids).values_list(
            "follower_id", "person_id"
        ),
        Comment.objects.filter(author_id__in=ids, post__author_id__in=ids).values_list(
            "author_id", "post__author_id"
        ),
        Reaction.objects.filter(person_id__in=ids, post__author_id__in=ids).values_list(
            "person_id", "post__author_id"
        ),
        Introduction.objects.filter(first_id__in=ids, second_id__in=ids).values_list(
            "first_id", "second_id"
        ),
    ]
    for rows in sources:
        pairs.update(frozenset((a, b)) for a, b in rows if a != b)
    return pairs


def pairs_in(community: Any, *, limit: int = 6) -> list[dict[str, Any]]:
    """For facilitators: members who share interests across departments or countries and
    have never dealt with each other (a fixed number of queries)."""
    members = list(
        Person.objects.filter(
            memberships__community=community,
            memberships__state=Membership.State.ACTIVE,
            is_active=True,
            is_stand_in=False,
        )
        .select_related("department")
        .order_by("-memberships__created_at")[:150]
    )
    ids = [m.pk for m in members]
    tags = _shared(ids)
    met = _pairs_among(ids)
    pairs: list[dict[str, Any]] = []
    for i, first in enumerate(members):
        for second in members[i + 1 :]:
            shared = tags[first.pk] & tags[second.pk]
            if not shared or frozenset((first.pk, second.pk)) in met:
                continue
            if first.department_id == second.department_id and first.country == second.country:
                continue
            pairs.append({"first": first, "second": second, "shared": sorted(shared)[:3]})
    pairs.sort(key=lambda p: -len(p["shared"]))
    return pairs[:limit]


def introductions_for(viewer: Viewer) -> Any:
    return Introduction.objects.filter(Q(first=viewer) | Q(second=viewer)).select_related(
        "first", "second", "introduced_by", "community"
    )


def access_introduction(viewer: Viewer, intro_id: int) -> Introduction:
    intro: Introduction | None = introductions_for(viewer).filter(pk=intro_id).first()
    if intro is None:
        raise NotFound()
    return intro


def is_newcomer(person: Viewer) -> bool:
    """In their first days at the company (the HR hire date; the account's age without one)."""
    joined = person.hire_date or (person.date_joined and timezone.localdate(person.date_joined))
    if not joined:
        return False
    return timezone.localdate() - joined <= datetime.timedelta(days=settings.HEARTH_NEWCOMER_DAYS)


def welcome(viewer: Viewer) -> dict[str, Any] | None:
    """A newcomer's checklist (None once they are past their first days or have done it all)."""

    if not is_newcomer(viewer):
        return None
    profile_done = bool(viewer.bio.strip()) and viewer.skills.count() >= 3
    joined = Membership.objects.filter(person=viewer, state="active").exists()
    follows = Follow.objects.filter(follower=viewer, person__isnull=False).count()
    introduced = Event.objects.filter(actor=viewer, verb="newcomer.introduced").exists()
    steps = {
        "profile": profile_done,
        "communities": joined,
        "people": follows >= 3,
        "introduction": introduced,
    }
    if all(steps.values()):
        return None
    experts = []
    if viewer.department_id:
        # Influencers and experts of their area: leaders, people several colleagues follow, and
        # people whose answers were accepted (not merely anyone in the department).
        accepted = Post.objects.filter(accepted_comment__isnull=False).values(
            "accepted_comment__author_id"
        )
        experts = list(
            Person.objects.filter(
                is_active=True, is_stand_in=False, department_id=viewer.department_id
            )
            .exclude(pk=viewer.pk)
            .exclude(
                pk__in=Follow.objects.filter(follower=viewer, person__isnull=False).values(
                    "person_id"
                )
            )
            .annotate(n=Count("followers", distinct=True))
            .filter(Q(is_leader=True) | Q(n__gte=2) | Q(pk__in=accepted))
            .order_by("-is_leader", "-n", "display_name")[:4]
        )
    # Suggested colleagues (the insights' influencers, who agreed to be named) come first.
    influential = [person for suggest in people_suggestions for person in suggest(viewer, 4)]
    experts = (influential + [p for p in experts if p not in influential])[:4]
    return {
        "steps": steps,
        "done": sum(steps.values()),
        "total": len(steps),
        "communities": communities_recommended_for(viewer, limit=3),
        "people": list(experts),
        "places": list(
            Membership.objects.filter(person=viewer, state="active").select_related("community")[
                :10
            ]
        ),
    }


def waiting_posts(now: Any = None) -> Any:
    """Published community posts nobody else answered or acknowledged yet (recent ones)."""
    now = now or timezone.now()
    return Post.objects.filter(
        community__isnull=False,
        community__state=Community.State.ACTIVE,
        acknowledged_at__isnull=True,
        deleted_at__isnull=True,
        hidden_at__isnull=True,
        held=False,
        is_draft=False,
        published_at__lte=now,
        published_at__gte=now - datetime.timedelta(days=ESCALATION_WINDOW_DAYS),
    )


ESCALATION_WINDOW_DAYS = 30


def engagement_of(viewer: Viewer, person: Any) -> dict[str, Any]:
    """How a colleague built their presence, for a newcomer to learn from: questions they
    answered, answers accepted, people helped, and the communities they lead, all counted on
    what `viewer` may see."""
    return {**answering_of(viewer, person), "leading": leading_of(viewer, person)}
