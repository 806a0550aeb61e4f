"""Rate limits on posting, commenting, reacting and mentioning, counted from the event log.

Each limit is N actions per window (settings `HEARTH_RATE_*`); accounts younger than
`HEARTH_NEW_ACCOUNT_DAYS` get a third of it. Over the limit a service raises `RateLimited`:
the API answers 429 with Retry-After, pages show the message. Counting recorded events means
no counter of our own that a restart or a second app process could lose.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.utils import timezone

from hearth.core.errors import RateLimited
from hearth.core.models import Event
from hearth.core.registry import upload_sources

from .models import SealedRateUse
from .sealed import rate_tag

WHAT = {
    "post.created": "posts",
    "comment.created": "comments",
    "reaction.set": "reactions",
    "mention.created": "mentions",
    "upload.created": "files",
}


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


def check_rate(actor, verb: str, *, adding: int = 1, done: Sequence[Any] | None = None) -> None:
    """Refuse `adding` more actions of this kind if they would go over the person's limit.

    The actions done so far are the person's events of that verb and their sealed uses (an
    anonymous post counts against its real author, as a named one would), or `done`: querysets
    of rows with a `created_at` (the files a person uploaded, say). The answer is the same
    whichever way the actions were counted."""
    limit, seconds = limit_for(actor, verb)
    now = timezone.now()
    window = datetime.timedelta(seconds=seconds)
    sources = (
        list(done)
        if done is not None
        else [
            Event.objects.filter(actor=actor, verb=verb),
            SealedRateUse.objects.filter(tag=rate_tag(actor.pk, verb)),
        ]
    )
    recent = sorted(
        (
            moment
            for source in sources
            for moment in source.filter(created_at__gte=now - window)
            .order_by("-created_at")
            .values_list("created_at", flat=True)[: limit + adding]
        ),
        reverse=True,
    )[: limit + adding]
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


def rate_spend_sealed(actor, verb: str, count: int = 1) -> None:
    """Count `count` uses against `actor` without recording who (see `check_rate`)."""
    if count <= 0:
        return
    now = timezone.now()
    longest = max(seconds for _limit, seconds in settings.HEARTH_RATE_LIMITS.values())
    SealedRateUse.objects.filter(created_at__lt=now - datetime.timedelta(seconds=longest)).delete()
    tag = rate_tag(actor.pk, verb)
    SealedRateUse.objects.bulk_create(SealedRateUse(tag=tag, created_at=now) for _ in range(count))


def check_upload_rate(actor, adding: int) -> None:
    """Files count against a per-person limit, like posts (HEARTH_RATE_UPLOADS), wherever the
    apps keep them (core.registry.upload_sources)."""
    if adding:
        done = [uploads_of(actor) for uploads_of in upload_sources]
        check_rate(actor, "upload.created", adding=adding, done=done)
