"""Rate limits on posting, commenting, reacting and mentioning, counted from the event log.

Each limit is N actions per window (settings `HEARTH_RATE_*`); accounts younger than
`HEARTH_NEW_ACCOUNT_DAYS` get a third of it. Over the limit a service raises `RateLimited`:
the API answers 429 with Retry-After, pages show the message. Counting recorded events means
no counter of our own that a restart or a second app process could lose.
"""

from __future__ import annotations

import datetime
import math

from django.conf import settings
from django.utils import timezone

from hearth.core.errors import RateLimited

WHAT = {
    "post.created": "posts", "comment.created": "comments", "reaction.set": "reactions",
    "mention.created": "mentions", "upload.created": "files",
}  # fmt: skip


def limit_for(actor, verb: str) -> tuple[int, int]:
    """(actions, window in seconds) for this person; new accounts get a third."""
    limit, seconds = settings.HEARTH_RATE_LIMITS[verb]
    new = timezone.now() - datetime.timedelta(days=settings.HEARTH_NEW_ACCOUNT_DAYS)
    if actor.date_joined and actor.date_joined > new:
        limit = max(1, limit // 3)
    return limit, seconds


def _duration(seconds: int) -> str:
    if seconds >= 3600:
        hours, minutes = seconds // 3600, seconds % 3600 // 60
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if seconds >= 60:
        return f"{math.ceil(seconds / 60)} min"
    return f"{seconds} s"


def check_rate(actor, verb: str, *, adding: int = 1, done=None) -> None:
    """Refuse `adding` more actions of this kind if they would go over the person's limit.

    The actions done so far are the person's events of that verb, or `done`: a queryset of
    rows with a `created_at` (the files a person uploaded, say)."""
    from hearth.core.models import Event

    limit, seconds = limit_for(actor, verb)
    now = timezone.now()
    window = datetime.timedelta(seconds=seconds)
    if done is None:
        done = Event.objects.filter(actor=actor, verb=verb)
    recent = list(
        done.filter(created_at__gte=now - window)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[: limit + adding]
    )
    if len(recent) + adding <= limit:
        return
    # The action that has to leave the window before these fit.
    freeing = recent[limit - adding] if adding <= limit else now
    wait = max(1, math.ceil((freeing + window - now).total_seconds()))
    raise RateLimited(
        f"You can make {limit} {WHAT.get(verb, 'actions')} per {_duration(seconds)}; "
        f"please wait {_duration(wait)}.",
        retry_after=wait,
    )
