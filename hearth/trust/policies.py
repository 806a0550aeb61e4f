"""Content policies: word and pattern filters, the primitive every post and comment goes through.

`screen` runs on every new or edited post and comment. A blocking filter refuses the text with
its message; a holding filter (or a community's pre-approval, which conversations adds) publishes
it hidden, and `hold` has a report raised by the product ("held by a filter", "waiting for
approval") in the moderators' queue: moderation registers how (`holds`), since it stands above
content. Restoring it (or "no action needed") releases it: only then do notifications go out.
Managing the filters is moderation's (`hearth.moderation.filters`).

Patterns run with the `regex` module and a time limit, so a pathological pattern cannot stall
posting (ReDoS): a filter that times out holds the text for a human to look at.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import regex
from django.db.models import Q

from hearth.core.errors import FieldError, Invalid
from hearth.core.registry import holds

from .models import ContentFilter

TIMEOUT_SECONDS = 0.05
logger = logging.getLogger(__name__)


@dataclass
class Verdict:
    action: str  # "hold" or "block"
    reason: str  # a reason of moderation's reports: "filter" or "approval"
    detail: str
    message: str = ""


def compile_pattern(pattern: str, is_regex: bool):
    source = pattern if is_regex else rf"(?<!\w){regex.escape(pattern.strip())}(?!\w)"
    return regex.compile(source, regex.IGNORECASE | regex.UNICODE | regex.V0)


def filters_for(community_id: int | None):
    """The filters that apply in a community (or on profiles): company-wide ones and its own."""
    scope = Q(community__isnull=True)
    if community_id:
        scope |= Q(community_id=community_id)
    return ContentFilter.objects.filter(scope)


def screen(text: str, *, community=None) -> Verdict | None:
    """What the filters say about `text`: None (publish), hold, or block (blocking wins)."""
    held: Verdict | None = None
    for rule in filters_for(community.pk if community else None):
        try:
            found = compile_pattern(rule.pattern, rule.is_regex).search(
                text, timeout=TIMEOUT_SECONDS
            )
        except TimeoutError:
            logger.warning("Content filter %s timed out; holding the text for review", rule.pk)
            found = True
        except regex.error:  # saved before validation existed: never block on it
            continue
        if not found:
            continue
        if rule.action == ContentFilter.Action.BLOCK:
            message = rule.message or "This text breaks a rule of the network."
            return Verdict("block", "filter", f"Filter #{rule.pk}", message)
        held = held or Verdict("hold", "filter", f"Filter #{rule.pk}: {rule}")
    return held


def refuse_if_blocked(verdict: Verdict | None) -> None:
    if verdict is not None and verdict.action == "block":
        raise Invalid(verdict.message, [FieldError("body", verdict.message)])


def hold(verdict: Verdict, *, post, comment=None) -> None:
    """The post or comment is held (hidden by the caller): whoever keeps the queue is told."""
    for handler in holds:
        handler(verdict, post, comment)
