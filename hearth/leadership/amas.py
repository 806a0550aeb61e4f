"""Ask Me Anything: a leader hosts a time-boxed session; colleagues ask (anonymously where the
AMA allows it, through sealed identity), vote questions up, and the leader answers live.

Questions are taken from creation until the end (people send them ahead, as at any town hall);
votes close with the AMA; the host may still answer afterwards, and what is left unanswered
stays visible with a "not yet answered" count. A question is answered when the host has
replied to it (a top-level comment of theirs that is neither deleted nor hidden)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.communities import services as communities
from hearth.communities.models import Community
from hearth.communities.selectors import community_visible_q
from hearth.conversations import services as talk
from hearth.conversations.models import Comment, Post
from hearth.conversations.selectors import is_post_author, post_list_for
from hearth.core import rules
from hearth.core.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from hearth.core.events import event_record
from hearth.core.slugs import unique_slug
from hearth.people.models import Person
from hearth.trust.selectors import blocked_ids

from .models import Ama, AmaQuestion, AmaVote

MAX_HOURS = 7 * 24
MAX_AHEAD_DAYS = 365
ORDERS = ("top", "new", "unanswered", "answered")


@dataclass
class AmaIn:
    title: str
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    description: str = ""
    allow_anonymous: bool = False


def may_host(person) -> bool:
    return bool(person and person.is_authenticated and person.is_leader and person.is_active)


def _slug(title: str) -> str:
    return unique_slug(Ama, title, fallback="ama")  # /leaders/amas/new/ is the form


@transaction.atomic
def ama_create(*, actor: Person, data: AmaIn) -> Ama:
    """A leader opens an AMA (its forum is an open community they own)."""
    if not may_host(actor):
        raise Forbidden(_("Leaders host AMAs, in person."))
    errors: list[FieldError] = []
    title = " ".join((data.title or "").split())
    now = timezone.now()
    rules.check(
        Ama,
        errors,
        required=("title", "starts_at", "ends_at"),
        title=title,
        description=data.description,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
    )
    if data.starts_at and data.ends_at:
        if data.ends_at <= data.starts_at:
            errors.append(FieldError("ends_at", _("The end comes after the start.")))
        elif data.ends_at - data.starts_at > datetime.timedelta(hours=MAX_HOURS):
            errors.append(FieldError("ends_at", _("An AMA lasts at most 7 days.")))
        if data.ends_at <= now:
            errors.append(FieldError("ends_at", _("The end is in the past.")))
        if data.starts_at > now + datetime.timedelta(days=MAX_AHEAD_DAYS):
            errors.append(FieldError("starts_at", _("At most a year ahead.")))
    if errors:
        raise Invalid(_("The AMA was not created."), errors)
    assert data.starts_at and data.ends_at  # asked for above
    forum = communities.community_create(
        actor=actor,
        name=f"AMA: {title}"[:120],
        purpose=(data.description or title)[:2000],
        allow_anonymous=data.allow_anonymous,
    )
    ama = Ama.objects.create(
        slug=_slug(title),
        title=title,
        description=(data.description or "").strip(),
        host=actor,
        forum=forum,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        allow_anonymous=data.allow_anonymous,
    )
    event_record(
        actor=actor,
        verb="ama.created",
        obj=ama,
        community_id=forum.pk,
        metadata={"starts_at": ama.starts_at.isoformat(), "ends_at": ama.ends_at.isoformat()},
    )
    return ama


@transaction.atomic
def ask(
    *, actor: Person, ama: Ama, body: str, title: str = "", anonymous: bool = False
) -> AmaQuestion:
    """Ask a question (until the AMA ends)."""
    if ama.state == "ended":
        raise Conflict(_("This AMA has ended: it takes no more questions."))
    if actor.pk == ama.host_id:
        raise Conflict(_("You host this AMA: answer the questions instead."))
    if anonymous and not ama.allow_anonymous:
        raise Invalid(
            _("This AMA does not take anonymous questions."),
            [FieldError("anonymous", _("Not allowed in this AMA."))],
        )
    communities.community_join(actor=actor, community=ama.forum)
    post = talk.post_create(
        actor=actor,
        data=talk.PostIn(
            kind=Post.Kind.QUESTION,
            body=body or "",
            title=title or "",
            community=ama.forum,
            anonymous=anonymous,
        ),
    )
    question = AmaQuestion.objects.create(ama=ama, post=post, created_at=post.created_at)
    event_record(
        actor=post.author,  # the stand-in, for an anonymous question
        verb="ama.asked",
        obj=post,
        target=ama,
        community_id=ama.forum_id,
        metadata={"host": ama.host_id},
    )
    return question


@transaction.atomic
def vote(*, actor: Person, question: AmaQuestion, up: bool = True) -> AmaQuestion:
    """Vote a question up (once) or take the vote back, while the AMA is open."""
    ama = question.ama
    if ama.state == "ended":
        raise Conflict(_("This AMA has ended: votes are closed."))
    if is_post_author(actor, question.post):
        raise Conflict(_("You cannot vote for your own question."))
    if up:
        try:
            with transaction.atomic():
                AmaVote.objects.create(question=question, person=actor, created_at=timezone.now())
        except IntegrityError:
            raise Conflict(_("You already voted for this question.")) from None
        delta = 1
    else:
        deleted, _rows = AmaVote.objects.filter(question=question, person=actor).delete()
        if not deleted:
            raise Conflict(_("You have not voted for this question."))
        delta = -1
    AmaQuestion.objects.filter(pk=question.pk).update(vote_count=F("vote_count") + delta)
    question.refresh_from_db(fields=["vote_count"])
    event_record(
        actor=actor,
        verb="ama.voted" if up else "ama.unvoted",
        obj=question.post,
        target=ama,
        community_id=ama.forum_id,
    )
    return question


@transaction.atomic
def answer(*, actor: Person, question: AmaQuestion, body: str) -> Comment:
    """The host answers (live, or afterwards): a reply on the question, under their own name."""
    if actor.pk != question.ama.host_id:
        raise Forbidden(_("Only the host answers in an AMA."))
    return talk.comment_create(actor=actor, post=question.post, body=body or "")


# --- Reads ----------------------------------------------------------------------------------


def amas_for(viewer) -> QuerySet[Ama]:
    """AMAs whose forum the viewer may see (forums are open, so in practice every one)."""

    visible = Community.objects.filter(community_visible_q(viewer))
    return Ama.objects.filter(forum__in=visible).select_related("host", "forum")


def access_ama(viewer, slug: str) -> Ama:
    ama = amas_for(viewer).filter(slug=slug).first()
    if ama is None:
        raise NotFound()
    return ama


def _answered_q():
    """Whether the AMA's host replied to the question (for a queryset of question posts)."""
    return Exists(
        Comment.objects.filter(
            post=OuterRef("pk"),
            author_id=OuterRef("ama_question__ama__host_id"),
            parent__isnull=True,
            deleted_at__isnull=True,
            hidden_at__isnull=True,
        )
    )


