"""Expert routing: who is likely to answer a question, and why.

A question's subject is its topics (#tags) plus words of its title and body that name a skill or
interest in the company's one tag vocabulary ("cloud" finds "Cloud architecture"). Candidates are
measured on that subject, by the meaning of what they wrote before (the posts and answers most
like the question), in its community and by how much they answer (`routing`); the measures are
blended with weights fitted on the installation's own answered questions. The asker, the
anonymous stand-in, people who left, opted out or are away, and people who cannot read the
question are never suggested.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.communities.models import Community, Membership
from hearth.conversations.models import Post
from hearth.core.languages import filler_words
from hearth.core.models import Event
from hearth.people.models import Person, Tag

from . import routing
from .models import ExpertPreference

LIMIT = 5
WORD = re.compile(r"[^\W_][\w+/-]*", re.UNICODE)


# Words too common in tag names to say what a question is about on their own.
GENERIC = {
    "engineering",
    "management",
    "design",
    "planning",
    "handling",
    "experience",
    "development",
    "analysis",
    "strategy",
    "operations",
    "deployment",
    "network",
}


@dataclass
class Suggestion:
    person_id: int
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    person: Person | None = None


def _stem(word: str) -> str:
    """Plural to singular, roughly ("customers" meets "Customer experience")."""
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def _words(text: str) -> set[str]:
    """The question's words that may name a subject: no filler word of any language Hearth
    reads ("about", "über", "para"...)."""
    fillers = filler_words()
    lowered = (w.lower() for w in WORD.findall(text or ""))
    return {_stem(w) for w in lowered if len(w) >= 2 and w not in fillers}


def subject_tags(post: Post) -> dict[int, str]:
    """The tags a question is about: its topics, and tags whose words appear in its text."""
    words = _words(f"{post.title} {post.body}")
    topics = {t.pk: t.name for t in post.topics.all()}
    words |= {_stem(name.lower()) for name in topics.values()}
    found = dict(topics)
    text = f"{post.title} {post.body}".lower()
    for tag_id, name in Tag.objects.values_list("id", "name"):
        lowered = name.lower()
        parts = {_stem(p) for p in re.split(r"[\s/]+", lowered) if len(p) >= 4 and p not in GENERIC}
        # The whole name as a word, or one of its distinctive words ("cloud" finds
        # "Cloud architecture"; "engineering" alone finds nothing).
        if _stem(lowered) in words or (" " in lowered and lowered in text) or parts & words:
            found[tag_id] = name
    return found


def _eligible(post: Post) -> Q:
    today = timezone.localdate()
    away = ExpertPreference.objects.filter(Q(opted_out=True) | Q(away_until__gte=today))
    people = Q(is_active=True, is_stand_in=False) & ~Q(pk__in=away.values("person_id"))
    if not post.anonymous:
        people &= ~Q(pk=post.author_id)
    community = post.community
    if community is not None and community.privacy != Community.Privacy.OPEN:
        members = Membership.objects.filter(community=community, state=Membership.State.ACTIVE)
        people &= Q(pk__in=members.values("person_id"))
    return people


def eligible_ids(post: Post, person_ids: list[int]) -> set[int]:
    """Which of these people may be suggested for `post` (see the module's docstring)."""
    return set(
        Person.objects.filter(_eligible(post), pk__in=person_ids).values_list("pk", flat=True)
    )


def suggest(
    post: Post, *, limit: int = LIMIT, before=None, weights: dict[str, float] | None = None
) -> list[Suggestion]:
    """Up to `limit` people likely to answer `post`, best first, each with the reasons.

    `before` limits the history used (for evaluating on past questions); `weights` blend the
    measures (`routing`; by default those fitted on this installation's answered questions)."""
    tags = subject_tags(post)
    found = routing.candidates(post, tags, before=before)
    if not found:
        return []
    weights = weights if weights is not None else routing.weights_now()
    people = {p.pk: p for p in Person.objects.filter(_eligible(post), pk__in=list(found))}
    scored = sorted(
        (
            (c, round(c.score(weights), 4))
            for c in found.values()
            if c.person_id in people and c.score(weights) > 0
        ),
        key=lambda item: (-item[1], people[item[0].person_id].display_name),
    )
    # Whoever asked, the same people are suggested (leaving out an anonymous question's sealed
    # author would name them by comparison); the notification spares them the request. The
    # reasons are said for those suggested only.
    out = [
        Suggestion(
            c.person_id,
            score,
            c.said() or [_("answers questions like this one")],
            people[c.person_id],
        )
        for c, score in scored[:limit]
    ]
    return out


def case_of(question: Post) -> routing.Case:
    """One answered question as it stood when asked (`routing.Case`), for fitting and replay."""
    found = routing.candidates(question, subject_tags(question), before=question.published_at)
    found.pop(question.author_id, None)
    accepted = (
        Event.objects.filter(
            verb="answer.accepted", target_type=Post._meta.label_lower, target_id=question.pk
        )
        .order_by("created_at")
        .first()
    )
    return routing.Case(
        question,
        found,
        eligible_ids(question, list(found)),
        question.accepted_comment.author_id if question.accepted_comment else None,
        accepted.created_at if accepted else None,
    )
