"""Publish wake-up signals to open pages. Signals carry a channel name only, never content:
the page then fetches what changed through the ordinary, visibility-aware views.

Every signal is a ``LiveSignal`` row written in the writer's own transaction (an outbox), so it
exists exactly when the change does. Without Redis, each app process polls that table. With
Redis, the row is also published once its transaction commits; should the writer die between
its commit and that publish, the hub of every app process with open pages sweeps the recent
rows and publishes the missing ones. A Redis key per signal id, set in the same atomic step as
the publish, makes sure Redis carries each signal once, whoever publishes it.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import transaction

from hearth.core.events import recorder

from .models import LiveSignal

log = logging.getLogger(__name__)

#: How long Redis remembers that a signal was published (well beyond the hubs' sweep window).
SENT_TTL_SECONDS = 600

#: Publish each (key, channel, payload) unless its key exists; one atomic step per signal, so a
#: publisher killed midway either published a signal and marked it or did neither.
PUBLISH_ONCE = """
local sent = {}
for i, key in ipairs(KEYS) do
  if redis.call('SET', key, '1', 'NX', 'EX', ARGV[1]) then
    redis.call('PUBLISH', ARGV[2 * i], ARGV[2 * i + 1])
    sent[#sent + 1] = i
  end
end
return sent
"""


def channel_prefix() -> str:
    return f"hearth:{settings.INSTANCE_KEY}:live:"


def sent_key(signal_id: int) -> str:
    return f"hearth:{settings.INSTANCE_KEY}:live-sent:{signal_id}"


def publish_once_args(signals: Sequence[tuple[int, str]]) -> tuple[list[str], list[str | int]]:
    """The keys and arguments of ``PUBLISH_ONCE`` for these (id, channel) signals."""
    keys = [sent_key(pk) for pk, _ in signals]
    args: list[str | int] = [SENT_TTL_SECONDS]
    for pk, channel in signals:
        args += [channel_prefix() + channel, str(pk)]
    return keys, args


@functools.cache
def _publish_once(url: str):
    import redis

    return redis.Redis.from_url(url).register_script(PUBLISH_ONCE)


def _publish_redis(url: str, signals: list[tuple[int, str]]) -> None:
    try:
        keys, args = publish_once_args(signals)
        _publish_once(url)(keys=keys, args=args)
    except Exception:  # the hubs' sweep publishes it shortly; the write itself stands
        log.warning("Could not publish live signals %s", signals, exc_info=True)


def publish(channels: Iterable[str]) -> None:
    """Tell open pages listening on these channels that something changed.

    The signal is a row written in the caller's transaction; with Redis it is also published
    once the transaction commits.
    """
    channels = sorted(set(channels))
    if not channels:
        return
    rows = LiveSignal.objects.bulk_create(LiveSignal(channel=channel) for channel in channels)
    # The ids come back from the INSERT (PostgreSQL, SQLite >= 3.35); without them the hubs'
    # sweep publishes the rows a few seconds later.
    if settings.REDIS_URL and all(row.pk for row in rows):
        url = settings.REDIS_URL
        signals = [(row.pk, row.channel) for row in rows]
        transaction.on_commit(lambda: _publish_redis(url, signals))


def user_channel(person_id: int) -> str:
    return f"user:{person_id}"


def post_channel(post_id: int) -> str:
    return f"post:{post_id}"


# Pages kept for reading offline may show what is hidden now (hearth.mobile's offline epoch):
# every open page of everyone, or of one person, tells its device to check at once.
OFFLINE = "offline"


def offline_channel(person_id: int) -> str:
    return f"{OFFLINE}:{person_id}"


FEED = "feed"


@recorder
def signal_from_event(event) -> None:
    """Open pages hear about what the event log says changed, in the writer's transaction: the
    home feed about a post that appeared, a post's page about its comments and moderation."""
    verb = event.verb
    if verb in ("post.created", "post.published") and not (event.metadata or {}).get("draft"):
        publish([FEED])  # open home pages show "N new posts"
    elif verb == "comment.created" and event.target_id:
        publish([post_channel(event.target_id)])  # readers of the post see the comment arrive
    elif verb == "post.moderated" and event.object_id:
        publish([post_channel(event.object_id)])
    elif verb == "comment.moderated" and event.target_id:
        publish([post_channel(event.target_id)])
