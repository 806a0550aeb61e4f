"""The live stream: server-sent events that tell an open page what to refresh.

An event is only a name (``notification``, ``feed``, ``comment``); the page then asks the usual
views for what changed, so a push can never carry anything the reader may not see.
"""

from __future__ import annotations

import asyncio
from typing import TypeVar

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET

from hearth.conversations.access import access_post
from hearth.core.errors import NotFound
from hearth.core.types import PageRequest
from hearth.people.selectors import still_active

from .hub import HUB
from .services import FEED, OFFLINE, offline_channel, post_channel, user_channel

EVENT_OF = {"user": "notification", "feed": "feed", "post": "comment", OFFLINE: "offline"}
KEEPALIVE_SECONDS = 20
#: Without an ASGI server (``hearth serve --wsgi``) the stream ends at once and the browser
#: reconnects after this long: the page falls back to checking every 30 seconds.
WSGI_RETRY_MS = 30_000
RETRY_MS = 3_000


def _event(name: str, number: int) -> str:
    return f"id: {number}\nevent: {name}\ndata: {name}\n\n"


R = TypeVar("R", bound=HttpResponseBase)


def _headers(response: R) -> R:
    response["Cache-Control"] = "no-cache, no-store"
    response["X-Accel-Buffering"] = "no"  # nginx: do not buffer the stream
    return response


async def _events(person_id: int, channels: set[str], catch_up: bool):
    loop = asyncio.get_running_loop()
    queue = HUB.subscribe(channels)
    number = 0
    try:
        yield f"retry: {RETRY_MS}\n\n"
        # After a reconnect, whatever happened meanwhile: have the page check everything once.
        pending = {EVENT_OF[c.split(":")[0]] for c in channels} if catch_up else set()
        feed_due = 0.0
        deadline = loop.time() + settings.HEARTH_LIVE_STREAM_SECONDS
        next_check = loop.time() + KEEPALIVE_SECONDS
        while (now := loop.time()) < deadline:
            if now >= next_check:  # once in a while, not per event
                next_check = now + KEEPALIVE_SECONDS
                # Someone deactivated meanwhile hears nothing more: the stream ends, and the
                # browser's reconnection gets 204 (do not reconnect).
                if not await sync_to_async(still_active)(person_id):
                    return
            ready = {name for name in pending if name != "feed" or now >= feed_due}
            for name in sorted(ready):
                number += 1
                yield _event(name, number)
                if name == "feed":  # a busy network: at most one "new posts" check per interval
                    feed_due = now + settings.HEARTH_LIVE_FEED_SECONDS
            pending -= ready
            timeout = min(KEEPALIVE_SECONDS, deadline - now, next_check - now)
            if pending:
                timeout = min(timeout, feed_due - now)
            try:
                channel = await asyncio.wait_for(queue.get(), timeout=max(timeout, 0.01))
            except TimeoutError:
                if not pending:
                    yield ": keep-alive\n\n"
                continue
            pending.add(EVENT_OF[channel.split(":")[0]])
            while not queue.empty():
                pending.add(EVENT_OF[queue.get_nowait().split(":")[0]])
    finally:
        HUB.unsubscribe(queue)


@login_not_required  # an anonymous visitor gets 204, which tells the browser not to reconnect
@require_GET
async def stream(request: PageRequest) -> HttpResponseBase:
    """``GET /live/stream/?feed=1&post=<id>``: the events of the signed-in person's open page."""
    user = await request.auser()
    if not user.is_authenticated or not user.is_active:
        return HttpResponse(status=204)
    channels = {user_channel(user.pk), OFFLINE, offline_channel(user.pk)}
    if request.GET.get("feed") == "1":
        channels.add(FEED)
    post_id = request.GET.get("post", "")
    if post_id:
        if not post_id.isdigit():
            return HttpResponse("post must be a post id.", status=400, content_type="text/plain")
        try:
            await sync_to_async(access_post)(user, int(post_id))
        except NotFound:
            return HttpResponse("No such post.", status=404, content_type="text/plain")
        channels.add(post_channel(int(post_id)))
    catch_up = "HTTP_LAST_EVENT_ID" in request.META
    if not isinstance(request, ASGIRequest):
        names = sorted({EVENT_OF[c.split(":")[0]] for c in channels}) if catch_up else []
        body = f"retry: {WSGI_RETRY_MS}\nid: 0\n\n" + "".join(_event(n, 0) for n in names)
        return _headers(HttpResponse(body, content_type="text/event-stream"))
    return _headers(
        StreamingHttpResponse(
            _events(user.pk, channels, catch_up), content_type="text/event-stream"
        )
    )
