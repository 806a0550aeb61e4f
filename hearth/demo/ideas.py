"""Demo ideas get their answers: the community's leaders give most of the voted ideas a status
(some done, some declined with a reason), so "you said, we did" and the sponsors' scorecards
show the loop at work. A second `hearth seed` answers only ideas still unanswered."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from hearth.communities.models import Membership
from hearth.communities.selectors import LEADING_ROLES
from hearth.conversations.models import Post
from hearth.core.models import Event
from hearth.core.registry import DemoRun, demo_generator
from hearth.ideas import services
from hearth.ideas.models import IdeaStatus, IdeaStatusChange

# status, its note (a declined idea always says why)
ANSWERS = [
    ("under_review", "We are looking at the cost with Finance; back to you in two weeks."),
    ("planned", "Planned for next quarter: the owner is named in the comments."),
    ("in_progress", "A first team is trying it this month."),
    ("done", "Live since last week: thank you, and thanks to everyone who voted."),
    ("declined", "Not this year: the budget is committed; we keep it for the next round."),
]


def answer_ideas(*, seed: int, share: float = 0.6) -> int:
    """Answer about `share` of the unanswered community ideas, most voted first, each by one
    of its community's leaders (never its own author); answer how many."""
    rng = random.Random(seed)
    answered = set(IdeaStatus.objects.values_list("post_id", flat=True))
    unanswered = (
        Post.objects.filter(
            kind=Post.Kind.IDEA,
            community__isnull=False,
            deleted_at__isnull=True,
            hidden_at__isnull=True,
            is_draft=False,
        )
        .exclude(pk__in=answered)
        .select_related("community")
        .order_by("-vote_count", "-id")
    )
    leaders: dict[int, list[int]] = {}
    for community_id, person_id in Membership.objects.filter(
        state=Membership.State.ACTIVE, role__in=LEADING_ROLES
    ).values_list("community_id", "person_id"):
        leaders.setdefault(community_id, []).append(person_id)
    people = {
        m.person_id: m.person
        for m in Membership.objects.filter(
            state=Membership.State.ACTIVE, role__in=LEADING_ROLES
        ).select_related("person")
    }
    ideas = list(unanswered)
    made = 0
    for post in ideas[: int(len(ideas) * share)]:
        candidates = [
            pid for pid in leaders.get(post.community_id or 0, []) if pid != post.author_id
        ]
        if not candidates:
            continue
        leader = people[rng.choice(sorted(candidates))]
        status, reason = rng.choice(ANSWERS)
        services.idea_status_set(actor=leader, post=post, status=status, reason=reason)
        _answered_at(post, rng)
        made += 1
    return made


def _answered_at(post: Post, rng: random.Random) -> None:
    """Leaders answered days or weeks after the idea was posted, not all on the day of the
    seed: the status, its history and its event move there."""
    now = timezone.now()
    when = min(
        post.published_at + datetime.timedelta(days=rng.expovariate(1 / 12)),
        now - datetime.timedelta(hours=1),
    )
    IdeaStatus.objects.filter(post=post).update(set_at=when, answered_at=when)
    IdeaStatusChange.objects.filter(post=post).update(created_at=when)
    Event.objects.filter(verb="idea.status_set", object_id=post.pk).update(created_at=when)


@demo_generator("ideas", 65)
def ideas_write(run: DemoRun) -> str:
    return f"Ideas: {answer_ideas(seed=run.seed)} answered by their communities' leaders"
