import pytest

from hearth.core.errors import Invalid
from hearth.core.pagination import paginate
from hearth.people.models import Person
from hearth.people.tests.factories import PersonFactory


@pytest.mark.django_db
def test_it_walks_a_list_page_by_page_without_gaps_or_repeats():
    for n in range(7):
        PersonFactory(display_name=f"Same Name {n % 2}")
    seen: list[int] = []
    cursor = None
    while True:
        rows, cursor = paginate(
            Person.objects.all(), ordering=["display_name", "id"], limit=3, cursor=cursor
        )
        seen += [p.id for p in rows]
        if cursor is None:
            break
    expected = list(Person.objects.order_by("display_name", "id").values_list("id", flat=True))
    assert seen == expected


@pytest.mark.django_db
@pytest.mark.parametrize("limit", [0, 101, -5])
def test_it_refuses_a_limit_out_of_range(limit):
    with pytest.raises(Invalid) as error:
        paginate(Person.objects.all(), ordering=["id"], limit=limit, cursor=None)
    assert error.value.errors[0].field == "limit"


@pytest.mark.django_db
def test_it_refuses_a_forged_cursor():
    with pytest.raises(Invalid) as error:
        paginate(Person.objects.all(), ordering=["id"], limit=5, cursor="not-a-cursor")
    assert error.value.errors[0].field == "cursor"


def test_windows_read_recent_rows_first_and_widen_until_the_page_is_full(db):
    """A windowed page equals the plain page, whether the recent window holds enough or not."""
    import datetime

    from django.utils import timezone

    from hearth.core.models import Event
    from hearth.core.pagination import paginate

    now = timezone.now()
    for days in (0, 0, 1, 5, 40, 200):
        Event.objects.create(verb="x", created_at=now - datetime.timedelta(days=days))
    windows = [datetime.timedelta(days=d) for d in (2, 14)]
    ordering = ["-created_at", "-id"]
    cursor = None
    for _page in range(3):
        plain, plain_next = paginate(Event.objects.all(), ordering=ordering, limit=2, cursor=cursor)
        windowed, windowed_next = paginate(
            Event.objects.all(), ordering=ordering, limit=2, cursor=cursor, windows=windows
        )
        assert [e.pk for e in windowed] == [e.pk for e in plain]
        # Cursors are signed with a timestamp: compare what they point at.
        assert (windowed_next is None) == (plain_next is None)
        if plain_next:
            from django.core import signing

            salt = "hearth.cursor:-created_at,-id"
            assert signing.loads(windowed_next, salt=salt) == signing.loads(plain_next, salt=salt)
        cursor = plain_next
    assert cursor is None
