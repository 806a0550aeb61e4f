"""Expert routing's model: what was known of each candidate before a question was asked, the
weights that blend it, fitted on the installation's own answered questions, and the replay that
measures how often the person whose answer was accepted is among the suggestions.

Every measure reads only what happened before the question (`before`): posts and answers
written before it, answers accepted before it (from the event log, not today's state of the
question). Profiles (skills, interests, endorsements) are read as they are now.

The measures of a candidate:
- on the question's subject tags: listed skills and interests, endorsements of those skills,
  accepted answers, other answers and posts on questions and posts with those topics;
- by meaning: the posts and answers most like the question's text (BM25 over the search
  index, each text analysed in its own language), summed per author, accepted answers apart;
- in its community: membership, and replies there;
- how much they answer at all.
Counts enter as log(1 + n), the text scores as a share of the best candidate's. The counts
come from `tallies`: counted ahead by the worker for a suggestion now, from the raw history as
of each question for the replay, with the same definitions.
"""

from __future__ import annotations

import datetime
import math
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hearth.communities.models import Membership
from hearth.conversations.models import Comment, Post
from hearth.core.models import Event
from hearth.people.models import Person
from hearth.search.selectors import documents_like

from . import tallies
from .models import Endorsement, RoutingModel

FEATURES = (
    "skills",
    "interests",
    "endorsements",
    "accepted_topic",
    "answers_topic",
    "posts_topic",
    "member",
    "community_replies",
    "like_answers",
    "like_accepted",
    "like_posts",
    "activity",
    "topic_share",
    "member_activity",
    "member_expertise",
    "department_topic",
    "answer_share",
)
# Until the installation has answered enough questions to fit its own (`routing_fit`).
DEFAULT_WEIGHTS = {
    "skills": 3.0,
    "interests": 1.0,
    "endorsements": 0.5,
    "accepted_topic": 4.0,
    "answers_topic": 1.5,
    "posts_topic": 1.0,
    "member": 2.0,
    "community_replies": 0.5,
    "like_answers": 3.0,
    "like_accepted": 3.0,
    "like_posts": 1.0,
    "activity": 0.5,
    "topic_share": 2.0,
    "member_activity": 0.0,
    "member_expertise": 0.0,
    "department_topic": 1.0,
    "answer_share": 1.0,
}
MIN_QUESTIONS = 30  # answered questions needed to fit weights
MAX_CANDIDATES = 150  # measured in full for a question (see `_evidence`)
EVIDENCE = (
    "endorsements",
    "accepted_topic",
    "answers_topic",
    "posts_topic",
    "like_answers",
    "like_accepted",
    "like_posts",
)
BUSIEST = 20  # the people who reply most in the question's community are candidates
RECENT_DAYS = 30  # for a question on a profile, who replies most company-wide lately


@dataclass
class Candidate:
    person_id: int
    features: dict[str, float] = field(default_factory=lambda: dict.fromkeys(FEATURES, 0.0))
    # Why, said only for those suggested (`said`): (what, its values).
    reasons: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def score(self, weights: dict[str, float]) -> float:
        return sum(weights.get(name, 0.0) * value for name, value in self.features.items())

    def said(self, limit: int = 3) -> list[str]:
        """The first reasons, in the reader's language."""
        return [_say(what, values) for what, values in self.reasons[:limit]]


def _say(what: str, values: dict[str, Any]) -> str:
    n = values.get("n", 0)
    if what == "skills":
        return _("lists %(skills)s among their skills") % values
    if what == "interests":
        return _("is interested in %(topics)s") % values
    if what == "endorsed":
        return ngettext("endorsed %(n)d time for it", "endorsed %(n)d times for it", n) % values
    if what == "accepted":
        return (
            ngettext(
                "%(n)d accepted answer on the subject", "%(n)d accepted answers on the subject", n
            )
            % values
        )
    if what == "answered":
        return (
            ngettext("answered %(n)d question on it", "answered %(n)d questions on it", n) % values
        )
    if what == "wrote":
        return ngettext("wrote %(n)d post on it", "wrote %(n)d posts on it", n) % values
    if what == "similar":
        return (
            ngettext("answered %(n)d similar question", "answered %(n)d similar questions", n)
            % values
        )
    if what == "replied":
        return (
            ngettext(
                "replied %(n)d time in %(community)s", "replied %(n)d times in %(community)s", n
            )
            % values
        )
    return _("is a member of %(community)s") % values


