"""Writes for leadership: follow the corner, delegate, draft, approve or decline."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.communities.models import Community
from hearth.conversations import services as talk
from hearth.conversations.models import Post
from hearth.core import rules
from hearth.core.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from hearth.core.events import event_record
from hearth.core.registry import erasers
from hearth.people.models import Person

from .models import AmaQuestion, AmaVote, CornerFollow, Delegation, Draft, ScorecardSharing

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