def questions_for(viewer, ama: Ama, order: str = "top") -> QuerySet[Post]:
    """The AMA's questions the viewer may read, each with `ama_votes`, `answered` and whether
    the viewer voted (`voted`)."""
    posts = (
        post_list_for(viewer)
        .filter(ama_question__ama=ama)
        .annotate(
            ama_votes=F("ama_question__vote_count"),
            ama_question_id=F("ama_question__id"),
            answered=_answered_q(),
        )
    )
    if viewer is not None and viewer.is_authenticated:
        posts = posts.annotate(
            voted=Exists(AmaVote.objects.filter(question=OuterRef("ama_question"), person=viewer))
        )
    if order == "new":
        return posts.order_by("-created_at", "-id")
    if order == "unanswered":
        posts = posts.filter(answered=False)
    elif order == "answered":
        posts = posts.filter(answered=True)
    return posts.order_by("-ama_votes", "created_at", "id")


def counts_many(viewer, amas) -> dict[int, dict]:
    """AMA id -> how many questions the viewer can read, answered and not (one query)."""
    rows = (
        post_list_for(viewer)
        .filter(ama_question__ama__in=[a.pk for a in amas])
        .annotate(answered=_answered_q())
        .order_by()
        .values("ama_question__ama_id")
        .annotate(n=Count("id"), done=Count("id", filter=Q(answered=True)))
    )
    return {
        r["ama_question__ama_id"]: {
            "questions": r["n"],
            "answered": r["done"],
            "unanswered": r["n"] - r["done"],
        }
        for r in rows
    }


def counts(viewer, ama: Ama) -> dict:
    return counts_many(viewer, [ama]).get(ama.pk, {"questions": 0, "answered": 0, "unanswered": 0})


def host_answers(viewer, ama: Ama, post_ids) -> dict[int, list[Comment]]:
    """The host's answers to these questions (post ids the viewer got from `questions_for`):
    post id -> comments, oldest first."""

    out: dict[int, list[Comment]] = {}
    rows = (
        Comment.objects.filter(
            post_id__in=list(post_ids),
            author_id=ama.host_id,
            parent__isnull=True,
            deleted_at__isnull=True,
            hidden_at__isnull=True,
            held=False,
        )
        .exclude(author_id__in=blocked_ids(viewer))
        .select_related("author")
        .order_by("created_at", "id")
    )
    for comment in rows:
        out.setdefault(comment.post_id, []).append(comment)
    return out


def access_question(viewer, ama: Ama, question_id: int) -> AmaQuestion:
    """A question of this AMA the viewer may read (by the AmaQuestion id)."""
    post = questions_for(viewer, ama).filter(ama_question__id=question_id).first()
    if post is None:
        raise NotFound()
    question = AmaQuestion.objects.select_related("ama", "post").get(pk=question_id)
    return question
