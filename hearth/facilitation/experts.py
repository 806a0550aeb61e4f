"""Expert routing: who is likely to answer a question, and why.

A question's subject is its topics (#tags) plus words of its title and body that name a skill or
interest in the company's one tag vocabulary ("cloud" finds "Cloud architecture"). People score
by what they list (skills 3, interests 1), what they did on the subject (accepted answers 4 each,
other answers and posts 1 each, capped at 5), and how colleagues vouch for them (endorsements of
a matching skill, 0.5 each, capped at 5). The asker, the anonymous stand-in, people who left,
opted out or are away, and people who cannot read the question are never suggested.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.communities.models import Community, Membership
from hearth.conversations.models import Comment, Post
from hearth.core.languages import filler_words
from hearth.people.models import Person, Tag

from .models import Endorsement, ExpertPreference

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


def suggest(post: Post, *, limit: int = LIMIT, before=None) -> list[Suggestion]:
    """Up to `limit` people likely to answer `post`, best first, each with the reasons.

    `before` limits the history used (for evaluating on past questions)."""
    tags = subject_tags(post)
    if not tags:
        return []
    ids = list(tags)
    names = lambda found: ", ".join(sorted({tags[t] for t in found})[:2])  # noqa: E731
    scores: dict[int, Suggestion] = {}

    def add(person_id: int, points: float, reason: str) -> None:
        item = scores.setdefault(person_id, Suggestion(person_id))
        item.score += points
        item.reasons.append(reason)

    by_person = defaultdict(set)
    for person_id, tag_id in Person.skills.through.objects.filter(tag_id__in=ids).values_list(
        "person_id", "tag_id"
    ):
        by_person[person_id].add(tag_id)
    for person_id, found in by_person.items():
        add(
            person_id,
            3 * len(found),
            _("lists %(skills)s among their skills") % {"skills": names(found)},
        )
    by_person = defaultdict(set)
    for person_id, tag_id in Person.interests.through.objects.filter(tag_id__in=ids).values_list(
        "person_id", "tag_id"
    ):
        by_person[person_id].add(tag_id)
    for person_id, found in by_person.items():
        add(person_id, len(found), _("is interested in %(topics)s") % {"topics": names(found)})
    on_subject = Post.objects.filter(topics__in=ids, deleted_at__isnull=True).exclude(pk=post.pk)
    if before is not None:
        on_subject = on_subject.filter(published_at__lt=before)
    # From the posts to their accepted answers (a join; a post on two of the topics counts once).
    accepted = (
        on_subject.exclude(accepted_comment=None)
        .values(answerer=F("accepted_comment__author_id"))
        .annotate(n=Count("accepted_comment", distinct=True))
        .order_by()
    )
    for row in accepted:
        add(
            row["answerer"],
            4 * row["n"],
            _("%(n)d accepted answers on the subject") % {"n": row["n"]},
        )
    answers = (
        Comment.objects.filter(post__in=on_subject.filter(kind="question"), deleted_at__isnull=True)
        .values("author_id")
        .annotate(n=Count("id"))
    )
    for answer in answers:
        add(
            answer["author_id"],
            min(answer["n"], 5),
            _("answered %(n)d questions on it") % {"n": answer["n"]},
        )
    written = on_subject.filter(anonymous=False).values("author_id").annotate(n=Count("id"))
    for wrote in written:
        add(
            wrote["author_id"], min(wrote["n"], 5), _("wrote %(n)d posts on it") % {"n": wrote["n"]}
        )
    vouched = (
        Endorsement.objects.filter(skill_id__in=ids).values("person_id").annotate(n=Count("id"))
    )
    for vouch in vouched:
        add(
            vouch["person_id"],
            min(vouch["n"], 5) / 2,
            _("endorsed %(n)d times for it") % {"n": vouch["n"]},
        )
    if not scores:
        return []
    community = post.community
    if community is not None:
        # People in the question's community see it and know its context.
        members = set(
            Membership.objects.filter(
                community=community, state=Membership.State.ACTIVE, person_id__in=list(scores)
            ).values_list("person_id", flat=True)
        )
        for person_id in members:
            add(person_id, 2, _("is a member of %(community)s") % {"community": community.name})
        active = Comment.objects.filter(
            post__community=community, deleted_at__isnull=True, author_id__in=list(scores)
        ).exclude(post=post)
        if before is not None:
            active = active.filter(created_at__lt=before)
        for reply in active.values("author_id").annotate(n=Count("id")):
            add(
                reply["author_id"],
                min(reply["n"], 3) / 2,
                _("replied %(n)d times in %(community)s")
                % {"n": reply["n"], "community": community.name},
            )
    people = {p.pk: p for p in Person.objects.filter(_eligible(post), pk__in=list(scores))}
    ranked = sorted(
        (s for s in scores.values() if s.person_id in people),
        key=lambda s: (-s.score, people[s.person_id].display_name),
    )
    out = []
    # Whoever asked, the same people are suggested (leaving out an anonymous question's sealed
    # author would name them by comparison); the notification spares them the request.
    for item in ranked:
        item.person = people[item.person_id]
        item.reasons = item.reasons[:3]
        out.append(item)
        if len(out) == limit:
            break
    return out