def _evidence(candidate: Candidate) -> float:
    """How much points to a candidate before the rest is measured: what they did on the
    subject, then what they list."""
    measures = candidate.features
    done = sum(measures[name] for name in EVIDENCE)
    return done + 0.5 * measures["skills"] + 0.25 * measures["interests"]


def candidates(post: Post, tags: dict[int, str], *, before: Any = None) -> dict[int, Candidate]:
    """Everyone something points to for this question, with their measures and reasons."""
    past = tallies.history(post, before)
    before = before or timezone.now()
    ids = list(tags)
    found: dict[int, Candidate] = {}

    def add(
        person_id: int | None, name: str, value: float, reason: tuple[str, dict] | None = None
    ) -> None:
        if person_id is None or value <= 0:
            return
        item = found.get(person_id)
        if item is None:
            item = found[person_id] = Candidate(person_id)
        item.features[name] += value
        if reason:
            item.reasons.append(reason)

    for relation, name in ((Person.skills, "skills"), (Person.interests, "interests")):
        by_person = defaultdict(set)
        rows = relation.through.objects.filter(tag_id__in=ids)
        for person_id, tag_id in rows.values_list("person_id", "tag_id"):
            by_person[person_id].add(tag_id)
        for person_id, tag_ids in by_person.items():
            listed = ", ".join(sorted({tags[t] for t in tag_ids})[:2])
            add(person_id, name, len(tag_ids), (name, {"skills": listed, "topics": listed}))
    vouched = Endorsement.objects.filter(skill_id__in=ids, created_at__lt=before)
    for row in vouched.values("person_id").annotate(n=Count("id")):
        add(
            row["person_id"],
            "endorsements",
            math.log1p(row["n"]),
            ("endorsed", {"n": row["n"]}),
        )
    # The history on the subject: of its #topics when the asker named some (what it is about,
    # said by the asker), else of every tag its words name.
    named = [pk for pk in post.topics.values_list("pk", flat=True) if pk in tags]
    subject = past.subject(named or ids)
    for person_id, n in subject["accepted"].items():
        add(
            person_id,
            "accepted_topic",
            math.log1p(n),
            ("accepted", {"n": n}),
        )
    on_topic_answers = subject["answers"]
    for author_id, n in on_topic_answers.items():
        add(
            author_id,
            "answers_topic",
            math.log1p(n),
            ("answered", {"n": n}),
        )
    on_subject_counts = subject["posts"]
    for author_id, n in on_subject_counts.items():
        add(
            author_id,
            "posts_topic",
            math.log1p(n),
            ("wrote", {"n": n}),
        )
    _by_meaning(post, before, add)
    if len(found) > MAX_CANDIDATES:
        # Many list a common skill: what people did on the subject goes first, then what they
        # list, and only so many are measured further (a suggestion stays fast at any size).
        kept = sorted(found.values(), key=lambda c: (-_evidence(c), c.person_id))
        found = {c.person_id: c for c in kept[:MAX_CANDIDATES]}
    if not found:
        return found
    _in_community(post, before, past, found, add)
    people = past.people(list(found))
    # How much they write at all: the few who write most answer most, whatever the subject.
    for person_id, n in people["written"].items():
        add(person_id, "activity", math.log1p(n))
    # What share of what they wrote on any topic was on this one: what they know, whatever
    # how much they write.
    for author_id, n in people["topic_posts"].items():
        add(author_id, "topic_share", on_subject_counts.get(author_id, 0) / (n + 1))
    # What share of their answers was on this subject, and how much their department answers
    # it: people of a team that works on a subject answer its questions.
    for author_id, n in people["answers"].items():
        add(author_id, "answer_share", on_topic_answers.get(author_id, 0) / (n + 1))
    department_of = dict(
        Person.objects.filter(pk__in=list(found)).values_list("pk", "department_id")
    )
    by_department = subject["department"]
    department_posts = past.department_posts(set(department_of.values()) - {None})
    for person_id, department in department_of.items():
        if department and by_department[department]:
            share = by_department[department] / (department_posts.get(department, 0) + 1)
            add(person_id, "department_topic", share)
    # Who knows the subject counts most among those who can take part where it is asked.
    for item in found.values():
        measures = item.features
        measures["member_activity"] = measures["member"] * measures["activity"]
        measures["member_expertise"] = measures["member"] * (
            measures["topic_share"] + measures["answers_topic"] + measures["posts_topic"]
        )
    return found


