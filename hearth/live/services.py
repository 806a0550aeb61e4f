"""Publish wake-up signals to open pages. Signals carry a channel name only, never content:
the page then fetches what changed through the ordinary, visibility-aware views."""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

from .models import LiveSignal

log = logging.getLogger(__name__)


def channel_prefix() -> str:
    return f"hearth:{settings.INSTANCE_KEY}:live:"


@functools.cache
def _redis(url: str):
    import redis

    return redis.Redis.from_url(url)


def _publish_redis(url: str, channels: list[str]) -> None:
    try:
        client = _redis(url)
        for channel in channels:
            client.publish(channel_prefix() + channel, "1")
    except Exception:  # a page then learns it on its next reconnect; the write itself stands
        log.warning("Could not publish live signals %s", channels, exc_info=True)


def publish(channels: Iterable[str]) -> None:
    """Tell open pages listening on these channels that something changed.

    Without Redis the signal is a row written in the caller's transaction, so it exists exactly
    when the change does. With Redis it is published once the transaction commits.
    """
    channels = sorted(set(channels))
    if not channels:
        return
    if settings.REDIS_URL:
        url = settings.REDIS_URL
        transaction.on_commit(lambda: _publish_redis(url, channels))
    else:
        LiveSignal.objects.bulk_create(LiveSignal(channel=channel) for channel in channels)


def user_channel(person_id: int) -> str:
    return f"user:{person_id}"


def post_channel(post_id: int) -> str:
    return f"post:{post_id}"


FEED = "feed"
