"""The live stream: who hears what, and that a push never reveals anything by itself."""

from __future__ import annotations

import asyncio
import datetime

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from django.test import AsyncClient
from django.utils import timezone

from hearth.conversations import services as talk
from hearth.conversations.tests.factories import make_post
from hearth.core.events import events_dispatch
from hearth.core.tests.nodes import redis_server
from hearth.live.models import LiveSignal
from hearth.live.services import publish, sent_key

__all__ = ["redis_server"]  # the fixture
from hearth.notifications import services as notes


@pytest.fixture(autouse=True)
def _fast_polling(settings):
    settings.HEARTH_LIVE_POLL_SECONDS = 0.05
    settings.HEARTH_LIVE_FEED_SECONDS = 0.6
    settings.REDIS_URL = ""


def signals() -> list[str]:
    return list(LiveSignal.objects.order_by("pk").values_list("channel", flat=True))


def events_of(text: str) -> list[str]:
    return [line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("event: ")]


class Stream:
    """An open page's event stream, read chunk by chunk (the ASGI path, as under uvicorn)."""

    def __init__(self, response):
        self.response = response
        self.chunks = response.streaming_content.__aiter__()
        self.raw = ""

    @classmethod
    async def open(cls, client, path, **headers) -> Stream:
        """Connect and read the first line: from then on the page is listening."""
        stream = cls(await client.get(path, **headers))
        assert (await stream.chunks.__anext__()).decode().startswith("retry: ")
        return stream

    async def next_event(self, timeout: float = 3.0) -> str:
        while True:
            chunk = (await asyncio.wait_for(self.chunks.__anext__(), timeout)).decode()
            self.raw += chunk
            if chunk.startswith("id: "):
                return events_of(chunk)[0]

    async def close(self) -> None:
        await self.chunks.aclose()


def live(person, path="/live/stream/") -> tuple[AsyncClient, str]:
    client = AsyncClient()
    client.force_login(person)
    return client, path


def run(scenario, *args):
    return async_to_sync(scenario)(*args)


def test_a_page_hears_its_own_signals_and_no_one_elses(company):
    client, path = live(company.member)

    async def scenario():
        response = await client.get(path)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/event-stream"
        assert response["Cache-Control"].startswith("no-cache")
        stream = Stream(response)
        first = (await stream.chunks.__anext__()).decode()
        assert first.startswith("retry: ")
        # Someone else's notification, a feed it did not ask for, a post it is not reading.
        await sync_to_async(publish)([f"user:{company.manager.pk}", "feed", "post:1"])
        await sync_to_async(publish)([f"user:{company.member.pk}"])
        assert await stream.next_event() == "notification"
        await stream.close()

    run(scenario)


def test_the_feed_signal_is_coalesced_for_a_busy_network(company):
    client, path = live(company.member, "/live/stream/?feed=1")

    async def scenario():
        stream = await Stream.open(client, path)
        for _ in range(5):
            await sync_to_async(publish)(["feed"])
        assert await stream.next_event() == "feed"
        await sync_to_async(publish)(["feed"])
        await sync_to_async(publish)([f"user:{company.member.pk}"])
        # The notification is not held back; the second "feed" waits for the interval.
        assert await stream.next_event() == "notification"
        assert await stream.next_event() == "feed"
        await stream.close()

    run(scenario)


def test_comments_arrive_only_for_a_post_the_reader_may_see(company, places):
    secret = make_post(company.ceo, places.secret, body="CANARY_SECRET")
    # Carlos was removed from the secret community: he cannot listen to its post.
    client, path = live(company.colleague, f"/live/stream/?post={secret.pk}")
    assert run(client.get, path).status_code == 404
    client, path = live(company.member, f"/live/stream/?post={secret.pk}")

    async def scenario():
        stream = await Stream.open(client, path)
        await sync_to_async(talk.comment_create)(actor=company.ceo, post=secret, body="Agreed")
        assert await stream.next_event() == "comment"
        assert "Agreed" not in stream.raw  # a name only: the page fetches the comment itself
        assert stream.raw == "id: 1\nevent: comment\ndata: comment\n\n"
        await stream.close()

    run(scenario)