def _by_meaning(post: Post, before: Any, add: Any) -> None:
    """Credit the authors of the posts and answers most like the question's text."""
    like = [
        row
        for row in documents_like(post.title, post.body, before=before)
        if row[0] != post.pk and row[2] != post.author_id
    ]
    answers = [row for row in like if row[1] is not None and row[3] == Post.Kind.QUESTION]
    # Which were accepted before: by each answer's own events (the index on the event's
    # object), the verb and time checked here.
    accepted = {
        object_id
        for object_id, verb, at in Event.objects.filter(
            object_type=Comment._meta.label_lower, object_id__in=[row[1] for row in answers]
        ).values_list("object_id", "verb", "created_at")
        if verb == "answer.accepted" and at < before
    }
    sums: dict[str, defaultdict[int, float]] = {
        "like_answers": defaultdict(float),
        "like_accepted": defaultdict(float),
        "like_posts": defaultdict(float),
    }
    counts: Counter[int] = Counter()
    for _post_id, comment_id, author_id, _kind, score in answers:
        sums["like_answers"][author_id] += score
        counts[author_id] += 1
        if comment_id in accepted:
            sums["like_accepted"][author_id] += score
    anonymous = set(
        Post.objects.filter(
            pk__in=[r[0] for r in like if r[1] is None], anonymous=True
        ).values_list("pk", flat=True)
    )
    for post_id, comment_id, author_id, _kind, score in like:
        if comment_id is None and post_id not in anonymous:
            sums["like_posts"][author_id] += score
    for name, scores in sums.items():
        best = max(scores.values(), default=0.0)
        for author_id, value in scores.items():
            reason = ("similar", {"n": counts[author_id]}) if name == "like_answers" else None
            if best > 0:
                add(author_id, name, value / best, reason)


def _in_community(
    post: Post, before: Any, past: Any, found: dict[int, Candidate], add: Any
) -> None:
    community = post.community
    if community is None:
        # A question on a profile reaches everyone: who replies most lately is a candidate.
        recent = Comment.objects.filter(
            deleted_at__isnull=True,
            created_at__lt=before,
            created_at__gte=before - datetime.timedelta(days=RECENT_DAYS),
        )
        busiest = (recent.values("author_id").annotate(n=Count("id")).order_by("-n", "author_id"))[
            :BUSIEST
        ]
        for row in busiest:
            add(row["author_id"], "community_replies", math.log1p(row["n"]))
        return
    # Who answers most there is a candidate, whatever the subject.
    counts = past.replies(community.pk, list(found), BUSIEST)
    for author_id, n in counts.items():
        add(
            author_id,
            "community_replies",
            math.log1p(n),
            ("replied", {"n": n, "community": community.name}),
        )
    members = Membership.objects.filter(
        community=community, state=Membership.State.ACTIVE, person_id__in=list(found)
    ).values_list("person_id", flat=True)
    for person_id in members:
        add(
            person_id,
            "member",
            1.0,
            ("member", {"community": community.name}),
        )


