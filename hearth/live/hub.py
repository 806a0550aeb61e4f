"""Fan wake-up signals out to the open streams of this process.

One hub per process (and event loop) reads one source: Redis pub/sub when ``REDIS_URL`` is set,
otherwise the ``LiveSignal`` table, polled once a second whatever the number of open pages. Each
open stream gets a queue of the channel names it listens to. Each signal has an id (its row in
the table) and reaches this process's streams once, however many ways it arrives. Nothing here
is needed by another process: every process reads the shared source itself.

With Redis, the hub also sweeps the table every few seconds for signals it has not heard of:
their writer died between its commit and its publish. It publishes them (once, whoever else is
sweeping) so every process hears them.
"""

from __future__ import annotations

import asyncio
import datetime
import logging
import time
from collections.abc import AsyncIterator, Iterable

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from .models import LiveSignal
from .services import PUBLISH_ONCE, channel_prefix, publish_once_args

log = logging.getLogger(__name__)

Signal = tuple[int, str]

#: How far back each poll of the signal table looks (transactions may commit out of id order).
LOOKBACK = datetime.timedelta(seconds=10)
#: With Redis: how often the table is swept for signals nobody published, how old a signal must
#: be before the sweep takes it over from its writer, and how far back the sweep looks.
SWEEP_SECONDS = 2.0
SWEEP_AFTER = datetime.timedelta(seconds=2)
SWEEP_LOOKBACK = datetime.timedelta(seconds=30)
#: How long a hub remembers the ids it dispatched (longer than any look-back).
REMEMBER_SECONDS = 120.0


def _recent_signals(since: datetime.datetime) -> list[Signal]:
    if not connection.in_atomic_block:  # a long-lived poller: drop a broken or old connection
        close_old_connections()
    rows = LiveSignal.objects.filter(created_at__gte=since).order_by("pk")
    return list(rows.values_list("pk", "channel")[:5000])


async def database_source(hub: Hub, started: datetime.datetime) -> AsyncIterator[Signal]:
    """Poll the signal table; the hub skips what it already dispatched."""
    while hub.listeners:
        await asyncio.sleep(settings.HEARTH_LIVE_POLL_SECONDS)
        now = timezone.now()
        for signal in await sync_to_async(_recent_signals)(max(started, now - LOOKBACK)):
            if signal[0] not in hub.seen:
                yield signal


def _unheard_signals(hub: Hub, now: datetime.datetime) -> list[tuple[int, str, bool]]:
    """Signals old enough that their writer should have published them, that this hub has not
    dispatched: (id, channel, whether it was written after ``hub.started``)."""
    if not connection.in_atomic_block:
        close_old_connections()
    rows = LiveSignal.objects.filter(
        created_at__gte=now - SWEEP_LOOKBACK, created_at__lt=now - SWEEP_AFTER
    ).order_by("pk")
    return [
        (pk, channel, created_at >= hub.started)
        for pk, channel, created_at in rows.values_list("pk", "channel", "created_at")[:5000]
        if pk not in hub.seen
    ]


async def sweep(hub: Hub, script) -> list[Signal]:
    """Publish the recent signals this hub never heard of; return those it must dispatch itself.

    A signal the sweep publishes comes back through the subscription. One that someone else
    published already (its writer, late, or another hub) but that this process missed while it
    was listening is returned.
    """
    missing = await sync_to_async(_unheard_signals)(hub, timezone.now())
    if not missing:
        return []
    keys, args = publish_once_args([(pk, channel) for pk, channel, _ in missing])
    published = {int(number) for number in await script(keys=keys, args=args)}
    if published:
        log.info("Published %d live signals their writers did not", len(published))
    return [
        (pk, channel)
        for number, (pk, channel, heard_since) in enumerate(missing, 1)
        if heard_since and number not in published
    ]


async def redis_source(hub: Hub, started: datetime.datetime) -> AsyncIterator[Signal]:
    """Subscribe once per process to every live channel of this instance, and sweep."""
    import redis.asyncio as aioredis

    prefix = channel_prefix()
    client = aioredis.Redis.from_url(settings.REDIS_URL)
    script = client.register_script(PUBLISH_ONCE)
    pubsub = client.pubsub()
    loop = asyncio.get_running_loop()
    try:
        await pubsub.psubscribe(prefix + "*")
        next_sweep = loop.time() + SWEEP_SECONDS
        while hub.listeners:
            message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
            if message and message.get("type") == "pmessage":
                data = message["data"]
                if isinstance(data, bytes) and data.isdigit():
                    yield int(data), message["channel"].decode()[len(prefix) :]
            if loop.time() >= next_sweep:
                next_sweep = loop.time() + SWEEP_SECONDS
                for signal in await sweep(hub, script):
                    yield signal
    finally:
        await pubsub.aclose()
        await client.aclose()


class Hub:
    def __init__(self) -> None:
        self.listeners: dict[asyncio.Queue, frozenset[str]] = {}
        self.loop: asyncio.AbstractEventLoop | None = None
        self.task: asyncio.Task | None = None
        #: When this hub began listening (signals written earlier are news to no open page).
        self.started = timezone.now()
        #: Signal id -> when it was dispatched, oldest first.
        self.seen: dict[int, float] = {}

    def subscribe(self, channels: Iterable[str]) -> asyncio.Queue:
        loop = asyncio.get_running_loop()
        if self.loop is not loop:  # a new event loop (a restarted server, a test)
            self.listeners, self.loop, self.task, self.seen = {}, loop, None, {}
        queue: asyncio.Queue = asyncio.Queue(maxsize=64)
        self.listeners[queue] = frozenset(channels)
        if self.task is None or self.task.done():
            self.started = timezone.now()
            self.task = loop.create_task(self._run(self.started))
        return queue

    def unsubscribe(self, queue: asyncio.Queue) -> None:
        self.listeners.pop(queue, None)  # the source stops by itself once nobody listens

    def dispatch(self, signal_id: int, channel: str) -> None:
        """Hand a signal to the streams listening on its channel, once per signal id."""
        if signal_id in self.seen:
            return
        now = time.monotonic()
        self.seen[signal_id] = now
        while next(iter(self.seen.values())) < now - REMEMBER_SECONDS:  # forget the oldest
            del self.seen[next(iter(self.seen))]
        for queue, channels in list(self.listeners.items()):
            if channel in channels and not queue.full():
                queue.put_nowait(channel)

    async def _run(self, started: datetime.datetime) -> None:
        source = redis_source if settings.REDIS_URL else database_source
        while self.listeners:
            try:
                async for signal_id, channel in source(self, started):
                    self.dispatch(signal_id, channel)
            except asyncio.CancelledError:
                raise
            except Exception:  # the database or Redis restarting: try again shortly
                log.warning("Live signal source failed; retrying", exc_info=True)
                await asyncio.sleep(2)


HUB = Hub()
