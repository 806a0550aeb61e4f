"""Fan wake-up signals out to the open streams of this process.

One hub per process (and event loop) reads one source: Redis pub/sub when ``REDIS_URL`` is set,
otherwise the ``LiveSignal`` table, polled once a second whatever the number of open pages. Each
open stream gets a queue of the channel names it listens to. Nothing here is needed by another
process: every process reads the shared source itself.
"""

from __future__ import annotations

import asyncio
import datetime
import logging
from collections.abc import AsyncIterator, Iterable

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from .models import LiveSignal
from .services import channel_prefix

log = logging.getLogger(__name__)

#: How far back each poll of the signal table looks (transactions may commit out of id order).
LOOKBACK = datetime.timedelta(seconds=10)


def _recent_signals(since: datetime.datetime) -> list[tuple[int, str]]:
    if not connection.in_atomic_block:  # a long-lived poller: drop a broken or old connection
        close_old_connections()
    return list(
        LiveSignal.objects.filter(created_at__gte=since)
        .order_by("pk")
        .values_list("pk", "channel")[:5000]
    )


async def database_source(hub: Hub, started: datetime.datetime) -> AsyncIterator[str]:
    """Poll the signal table; remember what was seen in the look-back window to skip repeats."""
    seen: set[int] = set()
    while hub.listeners:
        await asyncio.sleep(settings.HEARTH_LIVE_POLL_SECONDS)
        now = timezone.now()
        rows = await sync_to_async(_recent_signals)(max(started, now - LOOKBACK))
        fresh = [(pk, channel) for pk, channel in rows if pk not in seen]
        seen = {pk for pk, _ in rows}
        for _, channel in fresh:
            yield channel


async def redis_source(hub: Hub, started: datetime.datetime) -> AsyncIterator[str]:
    """Subscribe once per process to every live channel of this instance."""
    import redis.asyncio as aioredis

    prefix = channel_prefix()
    client = aioredis.Redis.from_url(settings.REDIS_URL)
    pubsub = client.pubsub()
    try:
        await pubsub.psubscribe(prefix + "*")
        while hub.listeners:
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
            if message and message.get("type") == "pmessage":
                yield message["channel"].decode()[len(prefix) :]
    finally:
        await pubsub.aclose()
        await client.aclose()


class Hub:
    def __init__(self) -> None:
        self.listeners: dict[asyncio.Queue, frozenset[str]] = {}
        self.loop: asyncio.AbstractEventLoop | None = None
        self.task: asyncio.Task | None = None

    def subscribe(self, channels: Iterable[str]) -> asyncio.Queue:
        loop = asyncio.get_running_loop()
        if self.loop is not loop:  # a new event loop (a restarted server, a test)
            self.listeners, self.loop, self.task = {}, loop, None
        queue: asyncio.Queue = asyncio.Queue(maxsize=64)
        self.listeners[queue] = frozenset(channels)
        if self.task is None or self.task.done():
            self.task = loop.create_task(self._run(timezone.now()))
        return queue

    def unsubscribe(self, queue: asyncio.Queue) -> None:
        self.listeners.pop(queue, None)  # the source stops by itself once nobody listens

    def dispatch(self, channel: str) -> None:
        for queue, channels in list(self.listeners.items()):
            if channel in channels and not queue.full():
                queue.put_nowait(channel)

    async def _run(self, started: datetime.datetime) -> None:
        source = redis_source if settings.REDIS_URL else database_source
        while self.listeners:
            try:
                async for channel in source(self, started):
                    self.dispatch(channel)
            except asyncio.CancelledError:
                raise
            except Exception:  # the database or Redis restarting: try again shortly
                log.warning("Live signal source failed; retrying", exc_info=True)
                await asyncio.sleep(2)


HUB = Hub()