def test_a_reconnecting_page_is_told_to_check_everything_once(company):
    client, path = live(company.member, "/live/stream/?feed=1")

    async def scenario():
        stream = await Stream.open(client, path, headers={"Last-Event-ID": "4"})
        assert {await stream.next_event(), await stream.next_event()} == {"notification", "feed"}
        await stream.close()

    run(scenario)


def test_bad_requests_get_clear_answers(client, company):
    assert client.get("/live/stream/").status_code == 204  # anonymous: do not reconnect
    client.force_login(company.member)
    response = client.get("/live/stream/?post=abc")
    assert response.status_code == 400
    assert b"post id" in response.content
    assert client.get("/live/stream/?post=999999").status_code == 404
    assert client.post("/live/stream/").status_code == 405


def test_a_deactivated_person_gets_no_stream(client, company):
    client.force_login(company.member)
    company.member.is_active = False
    company.member.save()
    response = client.get("/live/stream/")
    assert response.status_code in (204, 302)
    assert response.get("Content-Type", "") != "text/event-stream"


def test_an_open_stream_ends_once_its_person_is_deactivated(company, monkeypatch):
    from hearth.live import views

    monkeypatch.setattr(views, "KEEPALIVE_SECONDS", 0.2)
    client, path = live(company.member)

    def deactivate() -> None:
        company.member.is_active = False
        company.member.save(update_fields=["is_active"])

    async def scenario():
        stream = await Stream.open(client, path)
        await sync_to_async(publish)([f"user:{company.member.pk}"])
        assert await stream.next_event() == "notification"  # still active: still told
        await sync_to_async(deactivate)()
        ended = False
        for _ in range(20):  # a few keep-alives at most, then the stream ends
            try:
                chunk = (await asyncio.wait_for(stream.chunks.__anext__(), 3)).decode()
            except StopAsyncIteration:
                ended = True
                break
            assert chunk.startswith(":"), chunk  # nothing but keep-alives meanwhile
        assert ended
        await stream.close()

    run(scenario)


def test_without_an_asgi_server_the_stream_degrades_to_a_check_every_30_seconds(client, company):
    client.force_login(company.member)
    response = client.get("/live/stream/?feed=1")
    assert response.status_code == 200
    text = response.content.decode()
    assert "retry: 30000" in text
    assert events_of(text) == []  # the page was just rendered: nothing to check yet
    again = client.get("/live/stream/?feed=1", HTTP_LAST_EVENT_ID="0").content.decode()
    # Every 30 seconds the page checks everything, its device's kept pages included.
    assert events_of(again) == ["feed", "notification", "offline"]


def test_writes_publish_the_right_signals_in_their_transaction(company):
    draft = make_post(company.member, None, kind="article", body="Soon", draft=True)
    assert signals() == []  # a draft is news to nobody
    post = make_post(company.member, None, body="Hello @maria")
    talk.comment_create(actor=company.vp, post=post, body="Welcome")
    events_dispatch()
    assert signals() == [
        "feed",
        f"post:{post.pk}",
        f"user:{company.manager.pk}",
        f"user:{company.member.pk}",
    ]
    LiveSignal.objects.all().delete()
    notes.notifications_read(actor=company.member, everything=True)
    notes.notifications_read(
        actor=company.member, everything=True
    )  # nothing changed the second time
    assert signals() == [f"user:{company.member.pk}"]
    LiveSignal.objects.all().delete()
    talk.post_update(actor=company.member, post=draft, title="Soon", body="Now", publish=True)
    assert signals() == ["feed"]


def test_old_signals_are_pruned(company):
    import datetime

    from django.utils import timezone

    from hearth.live.tasks import prune

    LiveSignal.objects.create(
        channel="feed", created_at=timezone.now() - datetime.timedelta(hours=1)
    )
    LiveSignal.objects.create(channel="feed")
    assert prune() == 1
    assert signals() == ["feed"]


