"""Writes for leadership: follow the corner, delegate, draft, approve or decline."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.communities import services as communities
from hearth.communities.models import Community
from hearth.conversations import services as talk
from hearth.conversations.models import Comment, Post
from hearth.conversations.selectors import is_post_author
from hearth.core import rules
from hearth.core.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from hearth.core.events import event_record
from hearth.core.registry import erasers
from hearth.core.slugs import unique_slug
from hearth.people.models import Person

from .access import may_host
from .models import Ama, AmaQuestion, AmaVote, CornerFollow, Delegation, Draft, ScorecardSharing

DRAFT_KINDS = (Post.Kind.UPDATE, Post.Kind.ARTICLE, Post.Kind.ANNOUNCEMENT, Post.Kind.IDEA)


def corner_follow(*, actor: Person, on: bool = True) -> bool:
    if on:
        CornerFollow.objects.get_or_create(person=actor)
    else:
        CornerFollow.objects.filter(person=actor).delete()
    return on


@transaction.atomic
def delegate_grant(*, actor: Person, delegate: Person) -> Delegation:
    """A leader lets a colleague draft posts for them (drafts wait for the leader's approval)."""
    if not actor.is_leader:
        raise Forbidden(_("Only leaders delegate drafting."))
    if delegate.pk == actor.pk:
        raise Invalid(_("Choose someone else."), [FieldError("delegate", _("That is you."))])
    if not delegate.is_active or delegate.is_stand_in:
        raise Invalid(
            _("Choose an active colleague."),
            [FieldError("delegate", _("Not an active colleague."))],
        )
    existing = Delegation.objects.filter(leader=actor, delegate=delegate, revoked_at__isnull=True)
    if existing.exists():
        return existing.get()
    delegation = Delegation.objects.create(
        leader=actor, delegate=delegate, created_at=timezone.now()
    )
    event_record(
        actor=actor, verb="delegation.granted", obj=delegation, metadata={"delegate": delegate.pk}
    )
    return delegation


@transaction.atomic
def delegate_revoke(*, actor: Person, delegate: Person) -> None:
    updated = Delegation.objects.filter(
        leader=actor, delegate=delegate, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    if not updated:
        raise NotFound()
    event_record(actor=actor, verb="delegation.revoked", obj=delegate)


def drafts_for_leader_allowed(delegate: Person, leader: Person) -> bool:
    return Delegation.objects.filter(
        leader=leader, delegate=delegate, revoked_at__isnull=True
    ).exists()


@transaction.atomic
def draft_create(
    *,
    actor: Person,
    leader: Person,
    kind: str,
    body: str,
    title: str = "",
    community: Community | None = None,
) -> Draft:
    """A delegate drafts a post for a leader; nobody sees it until the leader approves it."""
    if not drafts_for_leader_allowed(actor, leader):
        raise Forbidden(_("%(name)s has not asked you to draft for them.") % {"name": leader.name})
    errors = []
    if kind not in DRAFT_KINDS:
        errors.append(FieldError("kind", _("Draft an update, article, announcement or idea.")))
    rules.check(Draft, errors, required=("body",), body=body, title=title)
    if kind == Post.Kind.ARTICLE and not (title or "").strip():
        errors.append(FieldError("title", _("An article needs a title.")))
    if errors:
        raise Invalid(_("The draft was not saved."), errors)
    draft = Draft.objects.create(
        leader=leader,
        delegate=actor,
        kind=kind,
        title=title.strip(),
        body=body,
        community=community,
        created_at=timezone.now(),
    )
    event_record(actor=actor, verb="draft.submitted", obj=draft, metadata={"leader": leader.pk})
    return draft


def _leader_or_refuse(actor: Person, draft: Draft) -> Draft:
    draft = Draft.objects.select_for_update().get(pk=draft.pk)
    if draft.leader_id != actor.pk:
        raise Forbidden(_("Only the leader it was drafted for can approve or decline it."))
    if draft.state != Draft.State.PENDING:
        raise Conflict(
            _("This draft was already %(state)s.") % {"state": draft.get_state_display().lower()}
        )
    return draft


@transaction.atomic
def draft_approve(
    *, actor: Person, draft: Draft, title: str | None = None, body: str | None = None
) -> Post:
    """The leader approves (possibly after editing): published under the leader's name, and
    labelled "drafted by <delegate>, approved by <leader>"."""
    draft = _leader_or_refuse(actor, draft)
    post = talk.post_create(
        actor=actor,
        data=talk.PostIn(
            kind=draft.kind,
            title=draft.title if title is None else title,
            body=draft.body if body is None else body,
            community=draft.community,
        ),
    )
    Post.objects.filter(pk=post.pk).update(drafted_by=draft.delegate)
    post.drafted_by = draft.delegate
    draft.state, draft.decided_at, draft.post = Draft.State.APPROVED, timezone.now(), post
    draft.save(update_fields=["state", "decided_at", "post"])
    event_record(
        actor=actor,
        verb="draft.approved",
        obj=draft,
        target=post,
        metadata={"delegate": draft.delegate_id},
    )
    return post


@transaction.atomic
def draft_decline(*, actor: Person, draft: Draft, note: str = "") -> Draft:
    draft = _leader_or_refuse(actor, draft)
    draft.state, draft.decided_at = Draft.State.DECLINED, timezone.now()
    draft.decision_note = (note or "").strip()[:500]
    draft.save(update_fields=["state", "decided_at", "decision_note"])
    event_record(
        actor=actor, verb="draft.declined", obj=draft, metadata={"delegate": draft.delegate_id}
    )
    return draft


@erasers("leadership")
def person_forget(person) -> None:
    """Erasure: the corner follow, delegations and pending drafts, scorecard sharing and AMA
    votes (AMAs hosted stay: their questions are colleagues')."""
    CornerFollow.objects.filter(person=person).delete()
    Delegation.objects.filter(Q(leader=person) | Q(delegate=person)).delete()
    Draft.objects.filter(Q(leader=person) | Q(delegate=person), state="pending").delete()
    ScorecardSharing.objects.filter(person=person).delete()
    voted = list(AmaVote.objects.filter(person=person).values_list("question_id", flat=True))
    AmaVote.objects.filter(person=person).delete()
    for question_id in voted:
        AmaQuestion.objects.filter(pk=question_id).update(
            vote_count=AmaVote.objects.filter(question_id=question_id).count()
        )


# --- Ask Me Anything ----------------------------------------------------------------------------
# A leader hosts a time-boxed session; colleagues ask (anonymously where the AMA allows it,
# through sealed identity), vote questions up, and the leader answers live. Questions are taken
# from creation until the end (people send them ahead, as at any town hall); votes close with
# the AMA; the host may still answer afterwards. A question is answered as any question is,
# when it has an accepted answer: the host's first answer is accepted as it is given.

MAX_HOURS = 7 * 24
MAX_AHEAD_DAYS = 365


@dataclass
class AmaIn:
    title: str
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    description: str = ""
    allow_anonymous: bool = False


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
            errors.append(
                FieldError(
                    "ends_at", _("An AMA lasts at most %(n)d days.") % {"n": MAX_HOURS // 24}
                )
            )
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
def question_ask(
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
def question_vote(*, actor: Person, question: AmaQuestion, up: bool = True) -> AmaQuestion:
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
def question_answer(*, actor: Person, question: AmaQuestion, body: str) -> Comment:
    """The host answers (live, or afterwards): a reply on the question, under their own name."""
    if actor.pk != question.ama.host_id:
        raise Forbidden(_("Only the host answers in an AMA."))
    answer = talk.comment_create(actor=actor, post=question.post, body=body or "")
    # One definition of answered everywhere (feeds, search, the AMA): the host's first answer
    # is the question's accepted answer, unless the asker already accepted one.
    accepted = Post.objects.filter(pk=question.post_id, accepted_comment__isnull=False)
    if not answer.hidden_at and not accepted.exists():
        talk.answer_accept(actor=actor, post=question.post, comment=answer)
    return answer
