"""Writes for ideas: set an idea's status (with its history and event), and bring ideas that
wait too long for an answer to their community's sponsors (the worker)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hearth.conversations import services as talk
from hearth.conversations.models import Post
from hearth.core import rules
from hearth.core.errors import Conflict, FieldError, Forbidden, Invalid
from hearth.core.events import event_record
from hearth.people.models import Person

from .access import may_set_status
from .models import IdeaStatus, IdeaStatusChange, Status
from .selectors import audience, ideas_waiting

MIN_REASON = 10


def _check(post: Post, status: str, reason: str, merged_into: Post | None) -> None:
    errors: list[FieldError] = []
    if status not in Status.values:
        errors.append(FieldError("status", _("Choose one of: %s.") % ", ".join(Status.values)))
    rules.check(IdeaStatusChange, errors, reason=reason)
    if status == Status.DECLINED and len(reason) < MIN_REASON:
        errors.append(
            FieldError("reason", _("Say why the idea is declined (at least 10 characters)."))
        )
    if status == Status.MERGED:
        if merged_into is None:
            errors.append(FieldError("merged_into", _("Choose the idea it merges into.")))
        elif merged_into.pk == post.pk:
            errors.append(FieldError("merged_into", _("An idea cannot be merged into itself.")))
        elif merged_into.kind != Post.Kind.IDEA:
            errors.append(FieldError("merged_into", _("Not an idea.")))
        elif merged_into.community_id != post.community_id:
            errors.append(FieldError("merged_into", _("Ideas merge within the same community.")))
        elif IdeaStatus.objects.filter(post=merged_into, status=Status.MERGED).exists():
            errors.append(
                FieldError(
                    "merged_into", _("That idea was itself merged; choose the one it went into.")
                )
            )
    if errors:
        raise Invalid(_("The idea's status was not changed."), errors)


@transaction.atomic
def idea_status_set(
    *,
    actor: Person,
    post: Post,
    status: str,
    reason: str = "",
    merged_into: Post | None = None,
) -> IdeaStatus:
    """Answer an idea: give it a status (a reason when declined, the idea it merges into when
    merged). Its author, voters and followers hear of it."""
    if post.kind != Post.Kind.IDEA or post.deleted_at is not None:
        raise Conflict(_("Only ideas have a status."))
    if not may_set_status(actor, post):
        raise Forbidden(_("Only the community's leaders and sponsors set an idea's status."))
    reason = (reason or "").strip()
    _check(post, status, reason, merged_into)
    current = IdeaStatus.objects.select_for_update().filter(post=post).first()
    current = current or IdeaStatus(post=post)
    previous = current.status
    if previous == Status.MERGED:
        raise Conflict(_("This idea was merged into another: answer that one."))
    if status == previous and reason == current.reason:
        raise Conflict(_("The idea already has this status."))
    now = timezone.now()
    metadata: dict = {"status": status, "previous": previous}
    if status == Status.MERGED and merged_into is not None:
        # Its voters and followers move to the other idea: they hear of the merge all the same.
        metadata["audience"] = sorted(audience(post))
        talk.idea_votes_move(source=post, target=merged_into)
    current.status, current.reason = status, reason
    current.merged_into = merged_into if status == Status.MERGED else None
    current.set_by, current.set_at = actor, now
    if status != Status.NEW and current.answered_at is None:
        current.answered_at = now
    current.save()
    IdeaStatusChange.objects.create(
        post=post,
        status=status,
        previous=previous,
        reason=reason,
        merged_into=current.merged_into,
        actor=actor,
        created_at=now,
    )
    event_record(
        actor=actor,
        verb="idea.status_set",
        obj=post,
        target=current.merged_into,
        community_id=post.community_id,
        metadata=metadata,
    )
    return current


@transaction.atomic
def ideas_escalate(now=None) -> int:
    """Bring each idea with many votes and no answer past the response target to its
    community's sponsors, once (run by the worker); answer how many."""
    now = now or timezone.now()
    count = 0
    for post in ideas_waiting(now).iterator(chunk_size=500):
        row, _created = IdeaStatus.objects.get_or_create(post=post)
        row.escalated_at = now
        row.save(update_fields=["escalated_at"])
        event_record(
            actor=None,
            verb="idea.waiting",
            obj=post,
            community_id=post.community_id,
            metadata={"votes": post.vote_count},
        )
        count += 1
    return count