def weights_now() -> dict[str, float]:
    """The weights last fitted on this installation's answered questions, or the defaults."""
    model = RoutingModel.objects.order_by("-fitted_at").first()
    if model is None:
        return dict(DEFAULT_WEIGHTS)
    return {name: float(model.weights.get(name, 0.0)) for name in FEATURES}


@dataclass
class Case:
    """One answered question as it stood when asked: its candidates and their measures, who
    among them may be suggested, and whose answer was accepted (and when)."""

    question: Post
    found: dict[int, Candidate]
    eligible: set[int]
    answerer: int | None
    accepted_at: Any


def fit(cases: list[Case]) -> dict[str, float] | None:
    """Weights from answered questions: a logistic regression of "their answer was accepted"
    on each candidate's measures, the measures on one scale while fitting (so the penalty
    treats them alike), the weights given back on their own scale. None when there are too few
    questions, or no accepted answerer was ever a candidate."""
    from sklearn.linear_model import LogisticRegression

    if len(cases) < MIN_QUESTIONS:
        return None
    rows, labels = [], []
    for case in cases:
        for person_id, item in case.found.items():
            rows.append([item.features[name] for name in FEATURES])
            labels.append(int(person_id == case.answerer))
    if not rows or sum(labels) == 0 or sum(labels) == len(labels):
        return None
    scales = [statistics.pstdev(column) or 1.0 for column in zip(*rows, strict=True)]
    scaled = [[value / scale for value, scale in zip(row, scales, strict=True)] for row in rows]
    model = LogisticRegression(C=0.1, max_iter=2000)
    model.fit(scaled, labels)
    return {
        name: round(float(w) / scale, 6)
        for name, w, scale in zip(FEATURES, model.coef_[0], scales, strict=True)
    }


def rank_of(case: Case, weights: dict[str, float], limit: int = 5) -> int | None:
    """Where the accepted answerer stood among the suggestions (None: not among them)."""
    ranked = sorted(
        (c for c in case.found.values() if c.person_id in case.eligible and c.score(weights) > 0),
        key=lambda c: (-c.score(weights), c.person_id),
    )
    suggested = [c.person_id for c in ranked[:limit]]
    return suggested.index(case.answerer) + 1 if case.answerer in suggested else None


def replay(
    cases: list[Case], *, start: int, every: int = 10, limit: int = 5
) -> tuple[dict[str, Any], dict[str, float] | None]:
    """How the suggestions would have fared, as it happened: the answered questions in time
    order from `start` on, each ranked with what was known before it, with weights fitted (again
    every `every` questions, as the worker does weekly) on the questions whose answer had been
    accepted before then. Hit rates at 1, 3 and `limit`, the mean reciprocal rank (0 when not
    suggested), and the last weights."""
    ranks: list[int | None] = []
    weights = None
    for at in range(start, len(cases), every):
        cut = cases[at].question.published_at
        known = [c for c in cases[:at] if c.accepted_at is not None and c.accepted_at < cut]
        weights = fit(known) or dict(DEFAULT_WEIGHTS)
        ranks.extend(rank_of(case, weights, limit) for case in cases[at : at + every])
    n = len(ranks) or 1
    return {
        "questions": len(ranks),
        "hit_at_1": sum(1 for r in ranks if r == 1) / n,
        "hit_at_3": sum(1 for r in ranks if r and r <= 3) / n,
        "hit_at_5": sum(1 for r in ranks if r and r <= limit) / n,
        "mrr": sum(1 / r for r in ranks if r) / n,
    }, weights


def answered_questions(*, limit: int = 500) -> list[Post]:
    """The latest answered questions, oldest first (what the weights are fitted on)."""
    rows = (
        Post.objects.filter(
            kind=Post.Kind.QUESTION,
            accepted_comment__isnull=False,
            deleted_at__isnull=True,
            hidden_at__isnull=True,
        )
        .select_related("accepted_comment", "community", "author")
        .order_by("-published_at", "-id")[:limit]
    )
    return list(reversed(rows))
