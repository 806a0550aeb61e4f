"""Content policies: word and pattern filters, and pre-approval of posts in chosen communities.

`screen` runs on every new or edited post and comment. A blocking filter refuses the text with
its message; a holding filter (or a pre-approved community) publishes it hidden, with a report
raised by the product ("held by a filter", "waiting for approval") in the moderators' queue.
Restoring it (or "no action needed") releases it: only then do notifications go out.

Patterns run with the `regex` module and a time limit, so a pathological pattern cannot stall
posting (ReDoS): a filter that times out holds the text for a human to look at.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import regex
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from hearth.communities.selectors import can_lead, leading_community_ids
from hearth.core.errors import FieldError, Forbidden, Invalid, NotFound
from hearth.core.events import event_record

from .models import ContentFilter, Report
from .selectors import is_company_moderator

MAX_PATTERN = 500
MAX_MESSAGE = 300
TIMEOUT_SECONDS = 0.05
logger = logging.getLogger(__name__)


@dataclass
class Verdict:
    action: str  # "hold" or "block"
    reason: str  # Report.Reason
    detail: str
    message: str = ""


def _compile(pattern: str, is_regex: bool):
    source = pattern if is_regex else rf"(?<!\w){regex.escape(pattern.strip())}(?!\w)"
    return regex.compile(source, regex.IGNORECASE | regex.UNICODE | regex.V0)


def filters_for(community_id: int | None):
    """The filters that apply in a community (or on profiles): company-wide ones and its own."""
    scope = Q(community__isnull=True)
    if community_id:
        scope |= Q(community_id=community_id)
    return ContentFilter.objects.filter(scope)


def screen(text: str, *, community=None, actor=None, is_post: bool = True) -> Verdict | None:
    """What policy says about `text`: None (publish), hold, or block (blocking wins)."""
    held: Verdict | None = None
    for rule in filters_for(community.pk if community else None):
        try:
            found = _compile(rule.pattern, rule.is_regex).search(text, timeout=TIMEOUT_SECONDS)
        except TimeoutError:
            logger.warning("Content filter %s timed out; holding the text for review", rule.pk)
            found = True
        except regex.error:  # saved before validation existed: never block on it
            continue
        if not found:
            continue
        if rule.action == ContentFilter.Action.BLOCK:
            message = rule.message or "This text breaks a rule of the network."
            return Verdict("block", Report.Reason.FILTER, f"Filter #{rule.pk}", message)
        held = held or Verdict("hold", Report.Reason.FILTER, f"Filter #{rule.pk}: {rule}")
    if held:
        return held
    if is_post and community is not None and community.preapprove_posts:
        from hearth.communities.selectors import can_lead

        if actor is None or not can_lead(actor, community):
            return Verdict("hold", Report.Reason.APPROVAL, "Pre-approval of posts")
    return None


def refuse_if_blocked(verdict: Verdict | None) -> None:
    if verdict is not None and verdict.action == "block":
        raise Invalid(verdict.message, [FieldError("body", verdict.message)])


def hold(verdict: Verdict, *, post, comment=None) -> Report:
    """File the product's own report for a held post or comment (hidden by the caller)."""
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


def _check_manager(actor, community) -> None:
    if community is None:
        if not is_company_moderator(actor):
            raise Forbidden("Only company moderators manage company-wide filters.")
        return

    if not (is_company_moderator(actor) or can_lead(actor, community)):
        raise Forbidden("Only the community's leaders and company moderators manage its filters.")


@transaction.atomic
def filter_create(
    *,
    actor,
    pattern: str,
    is_regex: bool = False,
    action: str = "hold",
    message: str = "",
    community=None,
) -> ContentFilter:
    _check_manager(actor, community)
    errors: list[FieldError] = []
    pattern = pattern.strip() if not is_regex else pattern
    message = " ".join(message.split())
    if not pattern.strip():
        errors.append(FieldError("pattern", "Give a word, a phrase or a pattern."))
    elif len(pattern) > MAX_PATTERN:
        errors.append(FieldError("pattern", f"At most {MAX_PATTERN} characters."))
    elif is_regex:
        try:
            compiled = _compile(pattern, True)
        except regex.error as error:
            errors.append(FieldError("pattern", f"Not a valid regular expression: {error}."))
        else:
            try:
                empty = compiled.search("", timeout=TIMEOUT_SECONDS)
            except TimeoutError:
                empty = None
                errors.append(FieldError("pattern", "This pattern is too slow to run."))
            if empty:
                errors.append(
                    FieldError(
                        "pattern", "This pattern matches empty text, so everything. Narrow it."
                    )
                )
    if action not in ContentFilter.Action.values:
        errors.append(FieldError("action", "hold or block."))
    if len(message) > MAX_MESSAGE:
        errors.append(FieldError("message", f"At most {MAX_MESSAGE} characters."))
    elif action == ContentFilter.Action.BLOCK and not message:
        errors.append(FieldError("message", "Tell writers why their text is refused."))
    if errors:
        raise Invalid("The filter could not be saved.", errors)
    rule = ContentFilter.objects.create(
        pattern=pattern,
        is_regex=is_regex,
        action=action,
        message=message,
        community=community,
        created_by=actor,
        created_at=timezone.now(),
    )
    event_record(
        actor=actor,
        verb="filter.created",
        obj=rule,
        community_id=community.pk if community else None,
        metadata={"pattern": pattern, "regex": is_regex, "action": action},
    )
    return rule


@transaction.atomic
def filter_delete(*, actor, rule: ContentFilter) -> None:
    _check_manager(actor, rule.community)
    event_record(
        actor=actor,
        verb="filter.deleted",
        obj=rule,
        community_id=rule.community_id,
        metadata={"pattern": rule.pattern, "regex": rule.is_regex, "action": rule.action},
    )
    rule.delete()


def filters_managed_by(viewer):
    """The filters `viewer` may see and remove: all for company moderators, else their
    communities' own."""

    if is_company_moderator(viewer):
        return ContentFilter.objects.select_related("community", "created_by")
    return ContentFilter.objects.select_related("community", "created_by").filter(
        community_id__in=leading_community_ids(viewer)
    )


def access_filter(viewer, filter_id: int) -> ContentFilter:
    rule = filters_managed_by(viewer).filter(pk=filter_id).first()
    if rule is None:
        raise NotFound("No such filter.")
    return rule
