import pytest
from django.db import transaction

from hearth.core.events import consumer, consumer_unregister, event_record, events_dispatch
from hearth.core.models import Event, EventCursor


@pytest.fixture
def handled():
    seen: list[int] = []

    @consumer("test-consumer")
    def remember(event):
        seen.append(event.id)

    yield seen
    consumer_unregister("test-consumer")


@pytest.mark.django_db(transaction=True)
def test_it_records_an_event_only_when_the_write_commits(company):
    with pytest.raises(RuntimeError), transaction.atomic():
        event_record(actor=company.member, verb="test.happened", obj=company.member)
        raise RuntimeError("the write failed")
    assert not Event.objects.filter(verb="test.happened").exists()

    event = event_record(actor=company.member, verb="test.happened", obj=company.member)
    stored = Event.objects.get(pk=event.pk)
    assert (stored.actor, stored.object_type, stored.object_id) == (
        company.member,
        "people.person",
        company.member.pk,
    )


def test_it_feeds_each_event_to_a_consumer_once(company, handled):
    first = event_record(actor=company.member, verb="test.one")
    second = event_record(actor=company.member, verb="test.two")
    handled.clear()  # events recorded by the company fixture itself are not what we check
    EventCursor.objects.update_or_create(
        consumer="test-consumer", defaults={"last_event_id": first.id - 1}
    )

    events_dispatch(only="test-consumer")
    events_dispatch(only="test-consumer")

    assert handled == [first.id, second.id]
    assert EventCursor.objects.get(consumer="test-consumer").last_event_id == second.id


def test_it_resumes_after_a_crash_without_losing_or_repeating_events(company):
    start = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
    events = [event_record(actor=None, verb=f"test.{n}") for n in range(3)]
    applied: list[str] = []
    crash = {"on": events[1].id}

    @consumer("crashy", verbs=None)
    def flaky(event):
        if event.id == crash["on"]:
            raise RuntimeError("worker died")
        if event.id > start:
            applied.append(event.verb)

    try:
        EventCursor.objects.create(consumer="crashy", last_event_id=start)
        assert events_dispatch(only="crashy") == {"crashy": -1}
        assert applied == ["test.0"]
        assert EventCursor.objects.get(consumer="crashy").last_event_id == events[0].id

        crash["on"] = None
        events_dispatch(only="crashy")
        assert applied == ["test.0", "test.1", "test.2"]
    finally:
        consumer_unregister("crashy")


def test_a_consumer_can_listen_to_some_verbs_only(company):
    start = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
    seen: list[str] = []

    @consumer("picky", verbs=["person.updated"])
    def picky(event):
        seen.append(event.verb)

    try:
        EventCursor.objects.create(consumer="picky", last_event_id=start)
        event_record(actor=None, verb="token.created")
        event_record(actor=None, verb="person.updated")
        events_dispatch(only="picky")
        assert seen == ["person.updated"]
    finally:
        consumer_unregister("picky")


def test_a_failing_consumer_does_not_hold_up_the_others(company, caplog):
    start = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
    seen: list[str] = []

    @consumer("broken")
    def broken(event):
        raise RuntimeError("bug in a consumer")

    @consumer("healthy")
    def healthy(event):
        if event.id > start:
            seen.append(event.verb)

    try:
        EventCursor.objects.create(consumer="broken", last_event_id=start)
        EventCursor.objects.create(consumer="healthy", last_event_id=start)
        event_record(actor=None, verb="test.arrived")
        result = events_dispatch()
        assert result["broken"] == -1 and result["healthy"] == 1
        assert seen == ["test.arrived"]
        assert EventCursor.objects.get(consumer="broken").last_event_id == start
        assert "Event consumer broken failed" in caplog.text
    finally:
        consumer_unregister("broken")
        consumer_unregister("healthy")
