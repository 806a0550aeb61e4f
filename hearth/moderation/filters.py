"""Managing content filters: company moderators keep the company-wide ones, a community's
leaders its own. Screening text against them is a primitive (`hearth.trust.policies`)."""

from __future__ import annotations

import regex
from django.db import transaction
from django.utils import timezone

from hearth.communities.selectors import can_lead, leading_community_ids
from hearth.core import rules
from hearth.core.errors import FieldError, Forbidden, Invalid, NotFound
from hearth.core.events import event_record
from hearth.trust.models import ContentFilter
from hearth.trust.policies import TIMEOUT_SECONDS, compile_pattern
from hearth.trust.selectors import is_company_moderator


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
    rules.check(ContentFilter, errors, required=("pattern",), pattern=pattern)
    if errors:
        pass  # nothing to compile
    elif is_regex:
        try:
            compiled = compile_pattern(pattern, True)
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
    blocks = action == ContentFilter.Action.BLOCK
    rules.check(ContentFilter, errors, required=("message",) if blocks else (), message=message)
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
