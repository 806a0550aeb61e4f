"""Report, moderate, appeal, reveal: every write in a transaction, every step an event.

The notifications consumer turns the events into the outcome the reporter is told and the
reason the author sees (`moderation.action`, `appeal.decided`). A reporter's identity is never
shown to the author.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hearth.conversations import services as talk
from hearth.core import rules
from hearth.core.access import is_administrator
from hearth.core.errors import Conflict, FieldError, Forbidden, Invalid, NotFound
from hearth.core.events import event_record
from hearth.core.registry import Erasure, holds, writings
from hearth.trust.models import SealedAuthor, Suspension
from hearth.trust.policies import Verdict
from hearth.trust.sealed import unseal
from hearth.trust.selectors import is_company_moderator

from .models import Appeal, ModerationAction, Report, RevealRequest
from .selectors import may_moderate

K = ModerationAction.Kind


@transaction.atomic
def report_create(
    *, actor, reason: str, detail: str = "", post=None, comment=None, person=None
) -> Report:
    """Flag a post, a comment (with its post) or a person the reporter can see."""
    errors: list[FieldError] = []
    if reason not in Report.Reason.values:
        errors.append(FieldError("reason", f"One of: {', '.join(Report.Reason.values)}."))
    detail = detail.strip()
    rules.check(Report, errors, detail=detail)
    if reason == Report.Reason.OTHER and not detail:
        errors.append(FieldError("detail", "Say what is wrong."))
    if errors:
        raise Invalid("The report could not be sent.", errors)
    if person is not None:
        if not person.is_active:
            raise NotFound("No such person.")
        author, community_id, what = person, None, "yourself"
    elif comment is not None:
        if comment.deleted_at is not None or comment.hidden_at is not None:
            raise Conflict("This comment has already been removed.")
        author, community_id, what = comment.author, post.community_id, "your own comment"
    elif post is not None:
        author, community_id, what = post.author, post.community_id, "your own post"
    else:
        raise Invalid("Say what you report.", [FieldError("post", "A post, comment or person.")])
    if author.pk == actor.pk:
        raise Invalid(f"You cannot report {what}.")
    duplicate = Report.objects.filter(
        reporter=actor, state=Report.State.OPEN, post=post, comment=comment, person=person
    )
    if duplicate.exists():
        raise Conflict("You already reported this; a moderator will look at it.")
    report = Report.objects.create(
        reporter=actor,
        post=post,
        comment=comment,
        person=person,
        author=author,
        community_id=community_id,
        reason=reason,
        detail=detail,
        created_at=timezone.now(),
    )
    event_record(
        actor=actor,
        verb="report.created",
        obj=report,
        community_id=community_id,
        metadata={"reason": reason, "target": report.target_kind},
    )
    return report


def _check_action(actor, report: Report, kind: str, reason: str, days: int | None) -> None:
    errors: list[FieldError] = []
    if kind not in K.values:
        errors.append(FieldError("action", f"One of: {', '.join(K.values)}."))
    elif report.target_kind == "person" and kind in (K.HIDE, K.RESTORE, K.DELETE):
        errors.append(FieldError("action", "A person can be warned or suspended."))
    elif kind == K.RESTORE and not _removed(report):
        errors.append(FieldError("action", "There is nothing to restore: it is shown."))
    told = ("reason",) if kind in (K.HIDE, K.DELETE, K.WARN, K.SUSPEND) else ()
    rules.check(ModerationAction, errors, required=told, reason=reason)
    if kind in (K.WARN, K.SUSPEND) and report.author.is_stand_in:
        errors.append(
            FieldError(
                "action", "The author is anonymous and stays so: hide or delete the post instead."
            )
        )
    if kind == K.SUSPEND:
        if days is None:
            least, most = rules.bounds(ModerationAction, "days")
            errors.append(FieldError("days", rules.out_of_range(least, most)))
        rules.check(ModerationAction, errors, days=days)
    if errors:
        raise Invalid("The action could not be taken.", errors)
    if kind == K.SUSPEND and not is_company_moderator(actor):
        raise Forbidden("Only company moderators can suspend someone.")


def _removed(report: Report) -> bool:
    item = report.comment or report.post
    return item is not None and (item.hidden_at is not None or item.deleted_at is not None)


@transaction.atomic
def action_take(
    *, actor, report: Report, kind: str, reason: str = "", days: int | None = None
) -> ModerationAction:
    """Act on a report; every open report on the same item is answered by the same action."""

    report = (
        Report.objects.select_for_update(of=("self",))
        .select_related("post", "comment", "author")
        .get(pk=report.pk)
    )
    if not may_moderate(actor, report):
        raise NotFound("No such report in your moderation queue.")
    if report.author_id == actor.pk:
        raise Forbidden("Another moderator must handle reports about you or your content.")
    if report.state != Report.State.OPEN and kind != K.RESTORE:
        raise Conflict("This report has already been handled.")
    _check_action(actor, report, kind, reason, days)
    now = timezone.now()
    action = ModerationAction.objects.create(
        moderator=actor,
        kind=kind,
        reason=reason.strip(),
        post=report.post,
        comment=report.comment,
        author_id=report.author_id,
        community_id=report.community_id,
        days=days if kind == K.SUSPEND else None,
        created_at=now,
    )
    # A person's report has no post (`_check_action` allowed only warn, suspend or dismiss).
    post, item = report.post, report.comment or report.post
    if post is not None and item is not None and item.held and kind in (K.RESTORE, K.DISMISS):
        # Approving held content: show it, then announce it as new (mentions, notifications).
        talk.post_moderate(post=post, comment=report.comment, kind="unhide")
        talk.post_release(post=post, comment=report.comment)
    elif post is not None and item is not None and kind in (K.HIDE, K.DELETE):
        if item.held:
            type(item).objects.filter(pk=item.pk).update(held=False)  # rejected, not waiting
        talk.post_moderate(post=post, comment=report.comment, kind=kind)
    elif post is not None and item is not None and kind == K.RESTORE:
        talk.post_moderate(
            post=post,
            comment=report.comment,
            kind="unhide" if item.hidden_at is not None else "undelete",
        )
    elif kind == K.SUSPEND and days is not None:
        Suspension.objects.create(
            person_id=report.author_id, action=action, until=now + datetime.timedelta(days=days)
        )
    same = Report.objects.select_for_update().filter(
        state=Report.State.OPEN, post=report.post, comment=report.comment, person=report.person
    )
    handled = list(same) if report.state == Report.State.OPEN else []
    state = Report.State.DISMISSED if kind == K.DISMISS else Report.State.ACTIONED
    Report.objects.filter(pk__in=[r.pk for r in handled]).update(
        state=state, handled_at=now, action=action
    )
    event_record(
        actor=actor,
        verb="moderation.action",
        obj=action,
        community_id=report.community_id,
        metadata={
            "kind": kind,
            "target": report.target_kind,
            "author": report.author_id,
            "post": report.post_id,
            "comment": report.comment_id,
            "reports": [r.pk for r in handled],
            "reporters": sorted({r.reporter_id for r in handled} - {None}),
        },
    )
    return action


@transaction.atomic
def appeal_create(*, actor, action: ModerationAction, text: str) -> Appeal:
    """The author asks for another look; one appeal per action."""
    if action.author_id != actor.pk or action.kind not in (K.HIDE, K.DELETE, K.WARN, K.SUSPEND):
        raise NotFound("No such moderation of your content.")
    text = text.strip()
    if not text:
        raise Invalid("The appeal could not be sent.", [FieldError("text", "Say why.")])
    rules.refuse(Appeal, "The appeal could not be sent.", text=text)
    if Appeal.objects.filter(action=action).exists():
        raise Conflict("You have already appealed this decision.")
    appeal = Appeal.objects.create(
        action=action, author=actor, text=text, created_at=timezone.now()
    )
    event_record(
        actor=actor,
        verb="appeal.created",
        obj=appeal,
        community_id=action.community_id,
        metadata={"action": action.pk},
    )
    return appeal


@transaction.atomic
def appeal_decide(*, actor, appeal: Appeal, overturn: bool, reason: str = "") -> Appeal:
    """Another company moderator upholds or overturns; overturning undoes the action."""

    appeal = (
        Appeal.objects.select_for_update(of=("self",)).select_related("action").get(pk=appeal.pk)
    )
    action = appeal.action
    if not is_company_moderator(actor):
        raise NotFound("No such appeal.")
    if action.moderator_id == actor.pk or action.author_id == actor.pk:
        raise Forbidden("Another moderator must decide this appeal.")
    if appeal.state != Appeal.State.OPEN:
        raise Conflict("This appeal has already been decided.")
    errors: list[FieldError] = []
    rules.check(Appeal, errors, required=("decision_reason",), decision_reason=reason.strip())
    if errors:
        raise Invalid("The decision could not be saved.", [FieldError("reason", errors[0].message)])
    if overturn:
        if action.kind == K.HIDE and action.post is not None:
            talk.post_moderate(post=action.post, comment=action.comment, kind="unhide")
        elif action.kind == K.DELETE and action.post is not None:
            talk.post_moderate(post=action.post, comment=action.comment, kind="undelete")
        elif action.kind == K.SUSPEND:
            Suspension.objects.filter(action=action).update(lifted_at=timezone.now())
    appeal.state = Appeal.State.OVERTURNED if overturn else Appeal.State.UPHELD
    appeal.decided_by, appeal.decided_at = actor, timezone.now()
    appeal.decision_reason = reason.strip()
    appeal.save()
    event_record(
        actor=actor,
        verb="appeal.decided",
        obj=appeal,
        community_id=action.community_id,
        metadata={
            "action": action.pk,
            "kind": action.kind,
            "state": appeal.state,
            "author": action.author_id,
            "post": action.post_id,
            "comment": action.comment_id,
        },
    )
    return appeal


MIN_REVEAL_REASON = 20


def _check_administrator(actor) -> None:
    if not is_administrator(actor):
        raise Forbidden("Only administrators can ask to reveal an anonymous author.")


def _check_reveal_reason(reason: str, field: str = "reason") -> str:
    reason = reason.strip()
    if len(reason) < MIN_REVEAL_REASON:
        raise Invalid(
            "Give the reason that will be recorded and shown to the author.",
            [FieldError(field, f"At least {MIN_REVEAL_REASON} characters.")],
        )
    errors: list[FieldError] = []
    rules.check(RevealRequest, errors, reason=reason)
    if errors:
        raise Invalid("The reason is too long.", [FieldError(field, errors[0].message)])
    return reason


@transaction.atomic
def reveal_request(*, actor, post, reason: str) -> RevealRequest:
    """Break-glass, step one: an administrator asks, with a reason, to reveal who wrote `post`."""
    _check_administrator(actor)
    reason = _check_reveal_reason(reason)
    if not post.anonymous:
        raise Conflict("This post is not anonymous: its author is already shown.")
    _expire_reveals(post)
    if RevealRequest.objects.filter(post=post, state=RevealRequest.State.PENDING).exists():
        raise Conflict("A request to reveal this author is already waiting for a second approval.")
    now = timezone.now()
    request = RevealRequest.objects.create(
        post=post,
        requested_by=actor,
        reason=reason,
        created_at=now,
        expires_at=now + datetime.timedelta(hours=settings.HEARTH_REVEAL_REQUEST_HOURS),
    )
    event_record(
        actor=actor,
        verb="identity.reveal_requested",
        obj=request,
        target=post,
        community_id=post.community_id,
        metadata={"reason": reason},
    )
    return request


def _expire_reveals(post) -> None:
    RevealRequest.objects.filter(
        post=post, state=RevealRequest.State.PENDING, expires_at__lte=timezone.now()
    ).update(state=RevealRequest.State.EXPIRED)


@transaction.atomic
def reveal_decide(*, actor, request: RevealRequest, approve: bool, reason: str) -> RevealRequest:
    """Break-glass, step two: a second administrator approves (the author is revealed to both
    of them, audited, and told) or refuses. A request is used once, and expires."""
    _check_administrator(actor)
    request = RevealRequest.objects.select_for_update(of=("self",)).get(pk=request.pk)
    if request.requested_by_id == actor.pk:
        raise Forbidden("A second administrator must approve: you cannot approve your own request.")
    if request.state == RevealRequest.State.PENDING and request.expires_at <= timezone.now():
        raise Conflict("This request has expired; the first administrator must ask again.")
    if request.state != RevealRequest.State.PENDING:
        raise Conflict(f"This request was already used ({request.get_state_display().lower()}).")
    reason = _check_reveal_reason(reason, "decision_reason")
    request.decided_by, request.decided_at = actor, timezone.now()
    request.decision_reason = reason
    if approve:
        sealed = SealedAuthor.objects.filter(post_id=request.post_id).first()
        if sealed is None:
            raise Conflict("This post has no sealed author to reveal.")
        request.revealed_person_id = unseal(sealed)
        request.state = RevealRequest.State.REVEALED
    else:
        request.state = RevealRequest.State.REFUSED
    request.save()
    event_record(
        actor=actor,
        obj=request,
        target=request.post,
        community_id=request.post.community_id,
        verb="identity.reveal_approved" if approve else "identity.reveal_refused",
        metadata={"request": request.pk, "requested_by": request.requested_by_id, "reason": reason},
    )
    return request


@holds("moderation")
def report_file_held(verdict: Verdict, post, comment=None) -> Report:
    """File the product's own report for a held post or comment (hidden by the writer)."""
    item = comment or post
    now = timezone.now()
    # A held anonymous post joins the queue at its published time, not when it was written.
    filed = max(now, post.published_at) if comment is None and post.anonymous else now
    return Report.objects.create(
        reporter=None,
        post=post,
        comment=comment,
        author_id=item.author_id,
        community_id=post.community_id,
        reason=verdict.reason,
        detail=verdict.detail,
        created_at=filed,
    )


@writings("moderation")
def reveals_expire(erasure: Erasure) -> dict[str, int]:
    """Erasure: pending requests to reveal the person's anonymous posts expire (the seals are
    gone, nobody can reveal them any more)."""
    RevealRequest.objects.filter(
        post_id__in=erasure.anonymous_post_ids, state=RevealRequest.State.PENDING
    ).update(
        state=RevealRequest.State.EXPIRED,
        decided_at=erasure.now,
        decision_reason="The author was erased; the seal no longer exists.",
    )
    return {}