def test_with_redis_signals_travel_by_pub_sub_once_the_write_commits(
    company, settings, redis_server, django_capture_on_commit_callbacks
):
    import redis

    settings.REDIS_URL = redis_server
    client, path = live(company.member)
    watcher = redis.Redis.from_url(redis_server)

    def write() -> None:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            publish([f"user:{company.member.pk}"])
            # The signal is a row of the writer's transaction (the outbox), not yet published.
            (row,) = LiveSignal.objects.all()
            assert not watcher.exists(sent_key(row.pk))
        assert len(callbacks) == 1
        assert watcher.exists(sent_key(row.pk))  # published, and marked as such

    async def scenario():
        stream = await Stream.open(client, path)
        for _ in range(100):  # the process subscribes once, in the background
            if await sync_to_async(watcher.pubsub_numpat)():
                break
            await asyncio.sleep(0.05)
        await sync_to_async(write)()
        assert await stream.next_event() == "notification"
        await stream.close()

    run(scenario)


def test_with_redis_a_signal_its_writer_never_published_is_swept_once(
    company, settings, redis_server, monkeypatch
):
    """A writer killed between its commit and its publish: the hubs publish the signal, once."""
    import redis

    from hearth.core.tests.nodes import Signals
    from hearth.live import hub

    settings.REDIS_URL = redis_server
    monkeypatch.setattr(hub, "SWEEP_SECONDS", 0.1)
    monkeypatch.setattr(hub, "SWEEP_AFTER", datetime.timedelta(seconds=0.5))
    client, path = live(company.member)
    watcher = redis.Redis.from_url(redis_server)

    async def scenario():
        stream = await Stream.open(client, path)
        for _ in range(100):
            if await sync_to_async(watcher.pubsub_numpat)():
                break
            await asyncio.sleep(0.05)
        signals = Signals(redis_server, "hearth:*:live:*")
        for _ in range(100):
            if await sync_to_async(watcher.pubsub_numpat)() >= 2:
                break
            await asyncio.sleep(0.05)
        # Committed three seconds ago, never published: the worker died in between.
        orphan = await sync_to_async(LiveSignal.objects.create)(
            channel=f"user:{company.member.pk}",
            created_at=timezone.now() - datetime.timedelta(seconds=3),
        )
        assert await stream.next_event() == "notification"
        # Another process's hub sweeping the same rows publishes nothing more, and has nothing
        # of its own to dispatch (it was not listening when the signal was written).
        other = hub.Hub()
        script = redis.asyncio.Redis.from_url(redis_server).register_script(hub.PUBLISH_ONCE)
        assert await hub.sweep(other, script) == []
        await asyncio.sleep(0.5)  # several sweeps of this process's hub too
        assert signals.ids == [orphan.pk]

        # A signal this hub missed although someone published it is dispatched by the sweep.
        def missed() -> None:
            row = LiveSignal.objects.create(channel=f"user:{company.member.pk}")
            watcher.set(sent_key(row.pk), "1")

        await sync_to_async(missed)()
        assert await stream.next_event() == "notification"
        assert signals.ids == [orphan.pk]
        signals.close()
        await stream.close()

    run(scenario)


def test_a_page_hears_when_what_it_kept_offline_may_be_hidden(company, places):
    """Everyone's open pages hear "offline" when a post is hidden; only Ana's when she leaves a
    community: their devices check at once which pages they may keep."""
    from hearth.communities.services import community_leave
    from hearth.live.services import offline_channel

    post = make_post(company.vp, places.open, body="Soon hidden")
    LiveSignal.objects.all().delete()
    talk.post_moderate(post=post, comment=None, kind="hide")
    assert "offline" in signals()
    LiveSignal.objects.all().delete()
    community_leave(actor=company.member, community=places.open)
    assert signals() == [offline_channel(company.member.pk)]

    client, path = live(company.member)
    other, other_path = live(company.manager)

    async def scenario():
        stream = await Stream.open(client, path)
        bystander = await Stream.open(other, other_path)
        await sync_to_async(publish)([offline_channel(company.manager.pk)])
        assert await bystander.next_event() == "offline"
        await sync_to_async(publish)([offline_channel(company.member.pk)])
        assert await stream.next_event() == "offline"  # not Maria's, only her own
        assert stream.raw == "id: 1\nevent: offline\ndata: offline\n\n"
        await stream.close()
        await bystander.close()

    run(scenario)
